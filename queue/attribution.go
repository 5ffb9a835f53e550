package queue

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"cuifu/queue/words"
)

// Payment is an import's word that an order was paid.
type Payment struct {
	Order  OrderKey
	PaidAt int64 // unix seconds
	Amount Fen   // what was actually paid
}

// Recovery is a paid order credited to the specialist whose touch came last before the
// payment.
type Recovery struct {
	Order    OrderKey
	Operator string
	PaidAt   int64
	Amount   Fen
	TouchAt  int64 // the credited touch
	TouchID  int64 // its event id
	// ContactAt and ContactID are the contact the credited touch is part of: the touch
	// itself, or the attempt whose outcome it logged (Conversations). The recovery counts on
	// that contact's day and in its group.
	ContactAt, ContactID int64
}

// Reached reports whether a contact reached the buyer, and so may earn credit: a message
// sent, a reply, a promise, a refusal or a claim of payment. A wrong number, a busy line, an
// invalid number and an unanswered call did not (an unanswered message was still
// delivered); nor did a do-not-contact or a duplicate, which only close the order.
func (e *Event) Reached() bool {
	switch e.Result {
	case ResultSent, ResultReplied, ResultPromised, ResultDeclined, ResultClaimedPaid:
		return true
	case ResultNoAnswer:
		return e.Channel != ChannelPhone
	}
	return false
}

// Attribute credits recoveries. An order is recovered when it was paid and a specialist
// touched it before the payment time, within lookBack seconds of it, with a touch that
// reached the buyer (Event.Reached); the last such touch gets the credit. A touch at or
// after the payment time never counts, and a claimed_paid outcome is only a touch like any
// other: without a payment there is no recovery. A revoked event counts for nothing (Live).
//
// This one function feeds the workstation's tally, the replay and payroll, so they can
// never disagree. events may come in any order. An outcome that joins its attempt
// (Conversations) is a touch like the attempt: when it comes last, it takes the credit, and
// the recovery counts with the contact it is part of (Recovery.ContactAt).
func Attribute(events []Event, payments []Payment, lookBack int64) []Recovery {
	last := make(map[OrderKey]int, len(payments))
	paid := make(map[OrderKey]Payment, len(payments))
	for _, p := range payments {
		paid[p.Order] = p
	}
	live := Live(events)
	for i := range live {
		e := &live[i]
		if e.Kind != EventContact || e.Operator == "" || !e.Reached() {
			continue
		}
		p, ok := paid[e.Order]
		if !ok || e.At >= p.PaidAt || e.At < p.PaidAt-lookBack {
			continue
		}
		if j, seen := last[e.Order]; !seen || e.At > live[j].At || (e.At == live[j].At && e.ID > live[j].ID) {
			last[e.Order] = i
		}
	}
	var open []int
	if len(last) > 0 {
		open = Openers(live)
	}
	out := make([]Recovery, 0, len(last))
	for k, i := range last {
		p, e, c := paid[k], &live[i], &live[open[i]]
		out = append(out, Recovery{Order: k, Operator: e.Operator, PaidAt: p.PaidAt, Amount: p.Amount, TouchAt: e.At, TouchID: e.ID,
			ContactAt: c.At, ContactID: c.ID})
	}
	slices.SortFunc(out, func(a, b Recovery) int {
		if a.PaidAt != b.PaidAt {
			return int(a.PaidAt - b.PaidAt)
		}
		return strings.Compare(a.Order.String(), b.Order.String())
	})
	return out
}

// Credited is Attribute's recoveries whose credited contact was made in [from, to): a
// recovery belongs to the day of the contact that earned it (Recovery.ContactAt), so a
// stretch's success rate is what its own contacts recovered. payments must run to one
// look-back window past to, and events over them too (a later touch takes the credit from an
// earlier one), and from SameContact before from (the attempt an outcome belongs to).
func Credited(events []Event, payments []Payment, lookBack, from, to int64) []Recovery {
	out := Attribute(events, payments, lookBack)
	n := 0
	for _, r := range out {
		if r.ContactAt >= from && r.ContactAt < to {
			out[n] = r
			n++
		}
	}
	return out[:n]
}

// DayStats is one specialist's work on one shop-local day: one payroll row.
type DayStats struct {
	Day             string // YYYY-MM-DD in the shop's zone
	Operator        string
	OrdersContacted int
	Contacts        int
	Recovered       int
	RecoveredAmount Fen
	Complaints      int
}

// SuccessRate is recovered orders over orders contacted (0 when nothing was contacted).
func (d DayStats) SuccessRate() float64 {
	if d.OrdersContacted == 0 {
		return 0
	}
	return float64(d.Recovered) / float64(d.OrdersContacted)
}

