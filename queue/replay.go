package queue

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"cuifu/queue/words"
)

// PastOrder is an order as the store knows it now, for rebuilding the queue of a past
// instant: the compact order (without contact state), when it was paid, and when the store
// learned of it and of its status.
type PastOrder struct {
	Order  Order
	PaidAt int64 // 0 = never paid
	Status Status
	// Learned is when the store learned of the order (its first import); StatusLearned when
	// it learned the order's status, paid or closed. 0 is "from the fact's own time": the
	// order from when it was placed, a payment from PaidAt, a closure from the deadline.
	Learned, StatusLearned int64
}

// knownBy reports whether the store knew of the order at t.
func (p *PastOrder) knownBy(t int64) bool { return p.Order.Created <= t && p.Learned <= t }

// paidBy reports whether the store knew at t that the order was paid.
func (p *PastOrder) paidBy(t int64) bool {
	if p.Status != StatusPaid && p.PaidAt == 0 {
		return false
	}
	if p.StatusLearned != 0 {
		return p.StatusLearned <= t && p.PaidAt <= t
	}
	return p.PaidAt <= t // a paid order without a payment time was always paid
}

// closedBy reports whether the order was closed, and the store knew it, at t.
func (p *PastOrder) closedBy(t int64, cfg *Config) bool {
	if p.Status != StatusClosed {
		return false
	}
	if p.StatusLearned != 0 {
		return p.StatusLearned <= t
	}
	return cfg.Deadline(&p.Order) <= t // the platform closed it at its deadline
}

// History is everything a replay reads: the orders, their buyers and the shift log.
type History struct {
	Orders    []PastOrder
	Buyers    []Buyer // identity only (nick, phone); the rest is rebuilt from the log
	Operators []string
	Events    []Event // in the order they were logged
	index     map[OrderKey]int32
	revoked   map[int64]bool // the ids revoked in Events, worked out once (gone)
}

// orderIndex finds an order by key.
func (h *History) orderIndex(k OrderKey) (int32, bool) {
	if h.index == nil {
		h.index = make(map[OrderKey]int32, len(h.Orders))
		for i := range h.Orders {
			h.index[h.Orders[i].Order.Key()] = int32(i)
		}
	}
	i, ok := h.index[k]
	return i, ok
}

// At rebuilds the queue as it stood at t, from what the store knew then: the orders it knew
// of and did not know to be paid or closed, with their contact state and their buyers
// folded from the log up to t (in the order of the events' times).
func (h *History) At(t int64, cfg *Config) *Snapshot {
	return newPastQueue(h, cfg).at(t)
}

// pastQueue rebuilds the queue at moments that only move forward, folding each event and
// payment once: an audit of a day's thousand contacts costs one pass over the log, not one
// per contact. Its snapshot is the same one from moment to moment (the ranking's caches of
// the buyers stay good: the buyers are the same).
type pastQueue struct {
	h      *History
	cfg    *Config
	snap   *Snapshot
	state  []ContactState
	events []int32       // h.Events by time (then log order)
	paid   []pastPayment // by the time the store knew of them
	ei, pi int           // the next event and payment to fold
}

// pastPayment is a payment the store knew of from at on, of an order of buyer.
type pastPayment struct {
	at    int64
	buyer int32
}

func newPastQueue(h *History, cfg *Config) *pastQueue {
	q := &pastQueue{h: h, cfg: cfg, state: make([]ContactState, len(h.Orders)),
		snap: &Snapshot{Operators: slices.Clone(h.Operators), Buyers: make([]Buyer, len(h.Buyers))}}
	for i, b := range h.Buyers {
		q.snap.Buyers[i] = Buyer{Nick: b.Nick, Phone: b.Phone}
	}
	for i := range q.state {
		q.state[i].ClaimBy = -1
	}
	for i := range h.Orders {
		if p := &h.Orders[i]; p.PaidAt != 0 { // paidBy(t) from then on
			q.paid = append(q.paid, pastPayment{at: max(p.PaidAt, p.StatusLearned), buyer: p.Order.Buyer})
		}
	}
	slices.SortStableFunc(q.paid, func(a, b pastPayment) int { return cmp.Compare(a.at, b.at) })
	q.events = make([]int32, len(h.Events))
	for i := range q.events {
		q.events[i] = int32(i)
	}
	slices.SortStableFunc(q.events, func(a, b int32) int { return cmp.Compare(h.Events[a].At, h.Events[b].At) })
	return q
}

