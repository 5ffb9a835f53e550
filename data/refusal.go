package data

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cuifu/queue"
)

// Code names why the store refused a write. Codes are stable: the ui maps them to words in
// the user's language, and tests compare them.
type Code string

// The store's refusals.
const (
	CodeNoOrder       Code = "no_order"        // the event names an order the store does not have
	CodeClaimed       Code = "claimed"         // another specialist holds a live claim on the order (By, Until)
	CodeNoEvent       Code = "no_event"        // a revoke names an event the log does not have (Event)
	CodeRevoked       Code = "already_revoked" // the event was revoked already (Event is the revoke, By who logged it)
	CodeNotRevocable  Code = "not_revocable"   // only contacts, snoozes, claims and releases can be revoked (Event)
	CodeNotSupervisor Code = "not_supervisor"  // revoking another's event (By) needs a supervisor
)

// Refusal is a write the store refused: its code and the facts its words need. Nothing was
// written. errors.Is matches ErrClaimed and ErrNoOrder for the codes they stand for.
type Refusal struct {
	Code  Code
	Order queue.OrderKey
	By    string // who holds the claim; whose event it is; who revoked it
	Until int64  // when the claim's lease ends, by the store's clock (unix seconds)
	Event int64  // the event the refusal is about
}

// Error says what was refused in plain English, for logs and tests; the ui shows the code's
// words instead.
func (r *Refusal) Error() string {
	switch r.Code {
	case CodeNoOrder:
		return r.Order.String() + ": " + ErrNoOrder.Error()
	case CodeClaimed:
		return fmt.Sprintf("%s: %s: %s holds it until %s", r.Order, ErrClaimed, r.By, time.Unix(r.Until, 0).UTC().Format(time.RFC3339))
	case CodeRevoked:
		return fmt.Sprintf("event #%d was already revoked by %s", r.Event, r.By)
	case CodeNotSupervisor:
		return fmt.Sprintf("event #%d is %s's: only a supervisor may revoke it", r.Event, r.By)
	}
	return "event #" + strconv.FormatInt(r.Event, 10) + ": " + string(r.Code)
}

// Is lets errors.Is(err, ErrClaimed) and errors.Is(err, ErrNoOrder) hold for a refusal.
func (r *Refusal) Is(target error) bool {
	return target == ErrClaimed && r.Code == CodeClaimed || target == ErrNoOrder && r.Code == CodeNoOrder
}

// RefusalOf returns the refusal in err's chain, if there is one.
func RefusalOf(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

// NewUID returns a fresh event UID. A caller makes one per action, before the first try to
// send it, and sends the same UID again on a retry: the store logs the event once.
func NewUID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b[:])
}
