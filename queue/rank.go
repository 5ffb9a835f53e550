package queue

import (
	"math/bits"
	"slices"
	"time"
)

// Section is where a row stands in the queue: due first, then upcoming, then blocked.
type Section uint8

// The sections, in display order.
const (
	SectionDue Section = iota
	SectionUpcoming
	SectionBlocked
)

var sectionNames = [...]string{"due", "upcoming", "blocked"}

// String returns due, upcoming or blocked (the `queue --format json` status).
func (s Section) String() string { return sectionNames[s] }

// Block says why an order may not be contacted now or any more.
type Block uint8

// The block reasons. BlockNone means the order is not blocked.
const (
	BlockNone     Block = iota
	BlockOptedOut       // the buyer opted out or complained: none of their orders
	BlockOutcome        // an outcome ended contact (claimed paid, invalid, duplicate)
	BlockCap            // the order's contact cap is reached
	BlockClaimed        // another specialist holds the claim lease
	BlockExpired        // past its close deadline
	BlockGaveUp         // followed up for the configured days, the buyer never answered
)

// Why is a bit set of the reasons behind a row's rank, turned into words by Explain.
type Why uint32

// The reasons.
const (
	WhyHighTicket Why = 1 << iota
	WhyLowTicket
	WhyNewBuyer
	WhyReturning
	WhyFirstWave
	WhySecondWave
	WhyRetry
	WhyClosingSoon
	WhyPeak
	WhyCallAverse
	WhyFlash
	WhyCallback
	WhySnoozed
	WhyQuiet
	WhyMeal
	WhyGrace
	WhyCooldown
	WhyMine
	WhyDeclined
)

// Row is one ranked order. Rows are small and hold no strings: text is made only for the
// rows on screen (Explain), so ranking a million orders allocates nothing per order.
type Row struct {
	Order   int32 // index into Snapshot.Orders
	Score   int32 // urgency of a due row; higher first
	NextAt  int64 // unix seconds when an upcoming row becomes due
	Why     Why
	Section Section
	Channel Channel
	Rule    ChannelRule
	Block   Block
	Wave    Wave
}

// Input is everything a ranking depends on. The ranking is a pure function of it.
type Input struct {
	Snap   *Snapshot
	Config *Config
	Now    time.Time
	Me     int32 // the viewing operator's index in Snap.Operators; -1 = nobody in particular
}

// Ranker ranks snapshots, reusing its buffers between calls so a live re-rank each second
// does not churn memory.
type Ranker struct {
	rows []Row
	// Due, Upcoming and Blocked count the rows of each section after the last Rank.
	Due, Upcoming, Blocked int
}

// Rank evaluates every order at in.Now and returns the rows in display order: due rows by
// urgency, upcoming rows by due time, blocked rows last. The slice is reused by the next call.
func (r *Ranker) Rank(in Input) []Row {
	n := len(in.Snap.Orders)
	r.rows = slices.Grow(r.rows[:0], n)[:n]
	ev := newEvaluator(in)
	var counts [3]int
	for i := range in.Snap.Orders {
		r.rows[i] = ev.evaluate(int32(i))
		counts[r.rows[i].Section]++
	}
	r.Due, r.Upcoming, r.Blocked = counts[0], counts[1], counts[2]
	slices.SortFunc(r.rows, compareRows(in.Snap))
	return r.rows
}

// compareRows orders rows for display. Ties break on order creation and id so the ranking
// is deterministic for a given input.
func compareRows(s *Snapshot) func(a, b Row) int {
	return func(a, b Row) int {
		if a.Section != b.Section {
			return int(a.Section) - int(b.Section)
		}
		switch a.Section {
		case SectionDue:
			if a.Score != b.Score {
				if a.Score > b.Score {
					return -1
				}
				return 1
			}
		case SectionUpcoming:
			if a.NextAt != b.NextAt {
				if a.NextAt < b.NextAt {
					return -1
				}
				return 1
			}
		}
		oa, ob := &s.Orders[a.Order], &s.Orders[b.Order]
		if oa.Created != ob.Created {
			if oa.Created < ob.Created {
				return -1
			}
			return 1
		}
		if oa.ID < ob.ID {
			return -1
		}
		if oa.ID > ob.ID {
			return 1
		}
		return int(oa.Platform) - int(ob.Platform)
	}
}

