package queue

import (
	"maps"
	"slices"
)

// Changed is one order the store changed since a snapshot: its compact form, its buyer as
// the store has it now, and its status (an order no longer unpaid leaves the queue).
type Changed struct {
	Order  Order  // Buyer, Agent, ClaimBy, CallbackOwner and LastBy are not set: Merge resolves them
	Status Status // unpaid orders stay in the queue; the others leave it
	Buyer  Buyer
	Agent  string
	Claim  string // name of the claim holder
	CbBy   string // name of whose callback it is
	Last   string // name of who logged the last touch (ContactState.LastBy)
	// By is who logged the order's newest contact, claim, release, snooze or revoke ("" for
	// none): who did what a colleague's workstation announces.
	By string
}

// Changes are the store's changes since a snapshot's sequence.
type Changes struct {
	Seq    int64
	Orders []Changed
	// Blacklist is the store's whole blacklist now (it is small). Merge takes it over.
	Blacklist Blacklist
	// DayContacts says the store read the buyers' contacts (the config sets a daily cap);
	// without them Merge drops the snapshot's, as a full load would read none.
	DayContacts bool
	// Contacts are the contacts, in the window (see Snapshot.Contacts), of the changed
	// orders' buyers that have any: no contact is logged or revoked without changing its
	// order, and a group touch changes each order it folds into. Merge takes them over for
	// those buyers (none listed: none left) and keeps the other buyers'.
	Contacts []BuyerContacts
	// Latest is the time of the log's latest contact (0: none), from which the window of the
	// buyers' contacts runs back KeepContacts: Merge drops those before it.
	Latest int64
}

// MergeLimit is the most changes the store hands over for merging, into a live queue or
// into the snapshot file's: each costs a few microseconds to read and merge, a full load
// about seven at a million orders, so even a shift's worth of contacts or a big re-import is
// cheaper merged. More than that is a full reload.
const MergeLimit = 200_000

// Merge applies the store's changes to the snapshot in place: changed orders are replaced,
// new unpaid ones added, paid and closed ones removed, and their buyers updated (which every
// order of that buyer sees; a new buyer is added after the others, none is renumbered). A
// laid out snapshot (see layout.go) stays laid out: the orders end in their canonical order,
// the one LayOut would give them, so ties in the ranking fall as after a full load. It costs
// a few passes over the snapshot and a sort of the touched buyers' orders (those of the
// buyers a changed order had or has), whatever the number of changes, and reports the
// orders that came into the queue and the ones that left it.
func (s *Snapshot) Merge(ch *Changes) (added []OrderKey, left []Order) {
	added, left, _ = s.merge(ch, false)
	return added, left
}

// MergeMoved is Merge, and also says where each order went: moved[i] is the index after the
// merge of the order at i before it, or -1 when it left the queue. It is nil when no order
// changed place (new ones may have come after them all). Rows ranked before the merge can
// so be made to point at their orders again (see Reindex).
func (s *Snapshot) MergeMoved(ch *Changes) (added []OrderKey, left []Order, moved []int32) {
	return s.merge(ch, true)
}

// touchedOrder is an order of a buyer the changes touch, as it will be after the merge, and
// its index before it (-1 for a new one).
type touchedOrder struct {
	o   Order
	old int32
}

