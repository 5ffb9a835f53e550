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

// windows is a list of daily windows with, for each minute of the day, where the window
// holding that minute ends, so the ranking asks with one look-up instead of a loop.
type windows struct {
	list []Window
	end  [24 * 60]int16 // minutes after the day's midnight (past 1440 across it); 0 = none
}

func newWindows(ws []Window) *windows {
	w := &windows{list: ws}
	for m := range w.end {
		for _, win := range ws {
			if !win.Contains(int32(m)) || win.Start == win.End {
				continue
			}
			e := int16(win.End)
			if int(e) <= m { // the window crosses midnight
				e += 24 * 60
			}
			w.end[m] = e
			break
		}
	}
	return w
}

// windowEnd reports whether t falls in one of the windows, and if so the first moment after
// that window.
func (z *zone) windowEnd(ws *windows, t int64) (int64, bool) {
	if len(ws.list) == 0 {
		return 0, false
	}
	if !z.fast(t) {
		return windowEnd(ws.list, t, z.loc)
	}
	sinceMidnight := floorMod(t+z.off, 86400)
	e := ws.end[sinceMidnight/60]
	if e == 0 {
		return 0, false
	}
	end := t - sinceMidnight + int64(e)*60
	if !z.fast(end) { // a zone change inside the window: let package time decide
		return windowEnd(ws.list, t, z.loc)
	}
	return end, true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// windowEnd reports whether unix time t falls in one of the windows (in loc), and if so
// the first moment after that window.
func windowEnd(ws []Window, t int64, loc *time.Location) (int64, bool) {
	m := MinuteOfDay(t, loc)
	for _, w := range ws {
		if !w.Contains(m) || w.Start == w.End {
			continue
		}
		lt := time.Unix(t, 0).In(loc)
		y, mo, d := lt.Date()
		end := time.Date(y, mo, d, int(w.End/60), int(w.End%60), 0, 0, loc)
		if !end.After(lt) {
			end = time.Date(y, mo, d+1, int(w.End/60), int(w.End%60), 0, 0, loc)
		}
		return end.Unix(), true
	}
	return 0, false
}
