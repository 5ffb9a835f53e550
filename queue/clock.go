package queue

import "time"

// Clock tells the time. Everything in cuifu reads time through a Clock, so --now can
// freeze it for replays, tests and demos.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock always returns T.
type FixedClock struct{ T time.Time }

// Now returns T.
func (c FixedClock) Now() time.Time { return c.T }

// ClockTime writes the time at (unix seconds) in the shop's zone loc as a screen says it
// beside now: 15:04 on now's day there, 01-02 15:04 on another day (a lease that ends after
// midnight, a clock set back with --now), and 2006-01-02 15:04 in another year.
func ClockTime(at int64, now time.Time, loc *time.Location) string {
	t, n := time.Unix(at, 0).In(loc), now.In(loc)
	switch {
	case t.Year() != n.Year():
		return t.Format("2006-01-02 15:04")
	case t.YearDay() != n.YearDay():
		return t.Format("01-02 15:04")
	}
	return t.Format("15:04")
}
