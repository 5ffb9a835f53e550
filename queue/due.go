package queue

import "time"

// Deadline returns the order's close deadline: the export's, or the configured default.
func (c *Config) Deadline(o *Order) int64 {
	if _, to, ok := c.BalanceWindow(o); ok {
		return to // a balance order closes with its balance window
	}
	t := c.Timing.secs()
	return t.deadlineOf(o)
}

// timing is TimingConfig in whole seconds, worked out once per ranking instead of once per
// order.
type timing struct {
	grace, firstWave, firstWaveEnd, secondWave, phoneAfter, cooldown, deadline, flashDeadline int64
	giveUp                                                                                    int64 // 0 = never give up
	remind                                                                                    int64 // a balance order's last reminder, this long before its window ends
	afterCall, afterCallFresh                                                                 int64 // the SMS after an unanswered call: this long after it, and at the latest
}

func (t *TimingConfig) secs() timing {
	return timing{grace: t.Grace.Seconds(), firstWave: t.FirstWave.Seconds(), firstWaveEnd: t.FirstWaveEnd.Seconds(),
		secondWave: t.SecondWave.Seconds(), phoneAfter: t.PhoneAfter.Seconds(),
		cooldown: t.Cooldown.Seconds(), deadline: t.Deadline.Seconds(), flashDeadline: t.FlashDeadline.Seconds(),
		giveUp: int64(max(t.HighTicketDays, 0)) * 86400, afterCall: t.AfterCall.Seconds(), afterCallFresh: int64(AfterCallFresh / time.Second)}
}

// deadlineOf returns the order's close deadline: the export's, or the configured default.
func (t *timing) deadlineOf(o *Order) int64 {
	if o.Deadline != 0 {
		return o.Deadline
	}
	if o.Flags&FlagFlash != 0 {
		return o.Created + t.flashDeadline
	}
	return o.Created + t.deadline
}

// wave returns the round of contact the order is in:
//   - untouched: first until first_wave_end after the order, late after it;
//   - touched once, by an IM today that was not answered: second;
//   - otherwise the next-day retry.
//
// It is worked out without a branch: the touches of a million orders are random, and the
// branches on them mispredicted about as often as not.
func (ev *evaluator) wave(o *Order) Wave {
	c := &o.Contact
	untouched := b2u(c.Touches == 0)
	young := b2u(ev.now-o.Created < ev.t.firstWaveEnd)
	second := b2u(c.Touches == 1) & b2u(!c.Answered) & b2u(c.LastChannel == ChannelIM) & b2u(uint64(c.LastAt-ev.dayFrom) < ev.dayLen)
	// WaveFirst is 0, WaveSecond 1, WaveRetry 2 and WaveLate 3.
	return Wave(untouched*(3-3*young) + (1-untouched)*(2-second))
}

// dayBounds returns the first unix second of now's local day and the day's length in
// seconds (not always 86,400 where clocks change), as zone.day tells the days apart.
func dayBounds(z zone, now int64) (int64, uint64) {
	today := z.day(now)
	first := func(day int32) int64 { // the first second of day: days only go forward in time
		lo, hi := now-2*86400, now+2*86400
		for lo < hi {
			if mid := lo + (hi-lo)/2; z.day(mid) >= day {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return lo
	}
	from := first(today)
	return from, uint64(first(today+1) - from)
}

// dueAt returns when the order becomes due, after the grace period, the waves, the
// cooldown, callbacks and the quiet and meal windows, with the reasons that moved it.
//
// A balance order (bal not nil) is due by its balance window instead (balanceDue): no grace
// period, waves or phone_after counted from when it was placed.
func (ev *evaluator) dueAt(o *Order, deadline int64, w Wave, ch Channel, bal *span) (int64, Why) {
	t := &ev.t
	c := &o.Contact
	var why Why
	var due int64
	switch {
	case bal != nil:
		due = balanceDue(c, *bal, t.remind)
	case w == WaveFirst, w == WaveLate:
		due = o.Created + t.firstWave
		// An order that closes before its first wave is worth a word as soon as the
		// grace period is over.
		if deadline-t.firstWave < due {
			due = deadline - t.firstWave
		}
	case w == WaveSecond:
		due = max(o.Created+t.secondWave, c.LastAt+t.cooldown)
	default:
		due = nextSameClock(o.Created, c.LastAt+t.cooldown)
	}
	if ch == ChannelPhone && c.Touches > 0 && bal == nil {
		// A call comes phone_after the order at the earliest, once the IM had its chance.
		due = max(due, o.Created+t.phoneAfter)
	}
	if grace := o.Created + t.grace; due < grace && bal == nil {
		due = grace
		if ev.now < grace {
			why |= WhyGrace
		}
	}
	if c.Touches > 0 && c.LastAt+t.cooldown > due {
		due = c.LastAt + t.cooldown
		if ev.now < due {
			why |= WhyCooldown
		}
	}
	switch {
	case c.CallbackPending():
		// The buyer named the time: the callback keeps it, whatever the waves say.
		due = c.Until
		why |= WhyCallback
	case c.Until > due:
		due = c.Until
		why |= WhySnoozed
	}
	if ev.dayFree != nil && why&WhyCallback == 0 {
		// The buyer had their contacts of the day (daycap.go): all their orders wait.
		if free := int64(ev.dayFree[o.Buyer]); free > due {
			due = free
			why |= WhyDayCap
		}
	}
	// The channel's window and the quiet hours are absolute. Meal times hold back what
	// interrupts a meal (a call, a text message) and give way to a deadline that would pass;
	// a chat message waits in the app. A due time already past is checked at now: an overdue
	// order still waits out the night.
	at := max(due, ev.now)
	k := openFor(ch)
	next, ok := ev.opens.calm[k].quick(at)
	if !ok {
		next, ok = ev.opens.next(k, true, at)
	}
	if (!ok || next >= deadline) && k != openIM {
		if next, ok = ev.opens.open[k].quick(at); !ok {
			next, ok = ev.opens.next(k, false, at)
		}
	}
	switch {
	case !ok: // never open within the horizon (checkWindows refuses such a config)
		return at + horizonDays*86400, why | WhyWindow
	case next == at:
		return due, why
	case inAny(ev.cfg.Timing.Quiet, ev.zone.minute(at)):
		why |= WhyQuiet
	case ev.opens.open[k].has(at): // open but for a meal
		why |= WhyMeal
	default:
		why |= WhyWindow
	}
	return next, why
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

// Quiet reports whether t falls in the shop's quiet hours, when nobody is contacted.
func (c *Config) Quiet(t time.Time) bool {
	return inAny(c.Timing.Quiet, MinuteOfDay(t.Unix(), c.Location))
}
