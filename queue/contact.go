package queue

import (
	"math"
	"time"
)

// Apply folds one shift-log event about this order into its contact state. The store uses
// it to keep its summary columns and the UI uses it to update the one order in memory, so
// both always agree. by is the event operator's index in the snapshot's Operators.
//
// joins reports a contact that is the same contact as the order's last (Joins): the buyer's
// answer to it, which moves the state on (its result, callback, last time) but adds no
// touch, so the caps count conversations.
func (c *ContactState) Apply(e *Event, by int32) (joins bool) {
	switch e.Kind {
	case EventContact:
		first := e.At
		if c.Touches > 0 {
			first = min(c.FirstAt(), e.At)
		}
		joins = c.Joins(by, e.Channel, e.Answer(), e.At)
		if !joins && c.Touches < math.MaxUint8 { // saturate rather than wrap
			c.Touches++
		}
		c.LastAt, c.LastBy = e.At, max(by+1, 0)
		c.FirstAgo = uint16(min((e.At-first)/60, math.MaxUint16))
		c.LastChannel = e.Channel
		c.LastResult = e.Result
		if e.Channel != ChannelNone {
			c.Tried |= 1 << e.Channel
		}
		if e.Result == ResultWrongNumber {
			c.Tried |= triedWrongNumber
		}
		c.Tried &^= triedGroupClaim
		if e.Answer() != e.Result {
			c.Tried |= triedGroupClaim
		}
		if e.Result.Answered() {
			c.Answered = true
		}
		if e.Result.Closes() {
			c.Closed = true
		}
		// A promise sets a callback, the promising specialist's own unless they leave it to
		// anyone; any other contact clears an older one.
		c.Until, c.CallbackOwner = 0, 0
		if e.Result == ResultPromised && e.Until > e.At {
			c.Until = e.Until
			if e.Reason != CallbackAnyone && by >= 0 {
				c.CallbackOwner = by + 1
			}
		}
		// Whoever contacts the order holds it while they work on it, unless the contact was
		// forced over a colleague's live claim: an override never silently ends that claim.
		if c.ClaimBy >= 0 && c.ClaimBy != by && e.Override == "" {
			c.ClaimBy, c.ClaimUntil = -1, 0
		}
	case EventSnooze:
		c.Until = e.Until
	case EventClaim:
		c.ClaimBy, c.ClaimUntil = by, UnixTime(e.Until)
	case EventRelease:
		if c.ClaimBy == by || by < 0 {
			c.ClaimBy, c.ClaimUntil = -1, 0
		}
	}
	return joins
}

// CallbackPending reports whether the buyer promised and named a time to be called back: a
// date with the buyer, kept whatever the waves say, and the one contact a cap does not stop
// (the buyer asked for it).
func (c *ContactState) CallbackPending() bool {
	return b2u(c.Until != 0)&b2u(c.LastResult == ResultPromised) != 0 // no branch: see evaluateTo
}

// FirstAt returns when the order was first touched (unix seconds, to the minute), for an
// order touched at least once: the high-ticket follow-ups count their days from it.
func (c *ContactState) FirstAt() int64 { return c.LastAt - int64(c.FirstAgo)*60 }

// CallbackAnyone is the reason of a promise whose callback anyone may make.
const CallbackAnyone = "anyone"

// triedWrongNumber is the bit of ContactState.Tried that records a wrong number (the
// channels take the bits 1 << Channel below it), so it costs the order no byte of its own.
// triedGroupClaim records, beside it, that the last touch was a group touch of a claimed
// payment (a reply whose Answer is the claim), so an outcome after it is no part of its
// attempt, as on the lead (LastAnswer).
const (
	triedWrongNumber uint8 = 1 << 7
	triedGroupClaim  uint8 = 1 << 6
)

// LastAnswer is the result of the last touch as the same-contact rule weighs it
// (Event.Answer): LastResult, or the claim of payment a group touch logged as a reply.
func (c *ContactState) LastAnswer() Result {
	if c.Tried&triedGroupClaim != 0 {
		return ResultClaimedPaid
	}
	return c.LastResult
}

// WrongNumber reports whether the buyer's phone is known to be a wrong number: no calls or
// SMS on the order. A wrong number is the buyer's, not the order's: Apply marks the order
// it was logged on, and the store marks every order of the buyer while the buyer's phone is
// still the one that was wrong (an import that brings another number clears it; see
// SetWrongNumber).
func (c *ContactState) WrongNumber() bool { return c.Tried&triedWrongNumber != 0 }

// SetWrongNumber records whether the buyer's current phone is a wrong number, as the store
// knows it for all of the buyer's orders.
func (c *ContactState) SetWrongNumber(wrong bool) {
	c.Tried &^= triedWrongNumber
	if wrong {
		c.Tried |= triedWrongNumber
	}
}

// TriedChannel reports whether channel ch was already used on the order.
func (c *ContactState) TriedChannel(ch Channel) bool { return c.Tried&(1<<ch) != 0 }

// Apply folds a shift-log event into what is known of the buyer: an opt-out or complaint
// blocks all of the buyer's orders, and an SMS uses the buyer's SMS for the shop-local day.
func (b *Buyer) Apply(e *Event, loc *time.Location) {
	if e.Kind != EventContact {
		return
	}
	if e.Result == ResultDoNotContact {
		b.OptedOut = true
		if e.Reason == "complaint" {
			b.Complaint = true
		}
	}
	if e.Channel == ChannelSMS {
		b.SMSAt = uint32(max(e.At, 0))
	}
}

// LocalDay returns the day number (days since 1970-01-01) of unix time t in loc.
func LocalDay(t int64, loc *time.Location) int32 {
	lt := time.Unix(t, 0).In(loc)
	y, m, d := lt.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
