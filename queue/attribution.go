package queue

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
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
}

// Attribute credits recoveries. An order is recovered when it was paid and a specialist
// touched it before the payment time, within lookBack seconds of it; the last such touch
// gets the credit. A touch at or after the payment time never counts, and a claimed_paid
// outcome is only a touch like any other: without a payment there is no recovery.
//
// This one function feeds the workstation's tally, the replay and payroll, so they can
// never disagree. events may come in any order.
func Attribute(events []Event, payments []Payment, lookBack int64) []Recovery {
	last := make(map[OrderKey]Event, len(payments))
	paid := make(map[OrderKey]Payment, len(payments))
	for _, p := range payments {
		paid[p.Order] = p
	}
	for _, e := range events {
		if e.Kind != EventContact || e.Operator == "" {
			continue
		}
		p, ok := paid[e.Order]
		if !ok || e.At >= p.PaidAt || e.At < p.PaidAt-lookBack {
			continue
		}
		if cur, seen := last[e.Order]; !seen || e.At > cur.At || (e.At == cur.At && e.ID > cur.ID) {
			last[e.Order] = e
		}
	}
	out := make([]Recovery, 0, len(last))
	for k, e := range last {
		p := paid[k]
		out = append(out, Recovery{Order: k, Operator: e.Operator, PaidAt: p.PaidAt, Amount: p.Amount, TouchAt: e.At, TouchID: e.ID})
	}
	slices.SortFunc(out, func(a, b Recovery) int {
		if a.PaidAt != b.PaidAt {
			return int(a.PaidAt - b.PaidAt)
		}
		return strings.Compare(a.Order.String(), b.Order.String())
	})
	return out
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
// they were made; recoveries on the day of the payment; complaints (a do_not_contact
// outcome with reason "complaint") on the day they were logged, against the specialist
// who logged them.
func Stats(events []Event, recoveries []Recovery, loc *time.Location) []DayStats {
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
	for _, e := range events {
		if e.Kind != EventContact || e.Operator == "" {
			continue
		}
		d := get(e.At, e.Operator)
		d.Contacts++
		if k := (dayOrder{key{d.Day, d.Operator}, e.Order}); !seen[k] {
			seen[k] = true
			d.OrdersContacted++
		}
		if e.Result == ResultDoNotContact && e.Reason == "complaint" {
			d.Complaints++
		}
	}
	for _, r := range recoveries {
		d := get(r.PaidAt, r.Operator)
		d.Recovered++
		d.RecoveredAmount += r.Amount
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
	return out
}

// Bonus computes a day's bonus by the payroll rule and returns it with the arithmetic
// written out, e.g. "3×¥2.00 + 1%×¥1234.00 − 1×¥5.00 = ¥13.34". The percentage of the
// amount is rounded half up to the fen.
func (p PayrollConfig) Bonus(d DayStats) (Fen, string) {
	per := Fen(d.Recovered) * p.PerRecoveredFen
	bp := int64(math.Round(p.PercentOfAmount * 100)) // basis points: money never goes through a float
	pct := Fen((int64(d.RecoveredAmount)*bp + 5000) / 10000)
	minus := Fen(d.Complaints) * p.PerComplaintFen
	total := per + pct - minus
	formula := fmt.Sprintf("%d×¥%s + %s%%×¥%s − %d×¥%s = ¥%s",
		d.Recovered, p.PerRecoveredFen.Yuan(), trimPercent(bp), d.RecoveredAmount.Yuan(),
		d.Complaints, p.PerComplaintFen.Yuan(), total.Yuan())
	return total, formula
}

// trimPercent writes basis points as a percentage without trailing zeros: 100 → "1", 150 → "1.5".
func trimPercent(bp int64) string {
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
