package queue

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// ReportBy is what `cuifu report` groups by.
type ReportBy uint8

// The groupings.
const (
	ByScript ReportBy = iota
	ByChannel
	ByPhase
	BySegment
	ByOperator
	ByHour
	ByAll // one group, "all": the shop's numbers (the workstation's header)
)

var reportByNames = [...]string{"script", "channel", "phase", "segment", "operator", "hour", "all"}

// String returns the grouping's name as --by takes it.
func (b ReportBy) String() string { return reportByNames[b] }

// ParseReportBy reads a --by value.
func ParseReportBy(s string) (ReportBy, error) {
	names := reportByNames[:ByAll]
	for i, n := range names {
		if n == s {
			return ReportBy(i), nil
		}
	}
	return ByScript, fmt.Errorf("unknown --by %q (want %s)", s, strings.Join(names, ", "))
}

// noScript is the script group of touches logged without a script.
const noScript = "-"

// ReportOrder is what the report needs of one order: its segment and phase, its payment,
// and its buyer's place in or out of the holdout.
type ReportOrder struct {
	Key       OrderKey
	Nick      string // the buyer's nick on the order's platform (holdout membership)
	Amount    Fen
	Created   int64
	Deadline  int64 // 0 = the configured default
	Flash     bool
	PaidAt    int64 // 0 = not paid
	Returning bool  // the buyer had paid this shop before this order was placed
}

// DayShare is the holdout share recorded with one shop-local day's events, and the
// fingerprint of the salt it was drawn with.
type DayShare struct {
	Day         string // YYYY-MM-DD
	Share       float64
	Fingerprint string
}

// ReportInput is everything a report is computed from.
type ReportInput struct {
	From, To int64 // the touches and the holdout orders of [From, To)
	By       ReportBy
	// Events reach one look-back window before From (what attribution may credit) and one
	// after To (so a later touch takes the credit from an earlier one, as payroll has it).
	Events   []Event
	Payments []Payment
	Orders   []ReportOrder // every order touched in range, and the orders placed in range
	Shares   []DayShare
	Config   *Config
	// Operator, when set, keeps only that specialist's touches in the groups; attribution
	// still weighs everyone's, so a colleague's later touch keeps the credit.
	Operator string
}

// ReportRow is one group of the report. A nil pointer is a number the data cannot give:
// no holdout to compare with, or fewer orders than [report] min_orders.
type ReportRow struct {
	Group           string
	Touched         int // orders touched
	Contacts        int
	Recovered       int
	Rate            *float64
	RecoveredAmount Fen
	MedianToPay     *int64 // seconds from the credited touch to the payment
	SMS             int    // SMS sent, one part each (the log does not keep their length)
	SMSCost         Fen
	// Compared is how many of the touched orders the lift compares: those of the strata
	// the holdout has orders in (all of them, as a rule).
	Compared       int
	Held, SelfPaid int // the holdout orders compared with, and those paid unprompted
	HoldoutRate    *float64
	Lift           *float64
	LiftLow        *float64
	LiftHigh       *float64
	ExtraPerTouch  *Fen // extra ¥ per contact over what the holdout paid by itself
}

// Segment is the report's buyer segment of an order: its value band and whether its buyer
// had paid before, e.g. "high-ticket/first-time".
func (c *Config) Segment(amount Fen, returning bool) string {
	band := "mid-ticket"
	switch {
	case amount >= c.Value.HighTicket:
		band = "high-ticket"
	case amount < c.Value.LowTicket:
		band = "low-ticket"
	}
	if returning {
		return band + "/returning"
	}
	return band + "/first-time"
}

// firstDue is when the queue first makes an order due: its first wave, or earlier for an
// order that closes before it, never within the grace period. A holdout order is compared
// from then on, as a touched order is from its touch.
func (c *Config) firstDue(o *ReportOrder) int64 {
	t := c.Timing.secs()
	deadline := t.deadlineOf(&Order{Created: o.Created, Deadline: o.Deadline, Flags: flashFlag(o.Flash)})
	return max(min(o.Created+t.firstWave, deadline-t.firstWave), o.Created+t.grace)
}