// evaluator holds what is the same for every order of one ranking.
type evaluator struct {
	in    Input
	cfg   *Config
	now   int64
	today int32
	quiet bool // now falls in quiet hours: nothing is due
	meal  bool
	peak  bool
}

func newEvaluator(in Input) *evaluator {
	cfg := in.Config
	now := in.Now.Unix()
	m := MinuteOfDay(now, cfg.Location)
	ev := &evaluator{in: in, cfg: cfg, now: now, today: LocalDay(now, cfg.Location)}
	ev.quiet = inAny(cfg.Timing.Quiet, m)
	ev.meal = inAny(cfg.Timing.Meals, m)
	ph := cfg.PhaseAt(in.Now)
	ev.peak = ph != PhaseOrdinary && ph != PhaseDayAfter && inAny(cfg.Timing.Peaks, m)
	return ev
}

func inAny(ws []Window, m int32) bool {
	for _, w := range ws {
		if w.Contains(m) {
			return true
		}
	}
	return false
}

// Deadline returns the order's close deadline: the export's, or the configured default.
func (c *Config) Deadline(o *Order) int64 {
	if o.Deadline != 0 {
		return o.Deadline
	}
	if o.Flags&FlagFlash != 0 {
		return o.Created + c.Timing.FlashDeadline.Seconds()
	}
	return o.Created + c.Timing.Deadline.Seconds()
}

// Cap returns the most contacts the order may get.
func (c *Config) Cap(o *Order) int {
	if o.Amount < c.Value.LowTicket {
		return c.Caps.PerLowTicketOrder
	}
	return c.Caps.PerOrder
}

func (ev *evaluator) evaluate(i int32) Row {
	cfg := ev.cfg
	o := &ev.in.Snap.Orders[i]
	b := &ev.in.Snap.Buyers[o.Buyer]
	c := &o.Contact
	row := Row{Order: i}

	// The segment reasons come first: they explain every section.
	switch {
	case o.Amount >= cfg.Value.HighTicket:
		row.Why |= WhyHighTicket
	case o.Amount < cfg.Value.LowTicket:
		row.Why |= WhyLowTicket
	}
	if b.Returning() {
		row.Why |= WhyReturning
	} else {
		row.Why |= WhyNewBuyer
	}
	if o.Flags&FlagCallAverse != 0 {
		row.Why |= WhyCallAverse
	}
	if o.Flags&FlagFlash != 0 {
		row.Why |= WhyFlash
	}
	if ev.in.Me >= 0 && (o.Agent == ev.in.Me || (c.ClaimBy == ev.in.Me && c.ClaimUntil > ev.now)) {
		row.Why |= WhyMine
	}

	deadline := cfg.Deadline(o)
	row.Wave = ev.wave(o)
	row.Channel, row.Rule = cfg.ChooseChannel(ChannelInput{Order: o, Buyer: b, Wave: row.Wave, Today: ev.today})
	if blk := ev.block(o, b, deadline); blk != BlockNone {
		row.Section, row.Block = SectionBlocked, blk
		return row
	}
	switch row.Wave {
	case WaveFirst:
		row.Why |= WhyFirstWave
	case WaveSecond:
		row.Why |= WhySecondWave
	default:
		row.Why |= WhyRetry
	}
	if c.LastResult == ResultDeclined {
		row.Why |= WhyDeclined
	}

	due, why := ev.dueAt(o, deadline, row.Wave)
	row.Why |= why
	if deadline-ev.now < 6*3600 {
		row.Why |= WhyClosingSoon
	}
	if due > ev.now {
		row.Section, row.NextAt = SectionUpcoming, due
		return row
	}
	row.Section = SectionDue
	row.Score = ev.score(o, b, deadline, row)
	if ev.peak {
		row.Why |= WhyPeak
	}
	return row
}

// block returns why the order may not be contacted, or BlockNone.
func (ev *evaluator) block(o *Order, b *Buyer, deadline int64) Block {
	c := &o.Contact
	switch {
	case b.OptedOut:
		return BlockOptedOut
	case c.Closed:
		return BlockOutcome
	case int(c.Touches) >= ev.cfg.Cap(o):
		return BlockCap
	case c.ClaimBy >= 0 && c.ClaimBy != ev.in.Me && c.ClaimUntil > ev.now:
		return BlockClaimed
	case ev.now >= deadline:
		return BlockExpired
	case c.Touches > 0 && !c.Answered && ev.cfg.Timing.HighTicketDays > 0 &&
		ev.now-o.Created >= int64(ev.cfg.Timing.HighTicketDays)*86400:
		return BlockGaveUp
	}
	return BlockNone
}

