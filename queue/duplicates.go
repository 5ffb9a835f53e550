package queue

import "slices"

// duplicateWindow is how close in time two orders of one buyer must be to look like one
// purchase placed twice.
const duplicateWindow = 30 * 60

// MarkDuplicates flags orders a specialist should merge or check before contacting: a later
// order of the same buyer with the same items placed minutes after another (FlagDuplicate),
// and a later order of the same buyer that charges shipping again minutes after one that
// already did (FlagDoubleShipping; orders that charge shipping carry FlagShipping).
//
// It also counts each buyer's open orders and takes the shop's usual amount (CountOpen).
func MarkDuplicates(s *Snapshot) {
	idx := make([]int32, len(s.Orders))
	for i := range idx {
		idx[i] = int32(i)
	}
	s.Usual = usualAmount(s.Orders)
	markDuplicates(s, idx)
}

// CountOpen counts each buyer's open orders (Buyer.Open) and takes the shop's usual amount
// (Snapshot.Usual): what a snapshot read back from a file, with its flags already marked,
// needs worked out again.
func (s *Snapshot) CountOpen() {
	for i := range s.Buyers {
		s.Buyers[i].Open = 0
	}
	for i := range s.Orders {
		s.countOpen(&s.Orders[i])
	}
	s.Usual = usualAmount(s.Orders)
}

func (s *Snapshot) countOpen(o *Order) {
	if int(o.Buyer) >= len(s.Buyers) { // a bare list of orders, as some callers build
		return
	}
	if b := &s.Buyers[o.Buyer]; b.Open < 255 {
		b.Open++
	}
}

// markDuplicates re-marks the orders idx, which must hold every order of their buyers, and
// counts those buyers' open orders again.
func markDuplicates(s *Snapshot, idx []int32) {
	for _, i := range idx {
		s.Orders[i].Flags &^= FlagDuplicate | FlagDoubleShipping
		if b := s.Orders[i].Buyer; int(b) < len(s.Buyers) {
			s.Buyers[b].Open = 0
		}
	}
	for _, i := range idx {
		s.countOpen(&s.Orders[i])
	}
	slices.SortFunc(idx, func(a, b int32) int {
		oa, ob := &s.Orders[a], &s.Orders[b]
		if oa.Buyer != ob.Buyer {
			return int(oa.Buyer - ob.Buyer)
		}
		if oa.Created != ob.Created {
			if oa.Created < ob.Created {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	for k := 1; k < len(idx); k++ {
		later := &s.Orders[idx[k]]
		for j := k - 1; j >= 0; j-- {
			earlier := &s.Orders[idx[j]]
			if earlier.Buyer != later.Buyer || later.Created-earlier.Created > duplicateWindow {
				break
			}
			if earlier.Title == later.Title && earlier.Amount == later.Amount {
				later.Flags |= FlagDuplicate
			}
			if earlier.Flags&FlagShipping != 0 && later.Flags&FlagShipping != 0 {
				later.Flags |= FlagDoubleShipping
			}
		}
	}
}
