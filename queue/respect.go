package queue

import (
	"strings"
	"time"
)

// Break is a playbook rule a contact broke: a stable code, kept in the event's Warning
// (JoinBreaks) and put into words only when shown (Label).
type Break string

// The rules a contact can break.
const (
	BreakQuiet         Break = "quiet_hours"     // contacted during quiet hours
	BreakWindow        Break = "outside_window"  // outside the channel's window (not quiet hours)
	BreakOptedOut      Break = "opted_out"       // the buyer opted out
	BreakBlacklisted   Break = "blacklisted"     // the buyer is on the shop's blacklist
	BreakHoldout       Break = "holdout"         // the buyer is in the holdout
	BreakOutcome       Break = "has_outcome"     // the order already has an outcome
	BreakOverCap       Break = "over_cap"        // over the order's contact cap
	BreakSMSSpent      Break = "sms_spent"       // the buyer had an SMS in the last 24 hours (the rolling window)
	BreakNoPhone       Break = "no_phone"        // SMS or call without a usable phone
	BreakLowTicketCall Break = "low_ticket_call" // a call on a low-ticket order
	BreakSuspectCall   Break = "suspect_call"    // a call on a suspicious order (IM instead)
	BreakCooldown      Break = "cooldown"        // too soon after the last contact
	BreakGrace         Break = "grace"           // within the grace period after ordering
	BreakColleague     Break = "colleague"       // a colleague touched the buyer within [roster] colleague_window
	BreakDayCap        Break = "buyer_day_cap"   // the buyer had their contacts of the rolling day ([caps] per_buyer_day)
	BreakWrongNumber   Break = "wrong_number"    // a call or SMS to a number logged as wrong
)

// SameContact is how long after an attempt its outcome still belongs to it: the buyer's
// answer to the call or message just logged, not a second touch.
const SameContact = 10 * time.Minute

// Breaks lists the playbook rules that logging result r through ch on the order at now, by
// specialist by (an index in the snapshot's Operators), would break. cuifu never refuses to record what happened: the shift log keeps these as
// warnings for the audit, and the specialist sees them at once. An outcome within
// SameContact of its own attempt by the same specialist is that same contact (Joins): it
// breaks no cooldown or cap.
// contacts are the times of the buyer's contacts, oldest first, as the snapshot keeps them
// (Snapshot.BuyerContacts): the daily cap counts them as the ranking does.
func (c *Config) Breaks(o *Order, b *Buyer, contacts []uint32, by int32, ch Channel, r Result, now time.Time) []Break {
	var out []Break
	t := now.Unix()
	m := MinuteOfDay(t, c.Location)
	// The buyer's answer to the attempt just logged is that contact, made when it was open:
	// logging it a few minutes into the quiet hours contacts nobody.
	same := o.Contact.Joins(by, ch, r, t)
	if !same && inAny(c.Timing.Quiet, m) {
		out = append(out, BreakQuiet)
	} else if !same && ch != ChannelNone && !c.ChannelOpen(ch, now) {
		out = append(out, BreakWindow)
	}
	if b.OptedOut {
		out = append(out, BreakOptedOut)
	}
	if b.Blacklisted {
		out = append(out, BreakBlacklisted)
	}
	if c.Holdout.Member(o.Platform, b.Nick) {
		out = append(out, BreakHoldout)
	}
	if o.Contact.Closed {
		out = append(out, BreakOutcome)
	}
	// A contact touches all the buyer's open orders, so the order's touches are the buyer's.
	if o.Contact.OverCap(c.ContactCap(o)) && !same {
		out = append(out, BreakOverCap)
	}
	if c.Caps.PerBuyerDay > 0 && !same && dayCapFree(contacts, t, c.Caps.PerBuyerDay) > t {
		out = append(out, BreakDayCap)
	}
	if ch == ChannelSMS && !same && c.smsSpent(b, t) {
		out = append(out, BreakSMSSpent)
	}
	if (ch == ChannelSMS || ch == ChannelPhone) && !PhoneUsable(b.Phone) {
		out = append(out, BreakNoPhone)
	} else if (ch == ChannelSMS || ch == ChannelPhone) && o.Contact.WrongNumber() {
		out = append(out, BreakWrongNumber)
	}
	if ch == ChannelPhone && (o.Flags&FlagReceiverMismatch != 0 || c.Suspect.manyUnpaid(int(b.Open), int(b.Paid))) {
		out = append(out, BreakSuspectCall)
	}
	if ch == ChannelPhone && o.Amount < c.Value.LowTicket {
		out = append(out, BreakLowTicketCall)
	}
	if o.Contact.Touches > 0 && t-o.Contact.LastAt < c.Timing.Cooldown.Seconds() && !same {
		out = append(out, BreakCooldown)
	}
	if t-o.Created < c.Timing.Grace.Seconds() {
		out = append(out, BreakGrace)
	}
	return out
}

// Joins reports whether a contact by specialist by (an index in the snapshot's Operators)
// through ch with result r at t is the same contact as the order's last touch: the buyer's
// answer to it. That is an outcome (not an attempt's result) logged by the specialist who
// made the attempt, on its channel, within SameContact after it. It is the one rule of what
// one contact is: the warnings (Breaks) and the audit give it no cooldown, cap or SMS
// warning, Apply adds no touch for it, and the daily cap, payroll, the tally and the report
// count it with its attempt (Conversations).
func (c *ContactState) Joins(by int32, ch Channel, r Result, t int64) bool {
	return r.Outcome() && c.Touches > 0 && !c.LastAnswer().Outcome() && c.LastChannel == ch &&
		by >= 0 && c.LastBy == by+1 && t >= c.LastAt && t-c.LastAt < int64(SameContact/time.Second)
}

// Outcome reports whether r is the buyer's response (promised, declined, claimed paid,
// do-not-contact, invalid, duplicate) rather than an attempt's result.
func (r Result) Outcome() bool {
	switch r {
	case ResultPromised, ResultDeclined, ResultClaimedPaid, ResultDoNotContact, ResultInvalid, ResultDuplicate:
		return true
	}
	return false
}

// JoinBreaks writes breaks as an event's Warning keeps them: codes joined by ";".
func JoinBreaks(bs []Break) string {
	s := make([]string, len(bs))
	for i, b := range bs {
		s[i] = string(b)
	}
	return strings.Join(s, ";")
}

// ParseBreaks reads an event's Warning as JoinBreaks writes it. A log written before codes
// holds sentences joined by "; ": they read back as breaks whose Label is the sentence.
func ParseBreaks(w string) []Break {
	if w == "" {
		return nil
	}
	var out []Break
	for _, p := range strings.Split(w, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, Break(p))
		}
	}
	return out
}
