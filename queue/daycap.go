package queue

// The per-buyer cap per day: at most [caps] per_buyer_day contacts with one buyer in any
// rolling 24 hours, over all their orders (0 = no such cap). A buyer at the cap waits, every
// order of theirs, until the oldest of those contacts is 24 hours old; a callback the buyer
// asked for keeps its time.

// dayCapWindow is the rolling day of the per-buyer daily cap.
const dayCapWindow = 24 * 3600

// dayCapFree returns when the order's contacts in the rolling day at now fall below cap
// again, or 0 when they are below it now. The order knows the time of its first and last
// touch and how many there were: when the first is inside the day, all of them are; when
// only the last is, it counts for one (those between are not known). A contact on one of a
// buyer's orders touches all their open orders, so the buyer's count is their most
// touched order's.
func dayCapFree(c *ContactState, now int64, cap int) int64 {
	from := now - dayCapWindow
	if c.Touches == 0 || c.LastAt <= from {
		return 0
	}
	n, oldest := 1, c.LastAt
	if first := c.FirstAt(); first > from {
		n, oldest = int(c.Touches), first
	}
	switch {
	case n < cap:
		return 0
	case n > cap:
		oldest = c.LastAt // over the cap already: which ones fall out first is not known
	}
	return oldest + dayCapWindow
}

// dayCaps works out, when the config has a per-buyer daily cap, when each buyer's frees up
// (unix seconds; 0 = not at it) into free, per buyer, and returns it; nil when there is no
// such cap, so the ranking pays nothing for it.
func dayCaps(s *Snapshot, cap int, now int64, free []uint32) []uint32 {
	if cap <= 0 {
		return nil
	}
	free = resize(free, len(s.Buyers))
	clear(free)
	for i := range s.Orders {
		o := &s.Orders[i]
		if t := dayCapFree(&o.Contact, now, cap); t > int64(free[o.Buyer]) {
			free[o.Buyer] = uint32(min(t, 1<<32-1))
		}
	}
	return free
}