// at returns the queue at t, which must not be before the last moment asked for. The
// snapshot is the pastQueue's own: the next call changes it.
func (q *pastQueue) at(t int64) *Snapshot {
	h, s := q.h, q.snap
	for ; q.pi < len(q.paid) && q.paid[q.pi].at <= t; q.pi++ {
		s.Buyers[q.paid[q.pi].buyer].Paid++
	}
	for ; q.ei < len(q.events); q.ei++ {
		e := &h.Events[q.events[q.ei]]
		if e.At > t {
			break
		}
		if h.gone(e) {
			continue
		}
		if oi, ok := h.orderIndex(e.Order); ok {
			q.state[oi].Apply(e, s.OperatorIndex(e.Operator))
			s.Buyers[h.Orders[oi].Order.Buyer].Apply(e, q.cfg.Location)
		}
	}
	s.Orders = s.Orders[:0]
	for i := range h.Orders {
		p := &h.Orders[i]
		if !p.knownBy(t) || p.paidBy(t) || p.closedBy(t, q.cfg) {
			continue
		}
		o := p.Order
		o.Contact = q.state[i]
		s.Orders = append(s.Orders, o)
	}
	return s
}

// Flag marks a moment a supervisor should look at.
type Flag uint8

// The flags of a contact event.
const (
	FlagSkippedUrgent Flag = 1 << iota // a clearly more urgent due order was waiting
	FlagQuietHours                     // contacted during quiet hours
	FlagOverCap                        // over the order's contact cap
	FlagAfterPayment                   // touched an order already paid
)

// clearlyMoreUrgent is the score gap that makes skipping an order worth a flag: about the
// difference between an order closing within the hour and one closing in two days.
const clearlyMoreUrgent = 300

// flagBits are the flags in the order FlagWords lists them; words.Words.Flag is in this order.
var flagBits = [...]Flag{FlagSkippedUrgent, FlagQuietHours, FlagOverCap, FlagAfterPayment}

// FlagWords names the flags in the user's language.
func FlagWords(f Flag, l Lang) []string {
	var out []string
	for i, bit := range flagBits {
		if f&bit != 0 {
			out = append(out, words.For(l).Flag[i])
		}
	}
	return out
}

// Audit flags each contact event of the history: the queue is rebuilt at the event's time
// to see what the specialist had in front of them. Skipped is the order that was clearly
// more urgent, when there was one. The result is indexed like h.Events.
func (h *History) Audit(cfg *Config) (flags []Flag, skipped []OrderKey) {
	flags = make([]Flag, len(h.Events))
	skipped = make([]OrderKey, len(h.Events))
	var r Ranker
	past := newPastQueue(h, cfg)
	for _, i := range past.events { // in time order, as the past queue moves
		e := &h.Events[i]
		if e.Kind != EventContact || h.gone(e) {
			continue
		}
		oi, ok := h.orderIndex(e.Order)
		if !ok {
			continue
		}
		p := &h.Orders[oi]
		if p.PaidAt != 0 && p.paidBy(e.At) {
			flags[i] |= FlagAfterPayment // the specialist could have known
		}
		if cfg.Quiet(time.Unix(e.At, 0)) {
			flags[i] |= FlagQuietHours
		}
		// The queue just before this event.
		snap := past.at(e.At - 1)
		me := snap.OperatorIndex(e.Operator)
		rows := r.Rank(Input{Snap: snap, Config: cfg, Now: time.Unix(e.At, 0), Me: me})
		var mine *Row
		for j := range rows {
			if snap.Orders[rows[j].Order].Key() == e.Order {
				mine = &rows[j]
				break
			}
		}
		// The outcome of the attempt just logged is that same contact (Breaks): not another
		// touch over the cap, nor a skip of whatever came due meanwhile.
		if mine != nil && snap.Orders[mine.Order].Contact.sameContact(e.Result, e.Channel, e.At) {
			continue
		}
		if mine != nil && int(snap.Orders[mine.Order].Contact.Touches) >= cfg.Cap(&snap.Orders[mine.Order]) {
			flags[i] |= FlagOverCap
		}
		if len(rows) > 0 && rows[0].Section() == SectionDue && (mine == nil || mine.Section() != SectionDue || rows[0].Score()-mine.Score() >= clearlyMoreUrgent) {
			top := snap.Orders[rows[0].Order]
			if top.Key() != e.Order && (top.Agent < 0 || top.Agent == me) {
				flags[i] |= FlagSkippedUrgent
				skipped[i] = top.Key()
			}
		}
	}
	return flags, skipped
}

