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
// live contact (the caller leaves revoked ones out), not a group touch, which is one more
// order of a contact logged on the buyer's lead, and not an outcome that joins its attempt
// (joins, as ContactState.Apply or Conversations.Add tell it), which is that same contact.
func DayContact(e *Event, joins bool) bool {
	return e.Kind == EventContact && !IsGroupTouch(e) && !joins
}

// BuyerContacts are one buyer's contacts as the store hands them over: the buyer by platform
// and nick, and the times of their contacts, oldest first.
type BuyerContacts struct {
	Platform Platform
	Nick     string
	At       []uint32
}

// DayContacts are the buyers' recent contacts a snapshot keeps (Snapshot.Contacts), laid out
// for memory: no map entry and no slice per buyer, but one pool of runs, each a count and
// that many times (unix seconds, as the rest of the queue keeps them), oldest first; and,
// per buyer, where its run starts. A buyer's contacts are one slice of the pool, found at
// once. A run that grew moves to the pool's end and leaves a dead one behind, which the next
// compaction drops.
//
// The snapshot owns its pool: Clone copies it, so AddContact may write it in place.
type DayContacts struct {
	// Loaded says the store read them (a load under a config with the daily cap): a
	// snapshot without holds none, and the snapshot file says which it is.
	Loaded bool
	runs   []uint32 // n, then n times, oldest first; dead runs among them
	start  []uint32 // per buyer (index in Buyers): 1 + where its times start in runs; 0 = none
	dead   int      // how much of runs is dead
}

// Buyer returns the times of buyer b's contacts, oldest first (nil for a buyer not contacted
// lately). The slice is the pool's: do not change it.
func (d *DayContacts) Buyer(b int32) []uint32 {
	if b < 0 || int(b) >= len(d.start) || d.start[b] == 0 {
		return nil
	}
	p := d.start[b] - 1
	return d.runs[p : p+d.runs[p-1]]
}

// Len returns how many buyers have contacts.
func (d *DayContacts) Len() int {
	n := 0
	d.Each(func(int32, []uint32) { n++ })
	return n
}

// Each calls f on every buyer with contacts and their times, by buyer (the slices are the
// pool's: do not change them).
func (d *DayContacts) Each(f func(b int32, at []uint32)) {
	for b, st := range d.start {
		if st != 0 {
			p := st - 1
			f(int32(b), d.runs[p:p+d.runs[p-1]])
		}
	}
}

// Set makes at, oldest first, buyer b's contacts (none when empty).
func (d *DayContacts) Set(b int32, at []uint32) {
	if old := d.Buyer(b); old != nil {
		d.dead += 1 + len(old)
		d.start[b] = 0
	}
	if len(at) == 0 {
		return
	}
	for len(d.start) <= int(b) {
		d.start = append(d.start, 0)
	}
	d.runs = append(d.runs, uint32(len(at)))
	d.start[b] = uint32(len(d.runs) + 1)
	d.runs = append(d.runs, at...)
}

// add inserts at into buyer b's contacts, after those at the same second: in place when
// theirs is the pool's last run, moved to the pool's end otherwise.
func (d *DayContacts) add(b int32, at uint32) {
	old := d.Buyer(b)
	i := sortedAfter(old, int64(at))
	if old != nil && int(d.start[b])-1+len(old) == len(d.runs) {
		d.runs = slices.Insert(d.runs, int(d.start[b])-1+i, at)
		d.runs[d.start[b]-2]++
		return
	}
	if old != nil {
		d.dead += 1 + len(old)
	}
	for len(d.start) <= int(b) {
		d.start = append(d.start, 0)
	}
	// old stays readable whether or not the appends move the pool: they write past it.
	d.runs = append(d.runs, uint32(len(old)+1))
	d.start[b] = uint32(len(d.runs) + 1)
	d.runs = append(append(append(d.runs, old[:i]...), at), old[i:]...)
	d.compact()
}

// trim drops every contact at or before from (unix seconds), and the dead runs: the pool is
// laid anew, by buyer.
func (d *DayContacts) trim(from int64) {
	if d.dead == 0 && !d.before(from) {
		return // nothing to drop: the pool stays as it is
	}
	runs := make([]uint32, 0, len(d.runs)-d.dead)
	for b, st := range d.start {
		if st == 0 {
			continue
		}
		p := st - 1
		at := d.runs[p : p+d.runs[p-1]]
		if at = at[sortedAfter(at, from):]; len(at) == 0 {
			d.start[b] = 0
			continue
		}
		runs = append(runs, uint32(len(at)))
		d.start[b] = uint32(len(runs) + 1)
		runs = append(runs, at...)
	}
	d.runs, d.dead = runs, 0
}

