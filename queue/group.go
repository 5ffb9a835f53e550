package queue

import (
	"sort"
	"strings"
)

// The buyer is the unit of contact: a buyer's open orders are chased together. When a buyer
// has a due order, their most urgent due order leads (it stands for them in the due section)
// and their other orders that could be contacted (due or upcoming) are grouped under it: a
// contact on the lead touches them all (the store folds it into each), so no buyer is ever
// chased twice in one round.

// After the orders are evaluated, each buyer with several open orders has one word in the
// lead scratch (see leadScratch): the most touches of any of their orders above
// leadTouchShift (only with a per-buyer cap), and below it the smallest sort key of their due
// orders, which is their lead (leadNone when they have no due order). Sort keys are at most
// 2+22+31 bits, so both fit.
const (
	leadTouchShift = 56
	leadNone       = 1<<leadTouchShift - 1
)

// keySection is where each section sorts: due rows, then the grouped ones (under their
// leads; see placeGroups), then upcoming, then blocked.
var keySection = [...]uint64{SectionDue: 0, SectionGrouped: 1, SectionUpcoming: 2, SectionBlocked: 3}

// leadScratch returns the lead words of nBuyers buyers. They are needed only until the sort,
// which uses tmp as its scratch: so tmp holds them when it is long enough (a snapshot has
// rarely more buyers than orders), and the queue's memory does not grow.
func (r *Ranker) leadScratch(nBuyers int) []uint64 {
	if len(r.tmp) >= nBuyers {
		return r.tmp[:nBuyers]
	}
	r.lead = resize(r.lead, nBuyers)
	return r.lead
}

// noteLeads fills the lead words of the buyers with several open orders from their rows that
// the evaluation listed (see group): each due row's key, when it is more urgent than the lead
// so far, and each row's touches. It runs on one core after the evaluation, as its own tight
// loop: the words are a random access each, and done apart from the evaluation those
// accesses overlap instead of stalling it one by one, and need no compare and swap.
//
// With a per-buyer cap (cap > 0) the touches come first: a buyer at the cap is led only by a
// callback they asked for (see group).
func (r *Ranker) noteLeads(leads []uint64, cap uint64) {
	if cap > 0 {
		for w := range r.parts {
			p := &r.parts[w]
			for _, c := range r.out[p.from : p.from+p.grouping] {
				word := &leads[r.eval[c.Order].Order-1]
				if t := uint64(c.v); t > *word>>leadTouchShift {
					*word = *word&leadNone | t<<leadTouchShift
				}
			}
		}
	}
	for w := range r.parts {
		p := &r.parts[w]
		for _, c := range r.out[p.from : p.from+p.grouping] {
			row := &r.eval[c.Order]
			word := &leads[row.Order-1]
			if Section(row.bits>>rowSection&3) != SectionDue || (cap > 0 && atCap(*word, cap, row)) {
				continue
			}
			if k := r.keys[c.Order]; k < *word&leadNone {
				*word = *word&^leadNone | k
			}
		}
	}
}

// atCap reports whether the buyer whose lead word is word has had the per-buyer cap of
// contacts, and row is not a callback they asked for: such a row is blocked (see group).
func atCap(word, cap uint64, row *Row) bool {
	return word>>leadTouchShift >= cap && row.Why&WhyCallback == 0
}

// group turns the rows of buyers with more than one open order into a lead and its group,
// after the evaluation and before the sort, on every core. Until the sort, r.eval[i].Order is
// 1 + the buyer of order i when that buyer has several open orders, 0 otherwise (so no
// scratch per order is needed: the sort writes each row's index back from its key); keys
// are the rows' sort keys with the index below idxBits; leads are the buyers' lead words
// (noteLeads). Each worker's part of r.out lists, in its first parts[w].grouping rows' Order,
// the due and upcoming rows of such buyers in its part, the only rows that may change (and,
// with a per-buyer cap, their other rows, with their touches in v): so the pass reads no
// other row. The changed rows' keys and the workers' digit and section
// counts are changed to match, so the sort places each grouped row in the grouped section at
// its lead's urgency.
//
// With a per-buyer cap, every contactable order of a buyer whose contacts reached it is
// blocked (a contact touches all their open orders, so the buyer has had as many contacts as
// their most touched order), but for the callbacks the buyer asked for when they promised:
// those are the buyer's date, made at the cap, and the most urgent of them leads. Otherwise
// the buyer's lead is their due row with the smallest key (the most urgent), and their
// other due or upcoming rows are grouped under it.
func (r *Ranker) group(ev *evaluator, leads []uint64, idxBits int) {
	cap := uint64(max(ev.cfg.Caps.PerBuyer, 0))
	eachPart(r.parts, func(w, lo, hi int) {
		p := &r.parts[w]
		for _, c := range r.out[lo : lo+p.grouping] {
			i := int(c.Order)
			r.regroup(ev, p, i, leads[r.eval[i].Order-1], cap, idxBits, keySection[SectionGrouped])
		}
	})
}

