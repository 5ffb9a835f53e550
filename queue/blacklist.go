package queue

import (
	"fmt"
	"strings"
	"unicode"
)

// The blacklist's events: a buyer or a phone put on the shop's blacklist, or taken off it.
// Event.Note holds the target (see BlacklistTarget) and Event.Reason the reason given.
const (
	EventBlock   EventKind = "block"
	EventUnblock EventKind = "unblock"
)

// Blacklist is the shop's list of buyers never to contact: each target (a buyer's nick or
// a phone number, see BlacklistTarget) with the reason it was put there. It is small, so
// the store reads it whole with every snapshot and every change set.
type Blacklist map[string]string

// MaxTarget bounds a blacklist target, in bytes: no nick or phone is this long.
const MaxTarget = 64

// BlacklistTarget reads a buyer's nick or a phone as typed on the command line or in a
// list file and returns the form the blacklist keeps: a phone normalized as imports
// normalize phones (so +86 138-0013-8000 matches 13800138000), a nick trimmed. A masked
// phone, an empty target and one with control characters are errors.
func BlacklistTarget(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &TargetError{Code: "empty"}
	}
	if len(s) > MaxTarget {
		return "", &TargetError{Code: "long"}
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return "", &TargetError{Code: "control", Target: s}
		}
	}
	if p := NormalizePhone(s); looksLikePhone(p) {
		if PhoneMasked(p) {
			return "", &TargetError{Code: "masked", Target: p}
		}
		return p, nil
	}
	return s, nil
}

// TargetError is a blacklist target that cannot be one: empty, longer than 64 bytes, with
// a control character, or a masked phone. The ui says the code in words.
type TargetError struct {
	Code   string // empty, long, control, masked
	Target string // as typed (control) or the masked phone (masked)
}

func (e *TargetError) Error() string {
	switch e.Code {
	case "empty":
		return "empty buyer or phone"
	case "long":
		return fmt.Sprintf("buyer or phone longer than %d bytes", MaxTarget)
	case "control":
		return fmt.Sprintf("buyer or phone %q has a control character", e.Target)
	}
	return e.Target + " is masked: only a full phone can be blacklisted"
}

// looksLikePhone reports whether s, normalized, is a phone number (possibly masked) rather
// than a nick: seven or more digits, with the platform's asterisks.
func looksLikePhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '*' || r == '＊':
		default:
			return false
		}
	}
	return digits >= 4 && len(s) >= 7
}

// Reason returns why the buyer is blacklisted, by their nick or their phone.
func (bl Blacklist) Reason(b *Buyer) (string, bool) {
	if len(bl) == 0 {
		return "", false
	}
	if r, ok := bl[b.Nick]; ok {
		return r, true
	}
	if b.Phone != "" && PhoneUsable(b.Phone) {
		if r, ok := bl[NormalizePhone(b.Phone)]; ok {
			return r, true
		}
	}
	return "", false
}

// ApplyBlacklist marks the buyers the snapshot's Blacklist names, and unmarks the others.
func (s *Snapshot) ApplyBlacklist() {
	for i := range s.Buyers {
		s.applyBlacklist(int32(i))
	}
}

// applyBlacklist marks or unmarks buyer i.
func (s *Snapshot) applyBlacklist(i int32) {
	b := &s.Buyers[i]
	_, b.Blacklisted = s.Blacklist.Reason(b)
}

// BlacklistReason returns the reason buyer b of the snapshot is blacklisted, "" if none.
func (s *Snapshot) BlacklistReason(b *Buyer) string {
	r, _ := s.Blacklist.Reason(b)
	return r
}

// Apply folds a block or unblock event into the blacklist.
func (bl Blacklist) Apply(e *Event) {
	switch e.Kind {
	case EventBlock:
		bl[e.Note] = e.Reason
	case EventUnblock:
		delete(bl, e.Note)
	}
}