// before reports whether any buyer's oldest contact is at or before from.
func (d *DayContacts) before(from int64) bool {
	for _, st := range d.start {
		if st != 0 && int64(d.runs[st-1]) <= from {
			return true
		}
	}
	return false
}

// compact drops the dead runs once they are as much of the pool as the live ones.
func (d *DayContacts) compact() {
	if d.dead > 64 && 2*d.dead >= len(d.runs) {
		d.trim(-1)
	}
}

// Fit drops the dead runs and the room the pool grew by, for a snapshot just loaded: what
// is left is the contacts alone.
func (d *DayContacts) Fit() {
	d.trim(-1)
	d.runs, d.start = slices.Clip(slices.Clone(d.runs)), slices.Clip(slices.Clone(d.start))
}

// clone returns a copy that shares nothing.
func (d DayContacts) clone() DayContacts {
	d.runs, d.start = slices.Clone(d.runs), slices.Clone(d.start)
	return d
}

// sortedAfter returns the index of the first of at (ascending) after t.
func sortedAfter(at []uint32, t int64) int {
	if t < 0 {
		return 0
	}
	if t >= 1<<32-1 {
		return len(at)
	}
	i, _ := slices.BinarySearch(at, uint32(t)+1)
	return i
}

// KeepsContacts reports whether a snapshot loaded under c keeps the buyers' contacts
// (Snapshot.Contacts): only the daily cap reads them.
func (c *Config) KeepsContacts() bool { return c.Caps.PerBuyerDay > 0 }

// BuyerContacts returns the times of buyer b's contacts the snapshot knows, oldest first
// (nil for a buyer not contacted lately). The slice is the snapshot's: do not change it.
func (s *Snapshot) BuyerContacts(b int32) []uint32 { return s.Contacts.Buyer(b) }

// AddContact records e, just logged on one of buyer b's orders, when it is a contact the
// daily cap counts, so the snapshot knows it before the store's next changes come in: joins
// is what folding it into its order returned (ContactState.Apply). It writes only the
// snapshot's own memory (Clone copies the contacts).
func (s *Snapshot) AddContact(b int32, e *Event, joins bool) {
	if DayContact(e, joins) {
		s.Contacts.add(b, UnixTime(e.At))
	}
}

// UnixTime is t (unix seconds) as the queue keeps times: uint32, good until 2106; a time
// before 1970 is 0.
func UnixTime(t int64) uint32 { return uint32(min(max(t, 0), 1<<32-1)) }

// mergeContacts brings the buyers' contacts up to the store's changes: the buyers in
// changed (all the changed orders' buyers) take the store's list, resolved to their index
// in Buyers with index, and every contact at or before ch.Latest - KeepContacts falls out
// of the window, as a full load reads them.
func (s *Snapshot) mergeContacts(ch *Changes, changed []int32, index func(p Platform, nick string) (int32, bool)) {
	if !ch.DayContacts {
		s.Contacts = DayContacts{}
		return
	}
	// A snapshot loaded without them (Loaded false) takes the changed buyers' too, and
	// stays one the store does not take for a full list.
	for _, b := range changed {
		s.Contacts.Set(b, nil)
	}
	for i := range ch.Contacts {
		c := &ch.Contacts[i]
		if b, ok := index(c.Platform, c.Nick); ok {
			s.Contacts.Set(b, c.At)
		}
	}
	s.Contacts.trim(ch.Latest - KeepContacts)
}

// dayCapFree returns when a buyer whose contacts were at times at (oldest first) falls below
// cap contacts in the rolling day again, or 0 when they are below it at now. Contacts after
// now - 24 h count, so the cap-th latest of them is the one whose 24th hour frees the buyer.
func dayCapFree(at []uint32, now int64, cap int) int64 {
	if cap <= 0 || len(at) < cap {
		return 0
	}
	if len(at)-sortedAfter(at, now-dayCapWindow) < cap { // those inside the day
		return 0
	}
	return int64(at[len(at)-cap]) + dayCapWindow
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
	s.Contacts.Each(func(b int32, at []uint32) {
		if int(b) >= len(free) {
			return
		}
		if t := dayCapFree(at, now, cap); t > 0 {
			free[b] = UnixTime(t)
			set = append(set, b)
		}
	})
	return free, set
}
