package queue

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// WindowsConfig says when each channel may be used, in the shop's zone. The quiet hours
// close every channel on top of these; meal times hold back calls and SMS.
type WindowsConfig struct {
	IM              []Window `toml:"im"`               // an ordinary day
	IMSale          []Window `toml:"im_sale"`          // a sale day (a chat waits in the buyer's app)
	Phone           []Window `toml:"phone"`            // every day, the sale day included
	SMSNotification []Window `toml:"sms_notification"` // 通知: a reminder with no offer
	SMSMarketing    []Window `toml:"sms_marketing"`    // 营销: any offer
}

// An openKind is a set of windows the ranking asks about: a channel, or for SMS the union of
// both kinds (when some SMS may go out) and the marketing kind alone.
type openKind uint8

const (
	openIM openKind = iota
	openPhone
	openSMS       // either kind of SMS
	openMarketing // a marketing SMS
	openKinds
)

// openFor returns the openKind of a channel (IM for ChannelNone: it is never asked).
func openFor(ch Channel) openKind {
	switch ch {
	case ChannelPhone:
		return openPhone
	case ChannelSMS:
		return openSMS
	}
	return openIM
}

// windowsOf returns the windows of kind k on a day that is (or is not) a sale day.
func (w *WindowsConfig) windowsOf(k openKind, saleDay bool) []Window {
	switch k {
	case openPhone:
		return w.Phone
	case openSMS:
		return append(slices.Clip(w.SMSNotification), w.SMSMarketing...)
	case openMarketing:
		return w.SMSMarketing
	}
	if saleDay {
		return w.IMSale
	}
	return w.IM
}

// spans are sorted, disjoint [from, to) unix spans: the moments a channel is open.
type spans []span

// next returns the first open moment at or after t, and false when none is known.
func (s spans) next(t int64) (int64, bool) {
	i := sort.Search(len(s), func(i int) bool { return s[i].to > t })
	if i == len(s) {
		return 0, false
	}
	return max(s[i].from, t), true
}

// has reports whether t is an open moment.
func (s spans) has(t int64) bool {
	at, ok := s.next(t)
	return ok && at == t
}

// horizonDays is how many days ahead of now a ranking works out the open moments. A time
// past them is worked out when asked (rare: a callback or snooze far ahead), and a channel
// that does not open within that many days of it is taken as never open, so no search for
// an open moment runs unbounded whatever the windows say.
const horizonDays = 9

// openSpans returns when kind k is open on the local days from `from`'s day to `days` days
// later: its windows of each day (a sale day's for IM, as saleOn says), minus the quiet hours
// and, with meals set, minus the meal times. Windows may cross midnight, overlap, or cover the
// whole day (Start == End, as Window.Contains has it); every loop here is over days and
// windows, never open-ended.
func (c *Config) openSpans(k openKind, from time.Time, days int, meals bool, saleOn func(dayStart, dayEnd int64) bool) spans {
	loc := c.Location
	y, m, d := from.In(loc).Date()
	var open, closed []span
	for i := -1; i <= days+1; i++ {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		next := time.Date(y, m, d+i+1, 0, 0, 0, 0, loc)
		if i <= days {
			for _, w := range c.Windows.windowsOf(k, saleOn(day.Unix(), next.Unix())) {
				open = append(open, w.on(day, loc))
			}
		}
		for _, w := range c.Timing.Quiet {
			closed = append(closed, w.on(day, loc))
		}
		if meals {
			for _, w := range c.Timing.Meals {
				closed = append(closed, w.on(day, loc))
			}
		}
	}
	return subtract(merge(open), merge(closed))
}

// on returns the window's span on the local day starting at day: from its start to its end,
// which is the next day's when the window crosses midnight; Start == End is the whole day.
func (w Window) on(day time.Time, loc *time.Location) span {
	y, m, d := day.Date()
	from := time.Date(y, m, d, 0, int(w.Start), 0, 0, loc)
	end := d
	if w.End <= w.Start {
		end++
	}
	to := time.Date(y, m, end, 0, int(w.End), 0, 0, loc)
	if w.Start == w.End {
		from, to = time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	}
	return span{from.Unix(), to.Unix()}
}

// merge sorts spans and joins the ones that overlap or touch.
func merge(ss []span) []span {
	slices.SortFunc(ss, func(a, b span) int { return int(a.from - b.from) })
	out := ss[:0]
	for _, s := range ss {
		if s.to <= s.from {
			continue
		}
		if n := len(out); n > 0 && s.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, s.to)
			continue
		}
		out = append(out, s)
	}
	return out
}

