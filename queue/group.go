package queue

import "strings"

// The buyer is the unit of contact: a buyer's open orders are chased together. When a buyer
// has a due order, their most urgent due order leads (it stands for them in the due section)
// and their other orders that could be contacted (due or upcoming) are grouped under it: a
// contact on the lead touches them all (the store folds it into each), so no buyer is ever
// chased twice in one round.

// noLead marks a buyer without a due order in Ranker.lead.
const noLead = ^uint64(0)

// keySection is where each section sorts: due rows, then the grouped ones (under their
// leads; see placeGroups), then upcoming, then blocked.
var keySection = [...]uint64{SectionDue: 0, SectionGrouped: 1, SectionUpcoming: 2, SectionBlocked: 3}

// group turns the rows of buyers with more than one open order into a lead and its group,
// before the sort. buyerOf[i].Order is 1 + the buyer of order i when that buyer has several
// open orders, 0 otherwise (Rank fills it while it evaluates, in rows the sort has not
// written yet); keys are the rows' sort keys with the index below idxBits. The grouped rows'
// keys and the workers' digit and section counts are changed to match, so the sort places
// each grouped row in the grouped section at its lead's urgency.
//
// Each buyer's lead key needs a word per buyer only until the sort, which uses tmp as its
// scratch: so tmp holds them when it is long enough (a snapshot has rarely more buyers than
// orders), and the queue's memory does not grow.
func (r *Ranker) group(ev *evaluator, nBuyers, idxBits int, buyerOf []Row) {
	leads := r.tmp
	if len(leads) < nBuyers {
		r.lead = resize(r.lead, nBuyers)
		leads = r.lead
	}
	leads = leads[:nBuyers]
	chunk := (len(buyerOf) + len(r.parts) - 1) / max(len(r.parts), 1)
	if cap := ev.cfg.Caps.PerBuyer; cap > 0 {
		r.capBuyers(ev, leads, cap, idxBits, chunk, buyerOf)
	}
	for i := range leads {
		leads[i] = noLead
	}
	// The lead is the buyer's due row with the smallest key: the most urgent.
	for i := range buyerOf {
		b := buyerOf[i].Order
		if b == 0 || r.eval[i].Section() != SectionDue {
			continue
		}
		if k := r.keys[i]; k < leads[b-1] {
			leads[b-1] = k
		}
	}
	mask := uint64(1)<<idxBits - 1
	for i := range buyerOf {
		b := buyerOf[i].Order
		if b == 0 {
			continue
		}
		lead, row := leads[b-1], &r.eval[i]
		sec := row.Section()
		if lead == noLead || r.keys[i] == lead || (sec != SectionDue && sec != SectionUpcoming) {
			continue
		}
		// Grouped: sorted at the lead's place (its measure), told apart by its own index.
		measure := lead >> idxBits & (1<<measureBits - 1)
		k := (keySection[SectionGrouped]<<measureBits | measure) << idxBits
		p := &r.parts[i/chunk]
		p.uncount(r.keys[i] >> idxBits)
		p.count(k >> idxBits)
		p.sections[sec]--
		p.sections[SectionGrouped]++
		r.keys[i] = k | uint64(i)
		row.bits = row.bits&^(3<<rowSection) | uint16(SectionGrouped)<<rowSection
		row.v = uint32(lead & mask)
	}
}

