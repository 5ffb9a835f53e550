package queue

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"cuifu/queue/words"
)

// This file decides what of a buyer and of untrusted text may leave the program: how a
// buyer is shown, how phones and e-mails in free text are masked, and how text from
// exports, notes and the command line is made safe for a terminal or a line-oriented file.

// FieldLimit is how many characters of an untrusted value a message quotes: a column name
// or a field in an error is cut to it, so a 50 MB header is not echoed back.
const FieldLimit = 80

// SyntheticBuyer reports whether a buyer's nick is an identity cuifu made up for an export
// that names no account (a phone's digest, or the order number): it means nothing to a
// person, and an old store may still hold it with the full phone inside (tel:139…).
func SyntheticBuyer(nick string) bool {
	return strings.HasPrefix(nick, "tel:") || strings.HasPrefix(nick, "#")
}

// OrderBuyer is the identity of a buyer whom an export names by no account and no usable
// phone: their order ("#" and its number), so that strangers are never taken for one buyer,
// then, when the export names a receiver, a space and the receiver masked as ShowBuyer shows
// them (丁**). So the queue can show who the buyer is with no field of its own, and the
// identity stays the same however an export masks the name (丁小明 or 丁**).
func OrderBuyer(orderID, receiver string) string {
	if name := MaskName(receiver); name != "" {
		return "#" + orderID + " " + name
	}
	return "#" + orderID
}

// orderBuyerName returns the masked receiver an OrderBuyer identity carries, or "": what
// follows its last space when that is a masked name (one character, then only *), so an
// order number with a space in it is not taken for a name.
func orderBuyerName(nick string) string {
	i := strings.LastIndexByte(nick, ' ')
	if !strings.HasPrefix(nick, "#") || i < 0 {
		return ""
	}
	name := nick[i+1:]
	_, size := utf8.DecodeRuneInString(name)
	if rest := name[size:]; rest == "" || strings.Trim(rest, "*") != "" {
		return ""
	}
	return name
}

// ShowBuyer is the one place that decides how a buyer is shown, in every output: the
// account name when the export has one (its phones masked), otherwise the customer's name
// (Shopify's shipping or billing name), a neutral id for a customer known only by an e-mail
// or a phone (顾客3f2a9b), or the masked receiver (丁**). receiver is the
// order's receiver when the caller has it, "" otherwise; a buyer known only by their order
// carries their masked receiver in the identity (OrderBuyer). Never a phone, an e-mail
// (masked or not), or an identity with a phone inside. The e-mail stays the buyer's identity
// (Nick: grouping, caps, the holdout and the blacklist key on it); only its showing changes.
func ShowBuyer(p Platform, b *Buyer, receiver string, l Lang) string {
	nick := b.Nick
	receiver = strings.TrimSpace(receiver)
	switch {
	case ShownByAccount(nick):
		return SafeText(nick)
	case p == PlatformShopify && receiver != "" && MaskText(receiver) == receiver:
		return Sanitize(receiver) // the customer's own name, as the merchant sees it (not an e-mail or a phone)
	case strings.Contains(nick, "@"):
		return fmt.Sprintf(words.For(l).BuyerRef, BuyerTag(nick))
	case receiver != "":
		return SafeText(MaskName(receiver))
	case orderBuyerName(nick) != "":
		return SafeText(orderBuyerName(nick))
	case nick == "" || (strings.HasPrefix(nick, "#") && b.Phone == ""):
		return "" // nothing known of the buyer but the order, which the row shows anyway
	}
	// Known only by a phone: a neutral id, as for an e-mail (the phone, masked, has its own
	// place beside it).
	return fmt.Sprintf(words.For(l).BuyerRef, BuyerTag(nick))
}

// ShownByAccount reports whether a buyer identity is an account name that may be shown as
// it is (its phones masked): not one cuifu made up (SyntheticBuyer), and not an e-mail.
func ShownByAccount(nick string) bool {
	return nick != "" && !SyntheticBuyer(nick) && !strings.Contains(nick, "@")
}

