package queue

import (
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
)

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
			if sameItems(earlier, later) {
				later.Flags |= FlagDuplicate
			}
			if earlier.Flags&FlagShipping != 0 && later.Flags&FlagShipping != 0 {
				later.Flags |= FlagDoubleShipping
			}
		}
	}
}

// ItemLine is one product line of an order as the duplicate check compares them: the item's
// id (SKU) when the export has one, else its title, and the quantity.
type ItemLine struct {
	ID, Title string
	Quantity  int
}

// ItemsSignature is a digest of an order's items, whatever order the lines come in: two
// orders with the same item ids (or, for items without one, the same titles) in the same
// quantities have the same signature. It is never 0, which means "not known" (an order
// stored before signatures were kept). Sixteen bits keep an order small; only orders of one
// buyer minutes apart are compared, so two different carts share one by chance once in
// 65,535 such pairs, and the flag asks the specialist to check, not to act blindly.
func ItemsSignature(lines []ItemLine) uint16 {
	keys := make([]string, len(lines))
	for i, l := range lines {
		k := "t:" + strings.TrimSpace(l.Title)
		if id := strings.TrimSpace(l.ID); id != "" {
			k = "#" + id
		}
		keys[i] = k + "\x00" + strconv.Itoa(max(l.Quantity, 1))
	}
	slices.Sort(keys)
	h := fnv.New32a()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0xff})
	}
	v := h.Sum32()
	return max(uint16(v^v>>16), 1)
}

// sameItems reports whether two orders hold the same items: by their signatures when both
// are known, else (orders stored before signatures were kept) by title and amount.
func sameItems(a, b *Order) bool {
	if a.Items != 0 && b.Items != 0 {
		return a.Items == b.Items
	}
	return a.Title == b.Title && a.Amount == b.Amount
}