// capBuyers blocks every contactable order of a buyer with several open orders once the
// buyer's contacts reach the per-buyer cap: a contact touches all their open orders, so the
// buyer has had as many contacts as their most touched order. touches is per-buyer scratch.
func (r *Ranker) capBuyers(ev *evaluator, touches []uint64, cap, idxBits, chunk int, buyerOf []Row) {
	for i := range touches {
		touches[i] = 0
	}
	orders := ev.in.Snap.Orders
	for i := range buyerOf {
		if b := buyerOf[i].Order; b != 0 {
			touches[b-1] = max(touches[b-1], uint64(orders[i].Contact.Touches))
		}
	}
	for i := range buyerOf {
		b, row := buyerOf[i].Order, &r.eval[i]
		sec := row.Section()
		if b == 0 || touches[b-1] < uint64(cap) || (sec != SectionDue && sec != SectionUpcoming) {
			continue
		}
		row.bits = row.bits&^(3<<rowSection|15<<rowBlock) | uint16(SectionBlocked)<<rowSection | uint16(BlockCap)<<rowBlock
		row.v = 0
		row.Why &^= WhyFirstWave | WhySecondWave | WhyRetry | WhyLateFirst
		k := ev.sortKey(*row, orders[i].Created)
		p := &r.parts[i/chunk]
		p.uncount(r.keys[i] >> idxBits)
		p.count(k)
		p.sections[sec]--
		p.sections[SectionBlocked]++
		r.keys[i] = k<<idxBits | uint64(i)
	}
}

// placeGroups writes the ranked rows of out's due and grouped sections into dst with each
// grouped row just under its lead (the grouped section is in its leads' order already,
// but leads of equal urgency interleave their groups). pos and cur are scratch: pos is
// indexed by order, cur by place in the due section.
func placeGroups(out, dst []Row, due, grouped int, pos, cur []uint64) {
	for p, row := range out[:due] {
		pos[row.Order] = uint64(p)
		cur[p] = 0
	}
	g := out[due : due+grouped]
	for _, row := range g {
		cur[pos[row.v]]++
	}
	w := 0
	for p, row := range out[:due] {
		c := cur[p]
		dst[w], cur[p] = row, uint64(w+1)
		w += 1 + int(c)
	}
	for _, row := range g {
		q := pos[row.v]
		dst[cur[q]] = row
		cur[q]++
	}
}

// Lead is the order that stands for a grouped row's buyer (an index into Snapshot.Orders);
// -1 for rows of other sections.
func (r Row) Lead() int32 {
	if r.Section() != SectionGrouped {
		return -1
	}
	return int32(r.v)
}

// GroupOf returns how many grouped rows stand under the lead rows[i], and their amount in
// all: "+2单 共¥389.00". The ranking puts a lead's group just under it.
func GroupOf(rows []Row, i int, s *Snapshot) (n int, total Fen) {
	for _, row := range rows[i+1:] {
		if row.Lead() != rows[i].Order {
			break
		}
		n++
		total += s.Orders[row.Order].Amount
	}
	return n, total
}

// groupNote starts the note of a group touch, "group=LEAD" (LEAD is the order number the
// contact was logged on).
const groupNote = "group="

// GroupTouch returns the event a contact e on one of a buyer's orders logs for another of
// their open orders: the same contact, its note naming e's order, its UID made from e's
// (so a retry of e logs no second one). An outcome about the contacted order alone (invalid, duplicate) touches
// no other order; an opt-out needs none (it blocks the buyer); a claimed payment is an
// answer for the others, not their payment. ok is false for events that touch no group.
func GroupTouch(e *Event, other OrderKey) (Event, bool) {
	if e.Kind != EventContact || IsGroupTouch(e) {
		return Event{}, false
	}
	g := *e
	switch e.Result {
	case ResultInvalid, ResultDuplicate, ResultDoNotContact:
		return Event{}, false
	case ResultClaimedPaid:
		g.Result = ResultReplied
	}
	g.ID, g.Order, g.Note, g.ScriptID, g.Warning, g.Force = 0, other, groupNote+e.Order.ID, "", "", false
	g.UID = e.UID + "/" + other.ID
	return g, true
}

// IsGroupTouch reports whether e is a group touch (see GroupTouch): it touches its order,
// but it is one more order of a contact, not a contact of its own.
func IsGroupTouch(e *Event) bool {
	return e.Kind == EventContact && strings.HasPrefix(e.Note, groupNote)
}

// GroupLead returns the order number a group touch's contact was logged on ("" for other
// events).
func GroupLead(e *Event) string {
	if !IsGroupTouch(e) {
		return ""
	}
	return strings.TrimPrefix(e.Note, groupNote)
}