func flashFlag(flash bool) OrderFlags {
	if flash {
		return FlagFlash
	}
	return 0
}

// Report computes the report's groups, sorted by name.
//
// A group's touched orders are those with a contact in [From, To) of its kind (by its
// script, channel, operator, hour, or the order's phase or segment). An order is recovered
// when the one attribution rule of the tally, replay and payroll credits its payment to a
// touch in range of the group, so a rate is recoveries over touches of one cohort (payroll
// pays them on the payment's day; the report counts them with the touch that earned them).
//
// The holdout side is every order placed in [From, To) whose buyer was in the holdout on
// that day (by the share recorded with the day's events and the config's salt), and is
// still unpaid when the queue would first have made it due; it paid by itself when it was
// paid after that within the look-back window, as attribution allows a touch. Holdout
// orders are counted as the holdout whatever happened to them (a contact made by mistake
// does not move them), and a holdout buyer's touched orders are left out of the touched
// side, so neither side is picked by what happened later. The strata are the segments, and
// with --by phase or hour the group too, so like is compared with like (EstimateLift).
func Report(in ReportInput) ([]ReportRow, error) {
	cfg := in.Config
	loc := cfg.Location
	in.Events = Live(in.Events) // a revoked touch neither counts nor earns credit
	lookBack := cfg.Payroll.LookBack.Seconds()
	orders := make(map[OrderKey]*ReportOrder, len(in.Orders))
	for i := range in.Orders {
		orders[in.Orders[i].Key] = &in.Orders[i]
	}
	shares := map[string]DayShare{}
	fp := cfg.Holdout.Fingerprint()
	for _, s := range in.Shares {
		// A day drawn with another salt held other buyers out: it has no holdout to use.
		if s.Fingerprint != fp {
			s.Share = 0
		}
		// A day whose share changed keeps the smallest: those buyers were held out all day.
		if cur, ok := shares[s.Day]; !ok || s.Share < cur.Share {
			shares[s.Day] = s
		}
	}
	held := func(o *ReportOrder) bool {
		day := time.Unix(o.Created, 0).In(loc).Format("2006-01-02")
		return InHoldout(shares[day].Share, cfg.Holdout.Salt, o.Key.Platform, o.Nick)
	}
	heldOrder := func(k OrderKey) bool {
		o := orders[k]
		return o != nil && held(o)
	}
	// An order's phase is that of its words at the touch (or, in the holdout, when it
	// would have been touched).
	orderPhase := func(o *ReportOrder, at int64) string {
		ph, _ := cfg.OrderPhase(time.Unix(o.Created, 0), time.Unix(at, 0))
		return ph.String()
	}
	hour := func(at int64) string { return fmt.Sprintf("%02d", time.Unix(at, 0).In(loc).Hour()) }
	// stratum is where an order sits within its group: its segment, and for a grouping by
	// an order's own time, the group too.
	stratum := func(o *ReportOrder, group string) string {
		s := cfg.Segment(o.Amount, o.Returning)
		if in.By == ByPhase || in.By == ByHour {
			s += "|" + group
		}
		return s
	}
	groupOf := func(e *Event, o *ReportOrder) string {
		switch in.By {
		case ByChannel:
			return e.Channel.String()
		case ByPhase:
			return orderPhase(o, e.At)
		case BySegment:
			return cfg.Segment(o.Amount, o.Returning)
		case ByOperator:
			return e.Operator
		case ByHour:
			return hour(e.At)
		case ByAll:
			return "all"
		}
		if e.ScriptID == "" {
			return noScript
		}
		return e.ScriptID
	}

	type acc struct {
		row      ReportRow
		orders   map[OrderKey]string // touched order → its stratum
		strata   map[string]*Stratum
		paid     map[string]Fen // recovered amount by stratum
		contacts map[string]int // contacts by stratum
		toPay    []int64
		sms      int
	}
	groups := map[string]*acc{}
	get := func(g string) *acc {
		a := groups[g]
		if a == nil {
			a = &acc{row: ReportRow{Group: g}, orders: map[OrderKey]string{}, strata: map[string]*Stratum{},
				paid: map[string]Fen{}, contacts: map[string]int{}}
			groups[g] = a
		}
		return a
	}
	byID := map[int64]*Event{}
	open := Openers(in.Events)
	for i := range in.Events {
		e := &in.Events[i]
		if e.Kind != EventContact || e.Operator == "" {
			continue
		}
		byID[e.ID] = e
		if open[i] != i {
			continue // the outcome of the attempt before it: that one contact, in its group
		}
		if e.At < in.From || e.At >= in.To || heldOrder(e.Order) || (in.Operator != "" && e.Operator != in.Operator) {
			continue
		}
		o := orders[e.Order]
		if o == nil {
			return nil, fmt.Errorf("report: touched order %s is not in the store", e.Order)
		}
		g := groupOf(e, o)
		a := get(g)
		s, seen := a.orders[e.Order]
		if !seen {
			s = stratum(o, g)
			a.orders[e.Order] = s
			st := a.strata[s]
			if st == nil {
				st = &Stratum{}
				a.strata[s] = st
			}
			st.Touched++
		}
		// A group touch is one more order of its lead's contact: the order is touched, but
		// the contact (and its SMS) counts once, on the lead.
		if !IsGroupTouch(e) {
			a.contacts[s]++
			if e.Channel == ChannelSMS {
				a.sms++
			}
		}
	}
	for _, r := range Credited(in.Events, in.Payments, lookBack, in.From, in.To) {
		e := byID[r.ContactID] // the contact the credited touch is part of
		if e == nil || heldOrder(r.Order) || (in.Operator != "" && e.Operator != in.Operator) {
			continue
		}
		a := get(groupOf(e, orders[r.Order]))
		s := a.orders[r.Order]
		a.strata[s].Recovered++
		a.toPay = append(a.toPay, r.PaidAt-r.TouchAt)
		var err error
		if a.row.RecoveredAmount, err = a.row.RecoveredAmount.Plus(r.Amount); err != nil {
			return nil, err
		}
		if a.paid[s], err = a.paid[s].Plus(r.Amount); err != nil {
			return nil, err
		}
	}

	// The holdout, by stratum. For a grouping by an order's own time, its group is that of
	// the moment the queue would have made it due.
	type cell struct {
		n, paid int
		amount  Fen
	}
	holdout := map[string]*cell{}
	for i := range in.Orders {
		o := &in.Orders[i]
		if o.Created < in.From || o.Created >= in.To || !held(o) {
			continue
		}
		due := cfg.firstDue(o)
		if o.PaidAt != 0 && o.PaidAt <= due {
			continue // paid before anyone would have touched it
		}
		group := ""
		switch in.By {
		case ByPhase:
			group = orderPhase(o, due)
		case ByHour:
			group = hour(due)
		}
		s := stratum(o, group)
		c := holdout[s]
		if c == nil {
			c = &cell{}
			holdout[s] = c
		}
		c.n++
		if o.PaidAt > due && o.PaidAt <= due+lookBack {
			c.paid++
			var err error
			if c.amount, err = c.amount.Plus(o.Amount); err != nil {
				return nil, err
			}
		}
	}

	out := make([]ReportRow, 0, len(groups))
	for _, a := range groups {
		row := a.row
		row.Touched, row.SMS = len(a.orders), a.sms
		for s, st := range a.strata {
			row.Recovered += st.Recovered
			row.Contacts += a.contacts[s]
		}
		var err error
		if row.SMSCost, err = cfg.Report.SMSPartFen.Times(int64(a.sms)); err != nil {
			return nil, err
		}
		if m, ok := Median(a.toPay); ok {
			row.MedianToPay = &m
		}
		if row.Touched >= cfg.Report.MinOrders {
			rate := float64(row.Recovered) / float64(row.Touched)
			row.Rate = &rate
		}
		keys := make([]string, 0, len(a.strata))
		for s := range a.strata {
			keys = append(keys, s)
		}
		slices.Sort(keys) // the sums come out the same in every run
		strata := make([]Stratum, 0, len(keys))
		// The extra ¥ is over the strata compared: what the touched orders brought in, less
		// what the holdout's orders of the same strata paid by themselves, per contact.
		expected, recovered, contacts := 0.0, 0.0, 0
		for _, s := range keys {
			st := *a.strata[s]
			if c := holdout[s]; c != nil {
				st.Held, st.SelfPaid = c.n, c.paid
				expected += float64(st.Touched) * float64(c.amount) / float64(c.n)
				recovered += float64(a.paid[s])
				contacts += a.contacts[s]
			}
			strata = append(strata, st)
		}
		if l, ok := EstimateLift(strata, cfg.Report.MinOrders); ok {
			row.Compared, row.Held, row.SelfPaid = l.Touched, l.Held, l.SelfPaid
			row.HoldoutRate, row.Lift, row.LiftLow, row.LiftHigh = &l.HoldoutRate, &l.Lift, &l.Low, &l.High
			if contacts > 0 { // the compared strata may hold only group touches, whose contact is elsewhere
				extra := Fen(math.Round((recovered - expected) / float64(contacts)))
				row.ExtraPerTouch = &extra
			}
		}
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b ReportRow) int { return strings.Compare(a.Group, b.Group) })
	return out, nil
}

