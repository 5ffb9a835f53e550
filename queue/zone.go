package queue

import "time"

// zone answers local-clock questions about unix times in the shop's zone without going
// through package time for every order: within one span of constant UTC offset (all of the
// year in Asia/Shanghai) they are plain arithmetic. Times outside the span fall back to
// package time, so zones with daylight saving stay exact.
type zone struct {
	loc    *time.Location
	off    int64 // seconds east of UTC within [lo, hi)
	lo, hi int64
}

func newZone(loc *time.Location, around time.Time) zone {
	t := around.In(loc)
	_, off := t.Zone()
	z := zone{loc: loc, off: int64(off), lo: -1 << 62, hi: 1 << 62}
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		z.lo = start.Unix()
	}
	if !end.IsZero() {
		z.hi = end.Unix()
	}
	return z
}

func (z *zone) fast(t int64) bool { return t >= z.lo && t < z.hi }

// minute returns the minutes after local midnight of t.
func (z *zone) minute(t int64) int32 {
	if z.fast(t) {
		return int32(floorMod(t+z.off, 86400) / 60)
	}
	return MinuteOfDay(t, z.loc)
}

// day returns the local day number of t (as LocalDay).
func (z *zone) day(t int64) int32 {
	if z.fast(t) {
		return int32(floorDiv(t+z.off, 86400))
	}
	return LocalDay(t, z.loc)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
