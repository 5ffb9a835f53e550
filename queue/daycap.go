package queue

import "slices"

// The per-buyer cap per day: at most [caps] per_buyer_day contacts with one buyer in any
// rolling 24 hours, over all their orders (0 = no such cap). A buyer at the cap waits, every
// order of theirs, until the oldest of those contacts is 24 hours old; a callback the buyer
// asked for keeps its time.
//
// The count is exact: the snapshot carries the times of each recently contacted buyer's
// contacts (Snapshot.Contacts), and the ranking and the check at log time (Breaks) both ask
// dayCapFree of them.

// dayCapWindow is the rolling day of the per-buyer daily cap.
const dayCapWindow = 24 * 3600

// KeepContacts is how far back from the log's latest contact a snapshot keeps buyers'
// contacts (Snapshot.Contacts): the rolling day, and one more for a ranking at a moment up to
// a day before that latest contact.
const KeepContacts = 2 * dayCapWindow

// DayContact reports whether e is a contact with its buyer as the daily cap counts them: a
// live contact (the caller leaves revoked ones out), and not a group touch, which is one more
// order of a contact logged on the buyer's lead, not a contact of its own.
func DayContact(e *Event) bool {
	return e.Kind == EventContact && !IsGroupTouch(e)
}

// BuyerContacts are one buyer's contacts as the store hands them over: the buyer by platform
// and nick, and the times of their contacts, oldest first.
type BuyerContacts struct {
	Platform Platform
	Nick     string
	At       []int64
}

// BuyerContacts returns the times of buyer b's contacts the snapshot knows, oldest first
// (nil for a buyer not contacted lately). The slice is the snapshot's: do not change it.
func (s *Snapshot) BuyerContacts(b int32) []int64 { return s.Contacts[b] }

// AddContact records e, just logged on one of buyer b's orders, when it is a contact the
// daily cap counts, so the snapshot knows it before the store's next changes come in. It
// never writes a slice another snapshot may share (see Clone).
func (s *Snapshot) AddContact(b int32, e *Event) {
	if !DayContact(e) {
		return
	}
	old := s.Contacts[b]
	at := make([]int64, 0, len(old)+1)
	i, _ := slices.BinarySearch(old, e.At+1) // after contacts at the same second
	at = append(append(append(at, old[:i]...), e.At), old[i:]...)
	if s.Contacts == nil {
		s.Contacts = map[int32][]int64{}
	}
	s.Contacts[b] = at
}

// setContacts takes over the store's list of recently contacted buyers, resolving each to
// its index in Buyers with index (false: a buyer with no order in the snapshot, who has
// nothing to rank).
func (s *Snapshot) setContacts(list []BuyerContacts, index func(p Platform, nick string) (int32, bool)) {
	s.Contacts = nil
	for i := range list {
		c := &list[i]
		if b, ok := index(c.Platform, c.Nick); ok && len(c.At) > 0 {
			if s.Contacts == nil {
				s.Contacts = make(map[int32][]int64, len(list))
			}
			s.Contacts[b] = c.At
		}
	}
}

// dayCapFree returns when a buyer whose contacts were at times at (oldest first) falls below
// cap contacts in the rolling day again, or 0 when they are below it at now. Contacts after
// now - 24 h count, so the cap-th latest of them is the one whose 24th hour frees the buyer.
func dayCapFree(at []int64, now int64, cap int) int64 {
	if cap <= 0 || len(at) < cap {
		return 0
	}
	in, _ := slices.BinarySearch(at, now-dayCapWindow+1) // the first contact inside the day
	if len(at)-in < cap {
		return 0
	}
	return at[len(at)-cap] + dayCapWindow
}

// dayCaps works out, when the config has a per-buyer daily cap, when each buyer's frees up
// (unix seconds; 0 = not at it) into free, per buyer, and returns it; nil when there is no
// such cap, so the ranking pays nothing for it. set lists the buyers whose entry the last
// call wrote: only those are cleared, so the cost is the recently contacted buyers', not
// every buyer's. It returns the buyers whose entry this call wrote.
func dayCaps(s *Snapshot, cap int, now int64, free []uint32, set []int32) ([]uint32, []int32) {
	if cap <= 0 {
		return nil, set
	}
	if len(free) == len(s.Buyers) {
		for _, b := range set {
			free[b] = 0
		}
	} else {
		free = make([]uint32, len(s.Buyers))
	}
	set = set[:0]
	for b, at := range s.Contacts {
		if int(b) >= len(free) {
			continue
		}
		if t := dayCapFree(at, now, cap); t > 0 {
			free[b] = uint32(min(t, 1<<32-1))
			set = append(set, b)
		}
	}
	return free, set
}