// subtract returns the parts of the merged spans a that no merged span of b covers.
func subtract(a, b []span) spans {
	var out spans
	j := 0
	for _, s := range a {
		from := s.from
		for j < len(b) && b[j].to <= from {
			j++
		}
		for k := j; k < len(b) && b[k].from < s.to; k++ {
			if b[k].from > from {
				out = append(out, span{from, b[k].from})
			}
			from = max(from, b[k].to)
		}
		if from < s.to {
			out = append(out, span{from, s.to})
		}
	}
	return out
}

// openTimes is what one ranking knows of when each kind of contact is open: with the meal
// times closed (calm) and without (open), from the day before now to horizonDays after.
type openTimes struct {
	cfg        *Config
	saleOn     func(dayStart, dayEnd int64) bool
	open, calm [openKinds]openIndex
}

func newOpenTimes(cfg *Config, now time.Time, sales []span) *openTimes {
	ot := &openTimes{cfg: cfg, saleOn: salesOverlap(sales)}
	from, to := now.Unix(), now.Unix()+horizonDays*86400
	for k := openKind(0); k < openKinds; k++ {
		ot.open[k] = newOpenIndex(cfg.openSpans(k, now, horizonDays, false, ot.saleOn), from, to)
		ot.calm[k] = ot.open[k]
		if k != openIM { // a chat message waits in the app: meals do not hold it back
			ot.calm[k] = newOpenIndex(cfg.openSpans(k, now, horizonDays, true, ot.saleOn), from, to)
		}
	}
	return ot
}

// index returns the table of kind k, with or without the meal times closed.
func (ot *openTimes) index(k openKind, meals bool) *openIndex {
	if meals {
		return &ot.calm[k]
	}
	return &ot.open[k]
}

// next returns the first moment at or after t when kind k is open, with or without the
// meal times closed, and false when it does not open within horizonDays of t.
//
// The ranking asks quick first, which answers most moments without a call.
func (ot *openTimes) next(k openKind, meals bool, t int64) (int64, bool) {
	if at, ok := ot.index(k, meals).next(t); ok {
		return at, true
	}
	// Past the ranking's horizon: work out the days after t alone.
	return ot.cfg.openSpans(k, time.Unix(t, 0), horizonDays, meals && k != openIM, ot.saleOn).next(t)
}

// openSlot is the step of an openIndex, in seconds.
const openSlot = 900

// openIndex is spans with a table of where to start looking for a moment in each openSlot
// step of a ranking's horizon: a million orders ask when their channel opens, and a step or
// two from the table costs less than a binary search, whose branches a random moment
// mispredicts. A step that is open or closed throughout has its answer in the table. It
// answers exactly as spans.next does, for any moment.
type openIndex struct {
	spans
	base  int64    // the start of the first step
	first []uint16 // first[j]: the first span that ends after base + j*openSlot; nil = none
	// at[j] is, for step j open throughout, its start, and for one closed throughout, when
	// it opens next, as seconds after base; -1 for a step with a span's edge in it.
	at []int32
}

// quick returns the first open moment at or after t when t's step has it in the table (hit),
// without a call or a loop: the ranking asks this first.
func (x *openIndex) quick(t int64) (next int64, hit bool) {
	if j := uint64(t-x.base) / openSlot; j < uint64(len(x.at)) {
		if a := x.at[j]; a >= 0 {
			return max(x.base+int64(a), t), true
		}
	}
	return 0, false
}

// newOpenIndex indexes s for the moments [from, to).
func newOpenIndex(s spans, from, to int64) openIndex {
	x := openIndex{spans: s, base: from}
	if len(s) > math.MaxUint16 || to <= from {
		return x // searched every time
	}
	x.first = make([]uint16, (to-from+openSlot-1)/openSlot)
	i := 0
	for j := range x.first {
		start := from + int64(j)*openSlot
		for i < len(s) && s[i].to <= start {
			i++
		}
		x.first[j] = uint16(i)
	}
	x.at = make([]int32, len(x.first))
	for j, i := range x.first {
		start, end := from+int64(j)*openSlot, from+int64(j+1)*openSlot
		switch {
		case int(i) == len(s):
			x.at[j] = -1 // never open again: the search says so
		case s[i].from <= start && s[i].to >= end:
			x.at[j] = int32(start - from)
		case s[i].from >= end && s[i].from-from <= math.MaxInt32:
			x.at[j] = int32(s[i].from - from)
		default:
			x.at[j] = -1
		}
	}
	return x
}

// next returns the first open moment at or after t, and false when none is known (as
// spans.next).
func (x *openIndex) next(t int64) (int64, bool) {
	if at, hit := x.quick(t); hit {
		return at, true
	}
	j := uint64(t-x.base) / openSlot // a moment before base wraps around, past the table
	if j >= uint64(len(x.first)) {
		return x.spans.next(t)
	}
	s := x.spans
	i := int(x.first[j])
	for i < len(s) && s[i].to <= t { // spans that end inside t's step, before t
		i++
	}
	if i == len(s) {
		return 0, false
	}
	return max(s[i].from, t), true
}

