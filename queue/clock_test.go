package queue

import (
	"testing"
	"time"
)

// TestClockTime: a time on the clock's day in the shop's zone is said by the hour, one on
// another day with its date, one in another year with the year; the day is the shop's, not
// the caller's zone's.
func TestClockTime(t *testing.T) {
	shop := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 11, 11, 23, 50, 0, 0, shop)
	for _, tt := range []struct {
		at   time.Time
		now  time.Time
		want string
	}{
		{time.Date(2026, 11, 11, 23, 59, 0, 0, shop), now, "23:59"},
		{time.Date(2026, 11, 11, 0, 0, 0, 0, shop), now, "00:00"},
		{time.Date(2026, 11, 12, 0, 20, 0, 0, shop), now, "11-12 00:20"},
		{time.Date(2026, 11, 10, 10, 30, 0, 0, shop), now, "11-10 10:30"},
		{time.Date(2027, 1, 1, 0, 20, 0, 0, shop), time.Date(2026, 12, 31, 23, 50, 0, 0, shop), "2027-01-01 00:20"},
		// 15:50 UTC is 23:50 in the shop, and 16:20 UTC already the next day there.
		{time.Date(2026, 11, 11, 16, 20, 0, 0, time.UTC), now.UTC(), "11-12 00:20"},
		{time.Date(2026, 11, 11, 15, 55, 0, 0, time.UTC), now.UTC(), "23:55"},
	} {
		if got := ClockTime(tt.at.Unix(), tt.now, shop); got != tt.want {
			t.Errorf("ClockTime(%v, now %v) = %q, want %q", tt.at, tt.now, got, tt.want)
		}
	}
}