func (s *Snapshot) merge(ch *Changes, wantMoved bool) (added []OrderKey, left []Order, moved []int32) {
	if !maps.Equal(s.Blacklist, ch.Blacklist) {
		// A changed list may name any buyer: mark them all again (the changed buyers
		// below are marked as they come in).
		s.Blacklist = ch.Blacklist
		s.ApplyBlacklist()
	}
	if len(ch.Orders) == 0 {
		if !ch.DayContacts {
			s.Contacts = DayContacts{}
		}
		s.Seq = max(s.Seq, ch.Seq)
		return nil, nil, nil
	}
	type buyerKey struct {
		p    Platform
		nick string
	}
	byOrder := make(map[OrderKey]int, len(ch.Orders))
	byBuyer := make(map[buyerKey]int32, len(ch.Orders))
	for i := range ch.Orders {
		byOrder[ch.Orders[i].Order.Key()] = i
		byBuyer[buyerKey{ch.Orders[i].Order.Platform, ch.Orders[i].Buyer.Nick}] = -1
	}
	// Buyers: find the changed ones among the snapshot's (one pass), add the new ones.
	buyerPlatform := make([]Platform, len(s.Buyers))
	for i := range s.Orders {
		buyerPlatform[s.Orders[i].Buyer] = s.Orders[i].Platform
	}
	for i := range s.Buyers {
		k := buyerKey{buyerPlatform[i], s.Buyers[i].Nick}
		if _, ok := byBuyer[k]; ok {
			byBuyer[k] = int32(i)
		}
	}
	for i := range ch.Orders {
		c := &ch.Orders[i]
		k := buyerKey{c.Order.Platform, c.Buyer.Nick}
		bi := byBuyer[k]
		if bi < 0 {
			bi = int32(len(s.Buyers))
			s.Buyers = append(s.Buyers, c.Buyer)
			byBuyer[k] = bi
		} else {
			s.Buyers[bi] = c.Buyer
		}
		s.applyBlacklist(bi)
		if s.phoneOK != nil {
			// Keep the ranking's phone cache in step with the buyers it covers.
			for len(s.phoneOK) < len(s.Buyers) {
				s.phoneOK = append(s.phoneOK, false)
			}
			s.phoneOK[bi] = PhoneUsable(c.Buyer.Phone)
		}
		c.Order.Buyer = bi
		c.Order.Agent = s.OperatorIndex(c.Agent)
		c.Order.Contact.ClaimBy = s.OperatorIndex(c.Claim)
		c.Order.Contact.CallbackOwner = s.OperatorIndex(c.CbBy) + 1
		c.Order.Contact.LastBy = s.OperatorIndex(c.Last) + 1
	}
	changed := make([]int32, len(ch.Orders))
	for i := range ch.Orders {
		changed[i] = ch.Orders[i].Order.Buyer
	}
	s.mergeContacts(ch, changed, func(p Platform, nick string) (int32, bool) {
		bi, ok := byBuyer[buyerKey{p, nick}]
		return bi, ok && bi >= 0
	})
	s.Seq = max(s.Seq, ch.Seq)

	// The touched buyers: those the changed orders have now and had before (a moved order
	// leaves one behind). Only their orders can change place; the others' stay in order.
	touched := make([]bool, len(s.Buyers))
	for _, bi := range changed {
		touched[bi] = true
	}
	type hit struct{ at, ci int32 } // a changed order the snapshot has, and its change
	var hits []hit
	done := make([]bool, len(ch.Orders))
	for i := range s.Orders {
		if ci, ok := byOrder[s.Orders[i].Key()]; ok {
			hits = append(hits, hit{int32(i), int32(ci)})
			done[ci] = true
			touched[s.Orders[i].Buyer] = true
		}
	}
	for bi, t := range touched {
		if t {
			s.Buyers[bi].Open = 0 // a buyer whose orders all left has none (markDuplicates counts the others)
		}
	}
	// The touched buyers' orders as they will be (t: kept, replaced, new), and seq, which puts
	// them in canonical order: oldest first, then each buyer's together where their oldest is.
	if wantMoved {
		moved = make([]int32, len(s.Orders))
	}
	var t []touchedOrder
	for i, h := 0, 0; i < len(s.Orders); i++ {
		if !touched[s.Orders[i].Buyer] {
			continue
		}
		o := s.Orders[i]
		if h < len(hits) && int(hits[h].at) == i {
			c := &ch.Orders[hits[h].ci]
			h++
			if c.Status != StatusUnpaid {
				left = append(left, o)
				if moved != nil {
					moved[i] = -1
				}
				continue
			}
			o = c.Order
		}
		t = append(t, touchedOrder{o, int32(i)})
	}
	for ci := range ch.Orders {
		if c := &ch.Orders[ci]; !done[ci] && c.Status == StatusUnpaid {
			t = append(t, touchedOrder{c.Order, -1})
			added = append(added, c.Order.Key())
		}
	}
	seq := make([]int32, len(t)) // t's orders: oldest first, then (byFirst) in canonical order
	for j := range seq {
		seq[j] = int32(j)
	}
	slices.SortFunc(seq, func(x, y int32) int { return orderBefore(&t[x].o, &t[y].o) })
	seq = byFirst(t, seq)

	// One pass: the untouched orders move up over the touched ones' places, and each run of
	// the touched buyers' orders (runs) finds its place among them: before the first
	// untouched buyer whose oldest order, the first of their run, comes after its own.
	type run struct{ at, start int32 } // a buyer's run of seq from start, to go before the at-th untouched order
	var runs []run
	r := 0 // the next of seq to place
	place := func(at int) {
		end := r + 1
		for end < len(seq) && t[seq[end]].o.Buyer == t[seq[r]].o.Buyer {
			end++
		}
		runs = append(runs, run{int32(at), int32(r)})
		for ; r < end; r++ {
			if old := t[seq[r]].old; moved != nil && old >= 0 {
				moved[old] = int32(at + r) // (r touched orders come before it)
			}
		}
	}
	w, lastBuyer := 0, int32(-1)
	for i := range s.Orders {
		o := &s.Orders[i]
		if touched[o.Buyer] {
			continue // (its place is its run's)
		}
		if o.Buyer != lastBuyer {
			lastBuyer = o.Buyer
			for r < len(seq) && orderBefore(&t[seq[r]].o, o) < 0 {
				place(w)
			}
		}
		if moved != nil {
			moved[i] = int32(w + r)
		}
		if w != i {
			s.Orders[w] = *o
		}
		w++
	}
	for r < len(seq) {
		place(w)
	}
	// Then, from the end, each run in its place and the untouched orders after it moved down
	// past it (the runs before it still to come): every order is copied at most twice.
	n, total := len(s.Orders), w+len(t)
	s.Orders = slices.Grow(s.Orders[:w], len(t))[:total]
	clear(s.Orders[total:max(n, total)]) // orders left behind keep no strings alive
	idx := make([]int32, 0, len(t))      // the touched buyers' orders, where they end
	end, uEnd := len(t), w
	for k := len(runs) - 1; k >= 0; k-- {
		at, start := int(runs[k].at), int(runs[k].start)
		copy(s.Orders[at+end:uEnd+end], s.Orders[at:uEnd])
		for j := start; j < end; j++ {
			s.Orders[at+j] = t[seq[j]].o
			idx = append(idx, int32(at+j))
		}
		end, uEnd = start, at
	}
	// Duplicates can only have changed among the touched buyers' orders.
	markDuplicates(s, idx)
	if moved != nil && unmoved(moved) {
		moved = nil
	}
	return added, left, moved
}

