package queue

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"runtime"
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

// Absence says whether an order is in the queue of a past moment, and if not, why.
type Absence uint8

// The answers of History.AbsenceAt, in the order words.Words.Absent names them.
const (
	Present        Absence = iota // in the queue
	AbsentPaid                    // the store knew it paid
	AbsentClosed                  // the store knew it closed
	AbsentUnknown                 // the store did not know of it yet: placed or imported later
	AbsentNotInDay                // not one of the orders the history holds
)

// Label says why an order is not in the queue, or that it is, in the user's language.
func (a Absence) Label(l Lang) string { return label(words.For(l).Absent, a) }

// AbsenceAt says whether order k is in the queue At(t, cfg) rebuilds, and if not, why: it
// reads what At reads (the order's stretch in the queue), from memory.
func (h *History) AbsenceAt(k OrderKey, t int64, cfg *Config) Absence {
	i, ok := h.orderIndex(k)
	if !ok {
		return AbsentNotInDay
	}
	switch p := &h.Orders[i]; {
	case !p.knownBy(t):
		return AbsentUnknown
	case p.paidBy(t):
		return AbsentPaid
	case p.closedBy(t, cfg):
		return AbsentClosed
	}
	return Present
}

// History is everything a replay reads: the orders, their buyers and the shift log.
type History struct {
	Orders []PastOrder
	// Buyers are their identity (nick, phone), Paid (the payments known before the stretch,
	// of orders not in Orders: those count from when the store knew of them) and OptedOut
	// and Complaint as they stood before Events; the rest is rebuilt from the log.
	Buyers []Buyer
	// Blacklist is the shop's blacklist before Events, whose blocks and unblocks change it.
	Blacklist Blacklist
	Operators []string
	Events    []Event // in the order they were logged
	// Paid are the payments the store learned of during the stretch of the buyers' orders
	// that are not in Orders (Buyers' Paid has those it knew before): the past queue counts
	// each from its moment, as it does the payments of Orders.
	Paid []PastPayment
	// Later are the contacts of one look-back window after the stretch (revoked ones
	// marked): attribution weighs them, as a later touch takes the credit; nothing replays
	// them.
	Later   []Event
	index   map[OrderKey]int32
	revoked map[int64]bool // the ids revoked in Events, worked out once (gone)
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
// the buyers stay good: the buyers are the same), and it changes only where something
// changed: an event updates its order in place, and the orders the store learned of, or
// learned paid or closed, since the last moment rewrite the snapshot from the first of them
// on (mostly the newest orders, at its end), not the whole day.
type pastQueue struct {
	h      *History
	cfg    *Config
	snap   *Snapshot
	state  []ContactState
	events []int32       // h.Events by time (then log order)
	paid   []PastPayment // by the time the store knew of them
	ei, pi int           // the next event and payment to fold
	// The orders' stretches in the queue: each enters when the store knew of it and leaves
	// when it knew it paid or closed.
	enters, leaves []pastStamp // by time
	ni, li         int         // the next enter and leave to take
	in             []bool      // by h.Orders index: in the queue at the last moment
	pos            []int32     // by h.Orders index: its place in snap.Orders, -1 = none
	live           []int32     // by place in snap.Orders: its h.Orders index (ascending)
	last           int32       // the highest h.Orders index that ever entered
	open           []int32     // by buyer: their orders in the queue (Buyer.Open, uncapped)
}

// countOpen counts one more (d = 1) or one less (-1) of buyer b's orders in the queue, as
// Buyer.Open has it in a live snapshot: the ranking groups a buyer's open orders under a
// lead, caps the buyer's contacts and checks for many unpaid orders by it.
func (q *pastQueue) countOpen(b int32, d int32) {
	q.open[b] += d
	q.snap.Buyers[b].Open = uint8(min(q.open[b], 255))
}

// PastPayment is a payment the store knew of from At on, of an order of Buyer (a History
// buyer).
type PastPayment struct {
	At    int64
	Buyer int32
}

// pastStamp is the moment an order (an h.Orders index) enters or leaves the past queue.
type pastStamp struct {
	at    int64
	order int32
}

// stretch is when the order is in the queue: from the moment the store knew of it (knownBy)
// until the moment it knew it paid (paidBy) or closed (closedBy); ok is false when never.
func (p *PastOrder) stretch(cfg *Config) (from, to int64, ok bool) {
	from, to = max(p.Order.Created, p.Learned), int64(math.MaxInt64)
	if p.Status == StatusPaid || p.PaidAt != 0 {
		to = p.PaidAt
		if p.StatusLearned != 0 {
			to = max(p.StatusLearned, p.PaidAt)
		}
	}
	if p.Status == StatusClosed {
		closed := p.StatusLearned
		if closed == 0 {
			closed = cfg.Deadline(&p.Order)
		}
		to = min(to, closed)
	}
	return from, to, from < to
}

func newPastQueue(h *History, cfg *Config) *pastQueue {
	n := len(h.Orders)
	q := &pastQueue{h: h, cfg: cfg, state: make([]ContactState, n), in: make([]bool, n), pos: make([]int32, n), last: -1, open: make([]int32, len(h.Buyers)),
		live: make([]int32, 0, n), snap: &Snapshot{Orders: make([]Order, 0, n), Operators: slices.Clone(h.Operators), Buyers: make([]Buyer, len(h.Buyers)),
			Blacklist: maps.Clone(h.Blacklist)}}
	if q.snap.Blacklist == nil {
		q.snap.Blacklist = Blacklist{}
	}
	for i, b := range h.Buyers {
		q.snap.Buyers[i] = Buyer{Nick: b.Nick, Phone: b.Phone, Paid: b.Paid, OptedOut: b.OptedOut, Complaint: b.Complaint}
	}
	q.snap.ApplyBlacklist()
	for i := range q.state {
		q.state[i].ClaimBy = -1
		q.pos[i] = -1
	}
	for i := range h.Orders {
		p := &h.Orders[i]
		if p.PaidAt != 0 { // paidBy(t) from then on
			q.paid = append(q.paid, PastPayment{At: max(p.PaidAt, p.StatusLearned), Buyer: p.Order.Buyer})
		}
		if from, to, ok := p.stretch(cfg); ok {
			q.enters = append(q.enters, pastStamp{from, int32(i)})
			if to != math.MaxInt64 {
				q.leaves = append(q.leaves, pastStamp{to, int32(i)})
			}
		}
	}
	byTime := func(a, b pastStamp) int { return cmp.Compare(a.at, b.at) }
	slices.SortStableFunc(q.enters, byTime)
	slices.SortStableFunc(q.leaves, byTime)
	q.paid = append(q.paid, h.Paid...)
	slices.SortStableFunc(q.paid, func(a, b PastPayment) int { return cmp.Compare(a.At, b.At) })
	q.events = eventsByTime(h.Events)
	return q
}

// at returns the queue at t, which must not be before the last moment asked for: the orders
// the store knew of and did not know paid or closed, in h.Orders' order, with their contact
// state. The snapshot is the pastQueue's own: the next call changes it.
func (q *pastQueue) at(t int64) *Snapshot {
	h, s := q.h, q.snap
	for ; q.pi < len(q.paid) && q.paid[q.pi].At <= t; q.pi++ {
		s.Buyers[q.paid[q.pi].Buyer].Paid++
	}
	for ; q.ei < len(q.events); q.ei++ {
		e := &h.Events[q.events[q.ei]]
		if e.At > t {
			break
		}
		if h.gone(e) {
			continue
		}
		if e.Kind == EventBlock || e.Kind == EventUnblock {
			s.Blacklist.Apply(e)
			s.ApplyBlacklist()
			continue
		}
		if oi, ok := h.orderIndex(e.Order); ok {
			joins := q.state[oi].Apply(e, s.OperatorIndex(e.Operator))
			s.Buyers[h.Orders[oi].Order.Buyer].Apply(e, q.cfg.Location)
			s.AddContact(h.Orders[oi].Order.Buyer, e, joins)
			if p := q.pos[oi]; p >= 0 {
				s.Orders[p].Contact = q.state[oi]
			}
		}
	}
	first := int32(math.MaxInt32) // the first order whose place in the queue changed
	for ; q.ni < len(q.enters) && q.enters[q.ni].at <= t; q.ni++ {
		i := q.enters[q.ni].order
		q.in[i], first, q.last = true, min(first, i), max(q.last, i)
		q.countOpen(h.Orders[i].Order.Buyer, 1)
	}
	for ; q.li < len(q.leaves) && q.leaves[q.li].at <= t; q.li++ {
		i := q.leaves[q.li].order
		q.in[i], first = false, min(first, i)
		q.countOpen(h.Orders[i].Order.Buyer, -1)
	}
	if first == math.MaxInt32 {
		return s
	}
	// The orders before the first change keep their places; the rest are laid anew.
	n, _ := slices.BinarySearch(q.live, first)
	s.Orders, q.live = s.Orders[:n], q.live[:n]
	for i := first; i <= q.last; i++ {
		q.pos[i] = -1
		if !q.in[i] {
			continue
		}
		q.pos[i] = int32(len(s.Orders))
		q.live = append(q.live, i)
		o := h.Orders[i].Order
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
//
// A day's contacts each rank the queue of their moment, which is most of a replay's opening
// time; so the contacts are split by time over the cores, each part with a past queue of its
// own (the queue at a moment does not depend on the moments asked for before it).
func (h *History) Audit(cfg *Config) (flags []Flag, skipped []OrderKey) {
	return h.audit(cfg, auditWorkers)
}

// auditWorkers is how many parts a day's contacts are split into: one per core once there
// are enough of them to pay for a past queue each.
func auditWorkers(contacts int) int {
	if contacts < 200 {
		return 1
	}
	return max(runtime.GOMAXPROCS(0), 1)
}

func (h *History) audit(cfg *Config, workers func(contacts int) int) (flags []Flag, skipped []OrderKey) {
	flags = make([]Flag, len(h.Events))
	skipped = make([]OrderKey, len(h.Events))
	h.orderIndex(OrderKey{}) // the look-ups the parts share, made before they start
	var contacts []int32     // the contact events to flag, in time order
	for _, i := range eventsByTime(h.Events) {
		e := &h.Events[i]
		// A group touch is the contact on its buyer's other order, audited there.
		if _, ok := h.orderIndex(e.Order); ok && e.Kind == EventContact && !IsGroupTouch(e) && !h.gone(e) {
			contacts = append(contacts, i)
		}
	}
	w := workers(len(contacts))
	eachChunk(len(contacts), w, func(_, lo, hi int) {
		// A part starts after a second its predecessor ends in, so two contacts of one
		// second are always audited together, in log order.
		at := func(k int) int64 { return h.Events[contacts[k]].At }
		for lo > 0 && lo < len(contacts) && at(lo) == at(lo-1) {
			lo++
		}
		for hi < len(contacts) && hi > 0 && at(hi) == at(hi-1) {
			hi++
		}
		if lo >= hi {
			return
		}
		var r Ranker
		r.reserve(len(h.Orders), len(h.Buyers))
		past := newPastQueue(h, cfg)
		for _, i := range contacts[lo:hi] {
			flags[i], skipped[i] = h.auditContact(&h.Events[i], past, &r, cfg)
		}
	})
	return flags, skipped
}

// auditContact flags one contact event: the queue just before it is past's at its moment.
func (h *History) auditContact(e *Event, past *pastQueue, r *Ranker, cfg *Config) (flags Flag, skipped OrderKey) {
	oi, _ := h.orderIndex(e.Order)
	if p := &h.Orders[oi]; p.PaidAt != 0 && p.paidBy(e.At) {
		flags |= FlagAfterPayment // the specialist could have known
	}
	// The queue just before this event, and the order in it.
	snap := past.at(e.At - 1)
	me := snap.OperatorIndex(e.Operator)
	at := past.pos[oi]
	if at >= 0 {
		o := &snap.Orders[at]
		// The outcome of the attempt just logged is that same contact (Joins): not a contact
		// in the quiet hours it was logged in, another touch over the cap, nor a skip of
		// whatever came due meanwhile.
		if o.Contact.Joins(me, e.Channel, e.Result, e.At) {
			return flags, OrderKey{}
		}
		if o.Contact.OverCap(cfg.Cap(o)) {
			flags |= FlagOverCap
		}
	}
	if cfg.Quiet(time.Unix(e.At, 0)) {
		flags |= FlagQuietHours
	}
	rows := r.Rank(Input{Snap: snap, Config: cfg, Now: time.Unix(e.At, 0), Me: me})
	top := firstTakable(rows, snap, me)
	if top == nil {
		return flags, OrderKey{}
	}
	mine := findRow(rows, at)
	if mine != nil && mine.Section() == SectionGrouped {
		mine = findRow(rows, mine.Lead()) // a contact on the buyer's group is one on its lead
	}
	if mine == nil || mine.Section() != SectionDue || top.Score()-mine.Score() >= clearlyMoreUrgent {
		if k := snap.Orders[top.Order].Key(); k != e.Order {
			flags |= FlagSkippedUrgent
			skipped = k
		}
	}
	return flags, skipped
}

// firstTakable returns the most urgent due row specialist me could take: the first one
// that is not a colleague's reception (谁接待谁催付), whose skip is never held against me.
// Looking at the first row alone missed every skip while a colleague's order led the queue.
func firstTakable(rows []Row, snap *Snapshot, me int32) *Row {
	for i := range rows {
		switch rows[i].Section() {
		case SectionGrouped: // under its lead, which stands for the buyer
			continue
		case SectionDue:
		default:
			return nil // the due rows come first
		}
		if a := snap.Orders[rows[i].Order].Agent; a < 0 || a == me {
			return &rows[i]
		}
	}
	return nil
}

// findRow returns the row of snapshot order i, or nil.
func findRow(rows []Row, i int32) *Row {
	if i < 0 {
		return nil
	}
	for j := range rows {
		if rows[j].Order == i {
			return &rows[j]
		}
	}
	return nil
}

// eventsByTime returns the indexes of events in the order of their times (then as logged).
func eventsByTime(events []Event) []int32 {
	order := make([]int32, len(events))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(events[a].At, events[b].At) })
	return order
}

// reserve sizes the ranker's buffers for snapshots of up to n orders and the given buyers:
// the past queue grows from moment to moment, and each ranking would otherwise reallocate
// every buffer a little longer (most of an audit's garbage).
func (r *Ranker) reserve(n, buyers int) {
	r.eval, r.out = make([]Row, 0, n), make([]Row, 0, n)
	r.keys, r.tmp = make([]uint64, 0, n), make([]uint64, 0, n)
	r.facts, r.lead = make([]uint8, 0, buyers), make([]uint64, 0, buyers)
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

// attributionEvents are the events attribution weighs: the stretch's, and the contacts of
// one look-back window after it (Later), which take the credit from an earlier touch.
func (h *History) attributionEvents() []Event {
	if len(h.Later) == 0 {
		return h.Events
	}
	return append(slices.Clip(h.Events), h.Later...)
}

// Stats sums each specialist's contacts in [from, to), once per conversation (an outcome
// that joins its attempt is that contact: Conversations), the recoveries those contacts earned
// (by Credited, as payroll does: a recovery counts on the day of the touch that earned it,
// with a payment up to one look-back window after to, unless a touch in Later took the
// credit), and the median time from an order to its first touch for the orders they
// touched first. A recovered amount that does not fit gives ErrMoneyOverflow.
func (h *History) Stats(from, to int64, lookBack int64) ([]OperatorStats, error) {
	var pays []Payment
	for i := range h.Orders {
		p := &h.Orders[i]
		if p.PaidAt >= from && p.PaidAt < to+lookBack && p.PaidAt != 0 {
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
	live := Live(h.Events)
	open := Openers(live)
	for i := range live {
		e := &live[i]
		if e.Kind != EventContact || e.Operator == "" {
			continue
		}
		if f := first[e.Order]; f == nil || e.At < f.At {
			first[e.Order] = e
		}
		if e.At < from || e.At >= to || open[i] != i { // an outcome that joins its attempt is that contact
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
	for _, r := range Credited(h.attributionEvents(), pays, lookBack, from, to) {
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