// wave returns the round of contact the order is in.
func (ev *evaluator) wave(o *Order) Wave {
	c := &o.Contact
	switch {
	case c.Touches == 0:
		return WaveFirst
	case c.Touches == 1 && !c.Answered && c.LastChannel == ChannelIM &&
		LocalDay(c.LastAt, ev.cfg.Location) == ev.today:
		return WaveSecond
	}
	return WaveRetry
}

// dueAt returns when the order becomes due, after the grace period, the waves, the
// cooldown, callbacks and the quiet and meal windows, with the reasons that moved it.
func (ev *evaluator) dueAt(o *Order, deadline int64, w Wave) (int64, Why) {
	t := ev.cfg.Timing
	c := &o.Contact
	var why Why
	var due int64
	switch w {
	case WaveFirst:
		due = o.Created + t.FirstWave.Seconds()
		// An order that closes before its first wave is worth a word as soon as the
		// grace period is over.
		if deadline-t.FirstWave.Seconds() < due {
			due = deadline - t.FirstWave.Seconds()
		}
	case WaveSecond:
		due = max(o.Created+t.SecondWave.Seconds(), c.LastAt+t.Cooldown.Seconds())
	default:
		due = nextSameClock(o.Created, c.LastAt+t.Cooldown.Seconds())
	}
	if grace := o.Created + t.Grace.Seconds(); due < grace {
		due = grace
		if ev.now < grace {
			why |= WhyGrace
		}
	}
	if c.Touches > 0 && c.LastAt+t.Cooldown.Seconds() > due {
		due = c.LastAt + t.Cooldown.Seconds()
		if ev.now < due {
			why |= WhyCooldown
		}
	}
	if c.Until > due {
		due = c.Until
		if c.LastResult == ResultPromised {
			why |= WhyCallback
		} else {
			why |= WhySnoozed
		}
	}
	// Quiet hours are absolute. Meal times give way to a deadline that would pass.
	// A due time already past is checked at now: an overdue order still waits out the night.
	for {
		moved := false
		at := max(due, ev.now)
		if end, ok := windowEnd(ev.cfg.Timing.Quiet, at, ev.cfg.Location); ok {
			due, moved = end, true
			if ev.now < due {
				why |= WhyQuiet
			}
		}
		if end, ok := windowEnd(ev.cfg.Timing.Meals, at, ev.cfg.Location); ok && end < deadline {
			due, moved = end, true
			if ev.now < due {
				why |= WhyMeal
			}
		}
		if !moved {
			break
		}
	}
	return due, why
}

// nextSameClock returns the first instant at or after `after` that has the same clock time
// as created (whole days later): the next-day retry.
func nextSameClock(created, after int64) int64 {
	if after <= created {
		return created + 86400
	}
	days := (after - created + 86399) / 86400
	return created + days*86400
}

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

// score is the urgency of a due order: the close deadline dominates, then the value, then
// how fresh the wave is. It is an integer so the ranking is exact and fast.
func (ev *evaluator) score(o *Order, b *Buyer, deadline int64, row Row) int32 {
	left := deadline - ev.now
	if left < 0 {
		left = 0
	}
	// 1000 at the deadline, 500 with an hour left, ~13 at 72 hours.
	s := int64(1000 * 3600 / (left + 3600))
	// Value: about 40 points per doubling of the amount in yuan.
	s += int64(40 * bits.Len64(uint64(max(o.Amount, 0)/100)))
	switch row.Wave {
	case WaveFirst:
		s += 100 // fresh orders convert best
	case WaveSecond:
		s += 60
	default:
		s += 30
	}
	if row.Rule == RuleNewHighValue {
		s += 50
	}
	if ev.peak {
		s += 80
	}
	if o.Contact.Until != 0 && o.Contact.LastResult == ResultPromised {
		s += 120 // a promised callback is a date with the buyer
	}
	if row.Why&WhyMine != 0 {
		s += 40 // 谁接待谁催付: the owner's own orders first
	}
	return int32(s)
}