// regroup makes row i of a buyer with several open orders, whose lead word is word, what
// grouping makes it: blocked at the buyer's cap, grouped under the lead (sorting at the
// lead's measure in the section at), or left as it is (the lead itself, a row of another
// section). The row's key and its worker's counts are changed to match.
func (r *Ranker) regroup(ev *evaluator, p *part, i int, word, cap uint64, idxBits int, at uint64) {
	row := &r.eval[i]
	sec := row.Section()
	if sec != SectionDue && sec != SectionUpcoming {
		return // listed for its touches alone (a per-buyer cap)
	}
	var k uint64
	to := SectionGrouped
	if cap > 0 && atCap(word, cap, row) {
		to = SectionBlocked
		row.bits = row.bits&^(3<<rowSection|15<<rowBlock) | uint16(SectionBlocked)<<rowSection | uint16(BlockCap)<<rowBlock
		row.v = 0
		row.Why &^= WhyFirstWave | WhySecondWave | WhyRetry | WhyLateFirst
		k = ev.sortKey(SectionBlocked, 0, ev.orders[i].Created)<<idxBits | uint64(i)
	} else {
		lead := word & leadNone
		if lead == leadNone || r.keys[i] == lead {
			return
		}
		// Grouped: sorted at the lead's place (its measure), told apart by its own index.
		measure := lead >> idxBits & (1<<measureBits - 1)
		k = (at<<measureBits|measure)<<idxBits | uint64(i)
		row.bits = row.bits&^(3<<rowSection) | uint16(SectionGrouped)<<rowSection
		row.v = uint32(lead & (1<<idxBits - 1))
	}
	p.uncount(r.keys[i] >> idxBits)
	p.count(k >> idxBits)
	p.sections[sec]--
	p.sections[to]++
	r.keys[i] = k
}

// allWhole reports whether every worker found each buyer's orders in one run (part.whole).
func allWhole(parts []part) bool {
	for i := range parts {
		if !parts[i].whole {
			return false
		}
	}
	return true
}

// groupRun is noteLeads and group for one buyer b whose rows the evaluation has just made,
// the orders [from, to), whose least sort key is least: when they are all of the buyer's
// orders (a laid out snapshot: see layout.go), it makes the buyer's lead word from those
// rows, which are still in the core's cache, and regroups them at once, without a word per
// buyer in memory, a list of the rows or a pass of its own. Without a per-buyer cap the lead
// is the least key, when that is a due row's (due keys sort first). It reports false,
// changing nothing, for a buyer with orders elsewhere too.
//
// A grouped row sorts in the due section, at its lead's measure: rows of equal keys keep
// their order, and the buyer's rows lie together, so the sort puts the lead and its group
// together, with the lead on top (leadFirst).
func (r *Ranker) groupRun(ev *evaluator, p *part, b int32, from, to int, least, cap uint64, idxBits int) bool {
	if !ev.wholeRun(b, to-from) {
		return false
	}
	word := uint64(leadNone)
	switch {
	case cap > 0:
		for i := from; i < to; i++ {
			word = max(word, uint64(ev.orders[i].Contact.Touches)<<leadTouchShift|leadNone)
		}
		for i := from; i < to; i++ {
			row := &r.eval[i]
			if Section(row.bits>>rowSection&3) != SectionDue || atCap(word, cap, row) {
				continue
			}
			if k := r.keys[i]; k < word&leadNone {
				word = word&^leadNone | k
			}
		}
	case least>>(measureBits+idxBits) == keySection[SectionDue]: // a due row's key
		word = least
	default:
		return true // no due row, no cap: nothing to group
	}
	for i := from; i < to; i++ {
		r.regroup(ev, p, i, word, cap, idxBits, keySection[SectionDue])
	}
	if lead := word & leadNone; lead != leadNone {
		r.leadFirst(from, to, int32(lead&(1<<idxBits-1)))
	}
	return true
}

// leadFirst puts the lead on top of its group, the rows [from, to) but for the buyer's
// blocked ones, and takes the group's suspicion to it (as suspectGroups does). The lead and
// its group share their sort key but for the row's place, so the sort keeps them in the
// order of their places: the lead moves to the first of those places and the rows before it
// each move up one, carrying their orders (the sort keeps each row's Order: see sortRows).
func (r *Ranker) leadFirst(from, to int, lead int32) {
	var top *Row // the first of the group's places
	var held Row
	for i := from; i < to; i++ {
		row := &r.eval[i]
		if Section(row.bits>>rowSection&3) == SectionBlocked {
			continue // not in the group
		}
		if top == nil {
			if top = row; int32(i) == lead {
				break // on top already
			}
			held = r.eval[lead]
		}
		held, *row = *row, held
		if int32(i) == lead {
			break
		}
	}
	if top == nil || Channel(top.bits>>rowChannel&3) != ChannelPhone {
		return
	}
	for i := from; i < to; i++ {
		if row := &r.eval[i]; row != top && Section(row.bits>>rowSection&3) == SectionGrouped {
			if sus := row.Why & WhySuspect; sus != 0 {
				top.Why |= sus
				top.bits = top.bits&^(3<<rowChannel|15<<rowRule) | uint16(ChannelIM)<<rowChannel | uint16(RuleSuspicious)<<rowRule
				return
			}
		}
	}
}