// byFirst returns seq, indexes of t oldest order first, with each buyer's orders brought
// together where their oldest one is: the canonical order of t (a counting sort, stable).
func byFirst(t []touchedOrder, seq []int32) []int32 {
	num := map[int32]int32{} // each buyer's number, by their oldest order
	var start []int32        // where each buyer's orders start, by number (first their count)
	for _, j := range seq {
		b := t[j].o.Buyer
		x, ok := num[b]
		if !ok {
			x = int32(len(start))
			num[b] = x
			start = append(start, 0)
		}
		start[x]++
	}
	at := int32(0)
	for x, n := range start {
		start[x], at = at, at+n
	}
	out := make([]int32, len(seq))
	for _, j := range seq {
		x := num[t[j].o.Buyer]
		out[start[x]] = j
		start[x]++
	}
	return out
}

// unmoved reports whether every order stayed where it was.
func unmoved(moved []int32) bool {
	for i, m := range moved {
		if m != int32(i) {
			return false
		}
	}
	return true
}

// Reindex makes rows ranked before a merge point at their orders after it, in place: moved
// is MergeMoved's (nil: none moved), and the rows of the orders that left are dropped. A
// grouped row points at its lead's new place too (see Row.Lead), so its group still counts
// under the lead (GroupOf); a group whose lead left is led, until the next ranking, by its
// first order still there.
func Reindex(rows []Row, moved []int32) []Row {
	if moved == nil {
		return rows
	}
	w := 0
	goneLead, head := int32(-1), uint32(0) // the last group whose lead left, and its first row's order
	for _, r := range rows {
		if int(r.Order) >= len(moved) || moved[r.Order] < 0 {
			continue
		}
		r.Order = moved[r.Order]
		if lead := r.Lead(); lead >= 0 && int(lead) < len(moved) {
			if moved[lead] >= 0 {
				r.v = uint32(moved[lead])
			} else {
				if lead != goneLead {
					goneLead, head = lead, uint32(r.Order)
				}
				r.v = head
			}
		}
		rows[w] = r
		w++
	}
	return rows[:w]
}