// ScriptResults are the replay's per-script numbers for [from, to) (touched, recovered,
// rate, recovered ¥, time to pay; operator "" = everyone's touches), from the history the
// replay already holds. They come from Report, so they agree with `cuifu report --by
// script`; the replay has no holdout to compare with. Touches without a script are left out.
func (h *History) ScriptResults(cfg *Config, from, to int64, operator string) ([]ReportRow, error) {
	by, err := h.ScriptResultsOf(cfg, from, to, []string{operator})
	return by[operator], err
}

// ScriptResultsOf are ScriptResults for each of operators ("" = everyone), by operator: the
// history is read once for all of them, so the replay has every specialist's at hand when o
// chooses one.
func (h *History) ScriptResultsOf(cfg *Config, from, to int64, operators []string) (map[string][]ReportRow, error) {
	lookBack := cfg.Payroll.LookBack.Seconds()
	firstPaid := map[int32]int64{} // by buyer
	for i := range h.Orders {
		if p := &h.Orders[i]; p.PaidAt != 0 {
			if f, ok := firstPaid[p.Order.Buyer]; !ok || p.PaidAt < f {
				firstPaid[p.Order.Buyer] = p.PaidAt
			}
		}
	}
	in := ReportInput{From: from, To: to, By: ByScript, Events: h.attributionEvents(), Config: cfg}
	// Without a holdout only the touched orders count: a big store's history is read once
	// for the buyers' first payments, and only the day's touched orders are copied.
	touched := map[OrderKey]bool{}
	for i := range h.Events {
		if e := &h.Events[i]; e.Kind == EventContact && e.At >= from && e.At < to {
			touched[e.Order] = true
		}
	}
	for k := range touched {
		i, ok := h.orderIndex(k)
		if !ok {
			continue // an order the store no longer has: Report says so
		}
		p := &h.Orders[i]
		o := &p.Order
		nick := ""
		if b := o.Buyer; b >= 0 && int(b) < len(h.Buyers) {
			nick = h.Buyers[b].Nick
		}
		f, paid := firstPaid[o.Buyer]
		in.Orders = append(in.Orders, ReportOrder{Key: o.Key(), Nick: nick, Amount: o.Amount, Created: o.Created, Deadline: o.Deadline,
			Flash: o.Flags&FlagFlash != 0, PaidAt: p.PaidAt, Returning: paid && f < o.Created})
		if p.PaidAt >= from && p.PaidAt < to+lookBack {
			in.Payments = append(in.Payments, Payment{Order: o.Key(), PaidAt: p.PaidAt, Amount: o.Amount})
		}
	}
	out := make(map[string][]ReportRow, len(operators))
	for _, op := range operators {
		in.Operator = op
		rows, err := Report(in)
		if err != nil {
			return nil, err
		}
		out[op] = slices.DeleteFunc(rows, func(r ReportRow) bool { return r.Group == noScript })
	}
	return out, nil
}