// placeGroups puts each grouped row of out's grouped section just under its lead in out's
// due section (the grouped section is in its leads' order already, but leads of equal
// urgency interleave their groups), and takes each group's suspicion to its lead
// (suspectGroups). tmp (as long as out), pos and cur are scratch: pos is indexed by order,
// cur by place in the due section. measure is a due row's measure in its sort key, from its
// order and score; a grouped row sorts at its lead's.
//
// It runs on every core: the two sections are split at the same measures, so each worker
// places the leads of its part of the due section with all their groups, from the place the
// rows of the parts before leave it.
func placeGroups(out, tmp []Row, due, grouped int, pos, cur []uint64, workers int, measure func(order int32, score uint32) uint64) {
	g := out[due : due+grouped]
	leadAt := func(p int) uint64 { return measure(out[p].Order, out[p].v) }
	// A grouped row's lead (an order index) has its evaluated row in tmp until tmp is written.
	groupAt := func(j int) uint64 { return measure(int32(g[j].v), tmp[g[j].v].v) }
	type cut struct{ due, grouped int } // where a worker's part begins in each section
	cuts := make([]cut, workers+1)
	cuts[workers] = cut{due, grouped}
	for k := 1; k < workers; k++ {
		p := max(due*k/workers, cuts[k-1].due)
		for p > 0 && p < due && leadAt(p) == leadAt(p-1) {
			p++ // not inside a run of equal measures: its groups interleave
		}
		j := grouped
		if p < due {
			m := leadAt(p)
			j = sort.Search(grouped, func(j int) bool { return groupAt(j) >= m })
		}
		cuts[k] = cut{p, max(j, cuts[k-1].grouped)}
	}
	onEach(workers, func(w int) {
		pa, pb, ja, jb := cuts[w].due, cuts[w+1].due, cuts[w].grouped, cuts[w+1].grouped
		for p := pa; p < pb; p++ {
			pos[out[p].Order] = uint64(p)
			cur[p] = 0
		}
		for _, row := range g[ja:jb] {
			cur[pos[row.v]]++
		}
		at := pa + ja
		for p := pa; p < pb; p++ {
			c := cur[p]
			tmp[at], cur[p] = out[p], uint64(at+1)
			at += 1 + int(c)
		}
		for _, row := range g[ja:jb] {
			q := pos[row.v]
			tmp[cur[q]] = row
			cur[q]++
		}
		suspectGroups(tmp[pa+ja : pb+jb]) // the part starts with a lead
	})
	m := due + grouped
	parallel(m, func(lo, hi int) { copy(out[lo:hi], tmp[lo:hi]) })
}

// suspectGroups keeps a call away from a buyer whose group holds a suspicious order: the lead
// is the buyer's conversation, so a call on it would reach the buyer the check warns of.
// The lead takes the grouped row's suspicion and goes to IM instead. rows are the due and
// grouped sections as placeGroups wrote them, each group just under its lead.
func suspectGroups(rows []Row) {
	lead := -1
	for i := range rows {
		switch row := &rows[i]; row.Section() {
		case SectionDue:
			lead = i
		case SectionGrouped:
			sus := row.Why & WhySuspect
			if lead < 0 || sus == 0 || rows[lead].Channel() != ChannelPhone {
				continue
			}
			l := &rows[lead]
			l.Why |= sus
			l.bits = l.bits&^(3<<rowChannel|15<<rowRule) | uint16(ChannelIM)<<rowChannel | uint16(RuleSuspicious)<<rowRule
		}
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
// answer for the others, not their payment (a reply, its reason saying so, which joins the
// attempt as the claim does on the lead: Answer). ok is false for events that touch no group.
func GroupTouch(e *Event, other OrderKey) (Event, bool) {
	if e.Kind != EventContact || IsGroupTouch(e) {
		return Event{}, false
	}
	g := *e
	switch e.Result {
	case ResultInvalid, ResultDuplicate, ResultDoNotContact:
		return Event{}, false
	case ResultClaimedPaid:
		g.Result, g.Reason = ResultReplied, ReasonClaimedPaid
	}
	g.ID, g.Order, g.Note, g.ScriptID, g.Warning, g.Force = 0, other, groupNote+e.Order.ID, "", "", false
	g.UID = e.UID + "/" + other.ID
	return g, true
}

// Answer is the result the same-contact rule (ContactState.Joins) weighs for e: its own, or
// for a group touch of a claimed payment, the claim, so a group touch joins its attempt's
// group touch when its lead's contact joins the lead's attempt.
func (e *Event) Answer() Result {
	if e.Result == ResultReplied && e.Reason == ReasonClaimedPaid && IsGroupTouch(e) {
		return ResultClaimedPaid
	}
	return e.Result
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