// Stats sums the shift log per specialist per shop-local day. Contacts count on the day
// they were made, once per conversation: an outcome that joins its attempt (Conversations)
// is that contact, not another, and contacts no order of its own; recoveries count on the
// day of the credited contact, not of the payment (see Credited), so a day's success rate is
// its own contacts' recoveries over its own orders contacted; complaints (a do_not_contact
// outcome with reason "complaint") on the day they were logged, against the specialist
// who logged them. Revoked events do not count (Live). Events before from only tell which
// outcomes join an attempt (read them from SameContact before it). A day's recovered amount
// that does not fit gives ErrMoneyOverflow.
func Stats(events []Event, recoveries []Recovery, from int64, loc *time.Location) ([]DayStats, error) {
	type key struct{ day, op string }
	rows := map[key]*DayStats{}
	get := func(at int64, op string) *DayStats {
		k := key{time.Unix(at, 0).In(loc).Format("2006-01-02"), op}
		d := rows[k]
		if d == nil {
			d = &DayStats{Day: k.day, Operator: op}
			rows[k] = d
		}
		return d
	}
	type dayOrder struct {
		k key
		o OrderKey
	}
	seen := map[dayOrder]bool{}
	live := Live(events)
	open := Openers(live)
	for i := range live {
		e := &live[i]
		if e.Kind != EventContact || e.Operator == "" || e.At < from {
			continue
		}
		own, complaint := open[i] == i, e.Result == ResultDoNotContact && e.Reason == "complaint"
		if !own && !complaint {
			continue // the outcome of the attempt before it: that contact
		}
		d := get(e.At, e.Operator)
		if complaint {
			d.Complaints++
		}
		if !own {
			continue
		}
		if !IsGroupTouch(e) { // a group touch is one more order of the same contact
			d.Contacts++
		}
		if k := (dayOrder{key{d.Day, d.Operator}, e.Order}); !seen[k] {
			seen[k] = true
			d.OrdersContacted++
		}
	}
	for _, r := range recoveries {
		d := get(r.ContactAt, r.Operator)
		d.Recovered++
		var err error
		if d.RecoveredAmount, err = d.RecoveredAmount.Plus(r.Amount); err != nil {
			return nil, fmt.Errorf("%s %s: recovered amount: %w", d.Day, d.Operator, err)
		}
	}
	out := make([]DayStats, 0, len(rows))
	for _, d := range rows {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b DayStats) int {
		if c := strings.Compare(a.Day, b.Day); c != 0 {
			return c
		}
		return strings.Compare(a.Operator, b.Operator)
	})
	return out, nil
}

// Bonus computes a day's bonus by the payroll rule and returns it with the arithmetic
// written out, e.g. "3×¥2.00 + 1%×¥1234.00 − 1×¥5.00 = ¥13.34". The percentage of the
// amount is rounded half up to the fen. A bonus below zero is kept (the rule sets no floor)
// and its arithmetic says so in l: "0×¥2.00 + 1%×¥0.00 − 1×¥5.00 = −¥5.00 (投诉扣款 ¥5.00 多于
// 挽回所得 ¥0.00,…)". A bonus whose arithmetic does not fit in a Fen gives ErrMoneyOverflow.
func (p PayrollConfig) Bonus(d DayStats, l Lang) (Fen, string, error) {
	bp := int64(math.Round(p.PercentOfAmount * 100)) // basis points: money never goes through a float
	per, err1 := p.PerRecoveredFen.Times(int64(d.Recovered))
	pct, err2 := d.RecoveredAmount.Times(bp)
	pct, err3 := pct.Plus(5000)
	pct /= 10000
	minus, err4 := p.PerComplaintFen.Times(int64(d.Complaints))
	earned, err5 := per.Plus(pct)
	total, err6 := earned.Minus(minus)
	if err := errors.Join(err1, err2, err3, err4, err5, err6); err != nil {
		return 0, "", fmt.Errorf("%s %s: bonus: %w", d.Day, d.Operator, ErrMoneyOverflow)
	}
	formula := fmt.Sprintf("%d×¥%s + %s%%×¥%s − %d×¥%s = ",
		d.Recovered, p.PerRecoveredFen.Yuan(), trimPercent(bp), d.RecoveredAmount.Yuan(),
		d.Complaints, p.PerComplaintFen.Yuan())
	if total >= 0 {
		return total, formula + "¥" + total.Yuan(), nil
	}
	// Below zero: the sign before the ¥, as the terms write their minus, and why it is
	// negative (-total is at most minus, which fits).
	return total, formula + "−¥" + (-total).Yuan() + fmt.Sprintf(words.For(l).PayrollBelowZero, minus.Yuan(), earned.Yuan()), nil
}

// trimPercent writes basis points as a percentage without trailing zeros: 100 → "1", 150 → "1.5".
func trimPercent(bp int64) string {
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