// BuyerTag is a neutral id for a buyer identity that must not be shown (an e-mail): six hex
// digits of its digest, the same for the same identity in every output and every run (one
// mailbox in two cases is one customer), revealing nothing of it. It only tells customers
// apart on screen: among a thousand customers the odds that two share a tag are about 1 in 30.
func BuyerTag(nick string) string {
	sum := sha256.Sum256([]byte("cuifu buyer tag\x00" + strings.ToLower(strings.TrimSpace(nick))))
	return hex.EncodeToString(sum[:3])
}

// MaskName hides all but the first character of a person's name: 丁小明 → 丁**.
func MaskName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	first, size := utf8.DecodeRuneInString(s)
	return string(first) + strings.Repeat("*", max(utf8.RuneCountInString(s[size:]), 1))
}

// SafeText makes free text from outside (a note, a message, a nick) fit to leave the
// program: phones and e-mails masked, control characters escaped.
func SafeText(s string) string { return Sanitize(MaskText(s)) }

// ShortField is an untrusted value as an error message quotes it: escaped and cut to
// FieldLimit characters.
func ShortField(s string) string { return Clip(Sanitize(s), FieldLimit) }

// Clip cuts s to at most n characters, marking the cut with "…".
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for j := range s {
		if count == n-1 {
			i = j
			break
		}
		count++
	}
	return s[:i] + "…"
}

// Sanitize makes untrusted text safe for a terminal or a line-oriented output: line breaks
// and tabs become spaces (so a value cannot forge a line), other control characters
// (escape sequences, bells, C1 controls) and bidirectional overrides are written out as
// \x1b or \u202e so that nothing reaches the terminal raw, and invalid UTF-8 becomes U+FFFD.
func Sanitize(s string) string {
	if !needsSanitize(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r) // includes U+FFFD for invalid bytes
		}
	}
	return b.String()
}