// OperatorStats is one specialist's numbers over a replayed stretch of the log.
type OperatorStats struct {
	Operator         string
	Contacts         int
	OrdersContacted  int
	Recovered        int
	RecoveredAmount  Fen
	FirstTouches     int   // orders this specialist touched first
	MedianFirstTouch int64 // seconds from order to first touch, over those orders
}

// SuccessRate is recovered orders over orders contacted.
func (s OperatorStats) SuccessRate() float64 {
	if s.OrdersContacted == 0 {
		return 0
	}
	return float64(s.Recovered) / float64(s.OrdersContacted)
}

// Stats sums each specialist's contacts in [from, to), the recoveries credited to them
// (by Attribute, as payroll does) with payments in [from, to), and the median time from an
// order to its first touch for the orders they touched first. A recovered amount that does
// not fit gives ErrMoneyOverflow.
func (h *History) Stats(from, to int64, lookBack int64) ([]OperatorStats, error) {
	var pays []Payment
	for i := range h.Orders {
		p := &h.Orders[i]
		if p.PaidAt >= from && p.PaidAt < to && p.PaidAt != 0 {
			pays = append(pays, Payment{Order: p.Order.Key(), PaidAt: p.PaidAt, Amount: p.Order.Amount})
		}
	}
	by := map[string]*OperatorStats{}
	get := func(op string) *OperatorStats {
		if by[op] == nil {
			by[op] = &OperatorStats{Operator: op}
		}
		return by[op]
	}
	contacted := map[string]map[OrderKey]bool{}
	first := map[OrderKey]*Event{}
	for i := range h.Events {
		e := &h.Events[i]
		if e.Kind != EventContact || e.Operator == "" || h.gone(e) {
			continue
		}
		if f := first[e.Order]; f == nil || e.At < f.At {
			first[e.Order] = e
		}
		if e.At < from || e.At >= to {
			continue
		}
		st := get(e.Operator)
		if !IsGroupTouch(e) { // a group touch is one more order of the same contact
			st.Contacts++
		}
		if contacted[e.Operator] == nil {
			contacted[e.Operator] = map[OrderKey]bool{}
		}
		if !contacted[e.Operator][e.Order] {
			contacted[e.Operator][e.Order] = true
			st.OrdersContacted++
		}
	}
	for _, r := range Attribute(h.Events, pays, lookBack) {
		st := get(r.Operator)
		st.Recovered++
		var err error
		if st.RecoveredAmount, err = st.RecoveredAmount.Plus(r.Amount); err != nil {
			return nil, fmt.Errorf("%s: recovered amount: %w", st.Operator, err)
		}
	}
	waits := map[string][]int64{}
	for k, e := range first {
		if e.At < from || e.At >= to {
			continue
		}
		if oi, ok := h.orderIndex(k); ok {
			waits[e.Operator] = append(waits[e.Operator], e.At-h.Orders[oi].Order.Created)
		}
	}
	out := make([]OperatorStats, 0, len(by))
	for op, st := range by {
		if w := waits[op]; len(w) > 0 {
			slices.Sort(w)
			st.FirstTouches = len(w)
			st.MedianFirstTouch = w[len(w)/2]
			if len(w)%2 == 0 {
				st.MedianFirstTouch = (w[len(w)/2-1] + w[len(w)/2]) / 2
			}
		}
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b OperatorStats) int {
		switch {
		case a.Operator < b.Operator:
			return -1
		case a.Operator > b.Operator:
			return 1
		}
		return 0
	})
	return out, nil
}
