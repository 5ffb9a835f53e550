package queue

import (
	"cmp"
	"math"
	"slices"
)

// The snapshot's layout. A ranking reads every order once, in snapshot order, and what it
// needs of the order's buyer besides: when a buyer's orders lie together, and the buyers in
// the order their orders come, those reads run through memory in step with the orders
// instead of jumping about, and a buyer's orders can be grouped under their lead where they
// lie (see group.go). So every snapshot the store hands out is laid out that way, in one
// order that depends only on the orders themselves (their canonical order):
//
//   - each buyer's orders together, oldest first (by Created, then by ID);
//   - the buyers one after another by their oldest order (by Created, then platform and ID).
//
// A full load and a merge of changes into an older snapshot (Merge) give the same order, so
// ties in the ranking fall the same way however the queue was come by. Rankings are right
// for a snapshot in any order; they are only faster for a laid out one.

// orderBefore reports the canonical order of two orders of one buyer.
func orderBefore(a, b *Order) int {
	if c := cmp.Compare(a.Created, b.Created); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Platform, b.Platform); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// LayOut puts the snapshot's orders in their canonical order (see above) and numbers the
// buyers in the order their orders now come, the buyers without an order after them. It
// returns each buyer's new index by their old one, for a caller that keeps buyer indexes of
// its own. The caches of per-buyer facts are dropped (the next ranking makes them again),
// and the buyers' contacts follow their buyers.
func (s *Snapshot) LayOut() (newIndex []int32) {
	nb := len(s.Buyers)
	// Each buyer's oldest order.
	first := make([]int32, nb)
	for i := range first {
		first[i] = -1
	}
	for i := range s.Orders {
		o := &s.Orders[i]
		if int(o.Buyer) >= nb || o.Buyer < 0 {
			return nil // a bare list of orders, as some callers build: nothing to lay out
		}
		if f := first[o.Buyer]; f < 0 || orderBefore(o, &s.Orders[f]) < 0 {
			first[o.Buyer] = int32(i)
		}
	}
	// The buyers by their oldest order; those without one keep their order after them.
	type firstAt struct {
		at int64 // the oldest order's Created: most comparisons end here
		b  int32
	}
	byFirst := make([]firstAt, nb)
	for b, f := range first {
		byFirst[b] = firstAt{math.MaxInt64, int32(b)}
		if f >= 0 {
			byFirst[b].at = s.Orders[f].Created
		}
	}
	slices.SortFunc(byFirst, func(x, y firstAt) int {
		if c := cmp.Compare(x.at, y.at); c != 0 {
			return c
		}
		fx, fy := first[x.b], first[y.b]
		if fx < 0 || fy < 0 {
			return cmp.Compare(x.b, y.b) // (both without orders)
		}
		return orderBefore(&s.Orders[fx], &s.Orders[fy])
	})
	newIndex = make([]int32, nb)
	for k, f := range byFirst {
		newIndex[f.b] = int32(k)
	}
	// The orders by new buyer (a counting sort), then each buyer's oldest first.
	start := make([]int32, nb+1)
	for i := range s.Orders {
		start[newIndex[s.Orders[i].Buyer]+1]++
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1]
	}
	at := slices.Clone(start[:nb])
	idx := make([]int32, len(s.Orders)) // the orders' old indexes in their new order
	for i := range s.Orders {
		b := newIndex[s.Orders[i].Buyer]
		idx[at[b]] = int32(i)
		at[b]++
	}
	for b := 0; b < nb; b++ {
		if run := idx[start[b]:start[b+1]]; len(run) > 1 {
			slices.SortFunc(run, func(x, y int32) int { return orderBefore(&s.Orders[x], &s.Orders[y]) })
		}
	}
	// One copy of each order, into a new array: moving the orders about in place would copy
	// each three times, and their strings make every copy cost the collector's barrier.
	orders := make([]Order, len(s.Orders))
	for k, i := range idx {
		orders[k] = s.Orders[i]
		orders[k].Buyer = newIndex[orders[k].Buyer]
	}
	s.Orders = orders
	buyers := make([]Buyer, nb)
	for old, b := range newIndex {
		buyers[b] = s.Buyers[old]
	}
	s.Buyers = buyers
	s.Contacts.renumber(newIndex)
	s.phoneOK, s.holdout = nil, nil
	return newIndex
}

// renumber moves each buyer's contacts from its old index to newIndex[old].
func (d *DayContacts) renumber(newIndex []int32) {
	if len(d.start) == 0 {
		return
	}
	start := make([]uint32, max(len(d.start), len(newIndex)))
	for old, st := range d.start {
		if old < len(newIndex) {
			start[newIndex[old]] = st
		}
	}
	d.start = start
}
