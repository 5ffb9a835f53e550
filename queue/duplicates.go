package queue

import "slices"

// duplicateWindow is how close in time two orders of one buyer must be to look like one
// purchase placed twice.
const duplicateWindow = 30 * 60

// MarkDuplicates flags orders a specialist should merge or check before contacting: a later
// order of the same buyer with the same items placed minutes after another (FlagDuplicate),
// and a later order of the same buyer that charges shipping again minutes after one that
// already did (FlagDoubleShipping; orders that charge shipping carry FlagShipping).
func MarkDuplicates(s *Snapshot) {
	idx := make([]int32, len(s.Orders))
	for i := range idx {
		idx[i] = int32(i)
	}
	markDuplicates(s, idx)
}

// markDuplicates re-marks the orders idx, which must hold every order of their buyers.
func markDuplicates(s *Snapshot, idx []int32) {
	for _, i := range idx {
		s.Orders[i].Flags &^= FlagDuplicate | FlagDoubleShipping
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
