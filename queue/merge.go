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
// new unpaid ones appended, paid and closed ones removed, and their buyers updated (which
// every order of that buyer sees). It keeps the remaining orders in store order, so ranking
// stays deterministic. It runs in a few passes over the snapshot, whatever the number of
// changes, and reports the orders that came into the queue and the ones that left it.
func (s *Snapshot) Merge(ch *Changes) (added []OrderKey, left []Order) {
	added, left, _ = s.MergeGone(ch)
	return added, left
}

// MergeGone is Merge, and also says where the orders that left were: their indexes before
// the merge, ascending. Every order after one of them moved up by one, so rows ranked before
// the merge can be made to point at their orders again (see Reindex).
func (s *Snapshot) MergeGone(ch *Changes) (added []OrderKey, left []Order, gone []int32) {
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
	// Orders: replace or drop the changed ones in place, keeping the others' order.
	done := make([]bool, len(ch.Orders))
	var before []int32 // the buyers the changed orders had: a moved order leaves one behind
	w := 0
	for i := range s.Orders {
		o := s.Orders[i]
		if ci, ok := byOrder[o.Key()]; ok {
			done[ci] = true
			before = append(before, o.Buyer)
			if ch.Orders[ci].Status != StatusUnpaid {
				left = append(left, o)
				gone = append(gone, int32(i))
				continue
			}
			o = ch.Orders[ci].Order
		}
		s.Orders[w] = o
		w++
	}
	s.Orders = s.Orders[:w]
	for ci := range ch.Orders {
		if !done[ci] && ch.Orders[ci].Status == StatusUnpaid {
			s.Orders = append(s.Orders, ch.Orders[ci].Order)
			added = append(added, ch.Orders[ci].Order.Key())
		}
	}
	s.Seq = max(s.Seq, ch.Seq)
	// Duplicates can only have changed among the changed buyers' orders.
	touched := make([]bool, len(s.Buyers))
	for i := range ch.Orders {
		touched[ch.Orders[i].Order.Buyer] = true
	}
	for _, bi := range before {
		touched[bi] = true
	}
	for bi, t := range touched {
		if t {
			s.Buyers[bi].Open = 0 // a buyer whose orders all left has none
		}
	}
	var idx []int32
	for i := range s.Orders {
		if touched[s.Orders[i].Buyer] {
			idx = append(idx, int32(i))
		}
	}
	markDuplicates(s, idx)
	return added, left, gone
}

// Reindex makes rows ranked before a merge point at their orders after it, in place: the
// rows of the orders gone (MergeGone's indexes) are dropped, the others moved up past them.
func Reindex(rows []Row, gone []int32) []Row {
	if len(gone) == 0 {
		return rows
	}
	w := 0
	for _, r := range rows {
		k, found := slices.BinarySearch(gone, r.Order)
		if found {
			continue
		}
		r.Order -= int32(k)
		rows[w] = r
		w++
	}
	return rows[:w]
}