// has reports whether t is an open moment.
func (x *openIndex) has(t int64) bool {
	at, ok := x.next(t)
	return ok && at == t
}

// ChannelOpen reports whether channel ch may be used at t: inside its window (for SMS, the
// window of either kind), outside the quiet hours. Meal times are not counted: they are
// avoided, not forbidden.
func (c *Config) ChannelOpen(ch Channel, t time.Time) bool {
	return c.openSpans(openFor(ch), t, 0, false, salesOverlap(c.saleSpans(t))).has(t.Unix())
}

// NextOpen returns the next moment after t at which channel ch opens again: after the
// window it is in now, if it is open at t. ok is false when it does not open within the
// ranking's horizon.
func (c *Config) NextOpen(ch Channel, t time.Time) (at time.Time, ok bool) {
	for end := t.Add(horizonDays * 24 * time.Hour); c.ChannelOpen(ch, t) && t.Before(end); {
		t = t.Add(5 * time.Minute) // out of the window it is in (windows are in minutes)
	}
	next, ok := c.openSpans(openFor(ch), t, horizonDays, false, salesOverlap(c.saleSpans(t))).next(t.Unix())
	return time.Unix(next, 0), ok
}

// saleSpans returns the spans of SalesAround(t).
func (c *Config) saleSpans(t time.Time) []span {
	var out []span
	for _, s := range c.SalesAround(t) {
		out = append(out, span{s.Start.Unix(), s.End.Unix()})
	}
	return out
}

// salesOverlap returns whether a day [from, to) overlaps one of the sales: a sale day.
func salesOverlap(sales []span) func(from, to int64) bool {
	return func(from, to int64) bool {
		return slices.ContainsFunc(sales, func(s span) bool { return s.from < to && s.to > from })
	}
}

// checkWindows says what is wrong with the channel windows and the quiet and meal hours, or
// nil: a window that starts where it ends (empty or the whole day? write 00:00-24:00 for the
// whole day), quiet hours that leave no minute of the day, and a channel that is never open.
func (c *Config) checkWindows() error {
	lists := []struct {
		key string
		ws  []Window
	}{
		{"timing.quiet", c.Timing.Quiet}, {"timing.meals", c.Timing.Meals},
		{"windows.im", c.Windows.IM}, {"windows.im_sale", c.Windows.IMSale}, {"windows.phone", c.Windows.Phone},
		{"windows.sms_notification", c.Windows.SMSNotification}, {"windows.sms_marketing", c.Windows.SMSMarketing},
	}
	for _, l := range lists {
		for _, w := range l.ws {
			if w.Start == w.End {
				return configErr("window_empty", l.key, w.String())
			}
		}
	}
	var quiet [24 * 60]bool
	free := 0
	for m := range quiet {
		quiet[m] = inAny(c.Timing.Quiet, int32(m))
		if !quiet[m] {
			free++
		}
	}
	if free == 0 {
		return configErr("quiet_whole_day", "timing.quiet", windowList(c.Timing.Quiet))
	}
	for _, l := range lists[2:] {
		open := false
		for m := range quiet {
			open = open || (!quiet[m] && inAny(l.ws, int32(m)))
		}
		if !open {
			return configErr("never_open", l.key, windowList(l.ws), windowList(c.Timing.Quiet))
		}
	}
	return c.checkMarketing()
}

// The hours a marketing SMS may go out in at most: none at night, whatever the config says.
const marketingFrom, marketingUntil = 8 * 60, 22 * 60

// checkMarketing refuses a marketing SMS window that reaches into the night (before 08:00
// or after 22:00) or past the notification window: a marketing SMS is an SMS, with stricter
// hours, never looser ones.
func (c *Config) checkMarketing() error {
	w := &c.Windows
	for m := int32(0); m < 24*60; m++ {
		if !inAny(w.SMSMarketing, m) {
			continue
		}
		if m < marketingFrom || m >= marketingUntil {
			return configErr("marketing_night", "windows.sms_marketing", windowList(w.SMSMarketing), fmt.Sprintf("%02d:%02d", m/60, m%60))
		}
		if !inAny(w.SMSNotification, m) {
			return configErr("marketing_outside", "windows.sms_marketing", windowList(w.SMSMarketing), fmt.Sprintf("%02d:%02d", m/60, m%60), windowList(w.SMSNotification), "windows.sms_notification")
		}
	}
	return nil
}

func windowList(ws []Window) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += ", "
		}
		s += w.String()
	}
	return s
}