// Plain makes untrusted text fit to be said to a buyer (a script's {item_short}, a name, a
// shop fact): line breaks and tabs become spaces, and control characters, whole escape
// sequences (ESC [ … m, ESC ] … BEL), bidirectional overrides and invalid bytes are removed,
// not written out. A value Sanitize escaped before it was stored (\x07, \x1b[2J, \u202e)
// loses the escape too, so an export's bell reaches the message as nothing.
func Plain(s string) string {
	if !needsSanitize(s) && !strings.Contains(s, `\`) && !strings.ContainsRune(s, utf8.RuneError) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := plainRune(s[i:])
		i += n
		switch {
		case r == 0x1b:
			i += escapeSequence(s[i:])
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case unsafeRune(r), r == utf8.RuneError:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeSequence returns the length of what follows an ESC as part of its sequence: a CSI's
// parameters and final byte ([2J, [31m), an OSC up to its BEL or ESC \ (]52;c;…), or the
// one character of a two-character escape.
func escapeSequence(s string) int {
	r, n := plainRune(s)
	switch {
	case n == 0:
		return 0
	case r == '[':
		i := n
		for i < len(s) {
			r, m := plainRune(s[i:])
			i += m
			switch {
			case r >= 0x40 && r <= 0x7e:
				return i // the final byte
			case r < 0x20 || r > 0x7e:
				return i - m // not part of a CSI: leave it
			}
		}
		return i
	case r == ']':
		i := n
		for i < len(s) {
			r, m := plainRune(s[i:])
			i += m
			if r == 0x07 {
				return i
			}
			if r == 0x1b {
				if r2, m2 := plainRune(s[i:]); r2 == '\\' {
					return i + m2
				}
				return i
			}
		}
		return i
	case r >= 0x20 && r <= 0x2f: // ESC ( B: intermediates, then the final character
		i := n
		for i < len(s) {
			r, m := plainRune(s[i:])
			if r < 0x20 || r > 0x7e {
				return i
			}
			i += m
			if r > 0x2f {
				return i
			}
		}
		return i
	case r > 0x2f && r <= 0x7e:
		return n
	}
	return 0
}

// plainRune reads one character of s: a written-out unsafe character as Sanitize makes it
// (\x1b, \u202e) counts as that character. It returns 0, 0 for an empty s.
func plainRune(s string) (rune, int) {
	if s == "" {
		return 0, 0
	}
	if s[0] == '\\' {
		if r, n := escapeAt(s); n > 0 {
			return r, n
		}
	}
	return utf8.DecodeRuneInString(s)
}

// escapeAt decodes the written-out unsafe character Sanitize makes (\x1b, \u202e) at the
// start of s, with its length, or returns 0, 0: a backslash before anything else is text.
func escapeAt(s string) (rune, int) {
	var n int
	switch {
	case strings.HasPrefix(s, `\x`) && len(s) >= 4:
		n = 4
	case strings.HasPrefix(s, `\u`) && len(s) >= 6:
		n = 6
	default:
		return 0, 0
	}
	var r rune
	for _, c := range s[2:n] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | (c - '0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | (c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | (c - 'A' + 10)
		default:
			return 0, 0
		}
	}
	if !unsafeRune(r) {
		return 0, 0
	}
	return r, n
}

// needsSanitize reports whether s has anything Sanitize changes. It reads bytes, not runes:
// every field of a million-row import goes through it.
func needsSanitize(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
			return true
		case c < 0xc2:
		case c == 0xc2: // U+0080–U+009F, the C1 controls
			if i+1 < len(s) && s[i+1] < 0xa0 {
				return true
			}
		case c == 0xd8: // U+061C, the Arabic letter mark
			if i+1 < len(s) && s[i+1] == 0x9c {
				return true
			}
		case c == 0xe2: // U+200E, U+200F, U+202A–U+202E, U+2066–U+2069
			if i+2 < len(s) && (s[i+1] == 0x80 && (s[i+2] == 0x8e || s[i+2] == 0x8f || s[i+2] >= 0xaa && s[i+2] <= 0xae) ||
				s[i+1] == 0x81 && s[i+2] >= 0xa6 && s[i+2] <= 0xa9) {
				return true
			}
		}
	}
	return !utf8.ValidString(s)
}

// unsafeRune reports control characters and the invisible characters that reorder text.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// MaskText masks every phone number and e-mail address in free text. Phones are found as
// they are written by hand: mobiles of 11 digits with spaces, dashes, dots or brackets
// between groups (139-1234-5678, 139 1234 5678), with +86, 86 or 0086 in front, in
// full-width digits (１３９…), and landlines with their area code (010-12345678,
// 0755 1234 5678). A digit run that is longer than a phone, such as an order number, is
// left alone.
func MaskText(s string) string {
	return maskEmails(maskPhonesIn(s))
}

// digitGroup is a run of digits in text: where it starts and ends (bytes) and its digits
// in ASCII.
type digitGroup struct {
	start, end int
	digits     string
	plus       int // where a + sign right before it starts, or -1
}

// maxGap is how many separator characters may stand between two groups of one phone.
const maxGap = 2

func maskPhonesIn(s string) string {
	groups := digitGroups(s)
	if len(groups) == 0 {
		return s
	}
	// Mobiles first, so a landline's groups cannot swallow the start of a mobile beside it.
	spans := make([]string, len(groups)) // the mask that replaces groups i..end[i]
	end := make([]int, len(groups))
	used := make([]bool, len(groups))
	for _, want := range []func(digits string) bool{isMobile, isLandline} {
		for i := 0; i < len(groups); i++ {
			digits := ""
			for j := i; j < len(groups) && !used[j]; j++ {
				if j > i && !onlySeparators(s[groups[j-1].end:groups[j].start]) {
					break
				}
				if digits += groups[j].digits; len(digits) > 15 {
					break
				}
				if want(digits) && (j == i || firstGroupFits(groups[i].digits, digits)) {
					spans[i], end[i] = MaskPhone(stripCountry(digits)), j
					for k := i; k <= j; k++ {
						used[k] = true
					}
					i = j
					break
				}
			}
		}
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(groups); i++ {
		if spans[i] == "" {
			continue
		}
		start := groups[i].start
		if groups[i].plus >= 0 {
			start = groups[i].plus
		}
		b.WriteString(s[last:start])
		b.WriteString(spans[i])
		last = groups[end[i]].end
		i = end[i]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// firstGroupFits reports whether the first group of a phone written in groups is how such
// a phone starts: a country code, a mobile's first digits, or a landline's area code.
func firstGroupFits(first, digits string) bool {
	if digits[0] == '0' && !strings.HasPrefix(digits, "0086") {
		return len(first) == 3 || len(first) == 4 // 010, 0755
	}
	return len(first) <= 4
}

// digitGroups finds the runs of ASCII or full-width digits in s.
func digitGroups(s string) []digitGroup {
	var out []digitGroup
	var cur []byte
	start, plus, prev, prevAt := -1, -1, rune(0), 0
	for i, r := range s {
		d, ok := digitOf(r)
		if ok {
			if start < 0 {
				start, plus = i, -1
				if prev == '+' || prev == '＋' {
					plus = prevAt
				}
				cur = cur[:0]
			}
			cur = append(cur, d)
		} else if start >= 0 {
			out = append(out, digitGroup{start, i, string(cur), plus})
			start = -1
		}
		prev, prevAt = r, i
	}
	if start >= 0 {
		out = append(out, digitGroup{start, len(s), string(cur), plus})
	}
	return out
}

func digitOf(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= '０' && r <= '９':
		return byte('0' + r - '０'), true
	}
	return 0, false
}

// onlySeparators reports whether gap is what people write between the groups of one
// phone number: at most maxGap spaces, dashes, dots or brackets.
func onlySeparators(gap string) bool {
	n := 0
	for _, r := range gap {
		n++
		if n > maxGap || !strings.ContainsRune(" -.()\u3000－（）—–‐", r) {
			return false
		}
	}
	return n > 0
}

// stripCountry drops China's country code from a run of digits.
func stripCountry(d string) string {
	switch {
	case len(d) == 15 && strings.HasPrefix(d, "0086"):
		return d[4:]
	case len(d) == 13 && strings.HasPrefix(d, "86"):
		return d[2:]
	}
	return d
}

// isMobile reports whether a run of digits is a Chinese mobile: 1[3-9] and 9 more digits,
// perhaps after a country code.
func isMobile(d string) bool {
	d = stripCountry(d)
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'
}

// isLandline reports whether a run of digits is a landline with its area code: 0 and 9
// to 11 more digits.
func isLandline(d string) bool {
	return len(d) >= 10 && len(d) <= 12 && d[0] == '0' && d[1] != '0'
}

// maskEmails hides the name part of every e-mail address in s, leaving its first character
// and a short tag of the whole address: amy.lee@example.com → a***(5d1)@example.com. The tag
// tells two customers apart (tom@ and tim@ are both t***) without revealing either: three hex
// digits of a digest fit one address in 4,096. It does not care about case, as mailboxes do
// not, and a masked address is left as it is (the tag ends the name part with a bracket).
func maskEmails(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for {
		at := strings.IndexByte(s, '@')
		if at < 0 {
			break
		}
		start := at
		for start > 0 && emailLocal(s[start-1]) {
			start--
		}
		end := at + 1
		for end < len(s) && emailDomain(s[end]) {
			end++
		}
		if start == at || end == at+1 {
			b.WriteString(s[:at+1])
			s = s[at+1:]
			continue
		}
		b.WriteString(s[:start])
		b.WriteString(s[start:start+1] + "***(" + emailTag(s[start:end]) + ")@")
		b.WriteString(s[at+1 : end])
		s = s[end:]
	}
	b.WriteString(s)
	return b.String()
}

// emailTag is the tag of an address in its masked form: three hex digits of its digest.
func emailTag(addr string) string {
	sum := sha256.Sum256([]byte("cuifu e-mail\x00" + strings.ToLower(addr)))
	return hex.EncodeToString(sum[:2])[:3]
}

func emailLocal(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._%+-", c) >= 0
}

func emailDomain(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}
