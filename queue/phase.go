package queue

import "time"

// Phase is the part of the sale calendar an instant falls in. The words change with it.
type Phase uint8

// The phases. On a sale day: 00:00–01:30 frenzy (stock runs out), then rational (pay early,
// ship early) until 20:00, then late (stock runs out again, no promise of early shipping).
// The day after the sale is assumptive ("packed and waiting"). Every other day is ordinary.
const (
	PhaseOrdinary Phase = iota
	PhaseFrenzy
	PhaseRational
	PhaseLate
	PhaseDayAfter
)

var phaseNames = [...]string{"ordinary", "frenzy", "rational", "late", "day_after"}

// String returns the phase's stable name (used in script files).
func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return "ordinary"
}

// ParsePhase reads a phase name as String writes it.
func ParsePhase(s string) (Phase, bool) {
	for i, n := range phaseNames {
		if n == s {
			return Phase(i), true
		}
	}
	return PhaseOrdinary, false
}

// Phases lists every phase.
var Phases = []Phase{PhaseOrdinary, PhaseFrenzy, PhaseRational, PhaseLate, PhaseDayAfter}

// Minutes after local midnight where the sale day's phases change.
const (
	frenzyEnd = 90      // 01:30
	lateStart = 20 * 60 // 20:00
)

// PhaseAt returns the sale-calendar phase of t in the shop's zone.
func (c *Config) PhaseAt(t time.Time) Phase {
	if c.Shop.SaleDay == "" {
		return PhaseOrdinary
	}
	sale, err := time.ParseInLocation("2006-01-02", c.Shop.SaleDay, c.Location)
	if err != nil {
		return PhaseOrdinary
	}
	lt := t.In(c.Location)
	y, m, d := lt.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, c.Location)
	switch {
	case today.Equal(sale):
		min := lt.Hour()*60 + lt.Minute()
		switch {
		case min < frenzyEnd:
			return PhaseFrenzy
		case min >= lateStart:
			return PhaseLate
		}
		return PhaseRational
	case today.Equal(sale.AddDate(0, 0, 1)):
		return PhaseDayAfter
	}
	return PhaseOrdinary
}

// MinuteOfDay returns the minutes since local midnight of unix time t in loc.
func MinuteOfDay(t int64, loc *time.Location) int32 {
	lt := time.Unix(t, 0).In(loc)
	return int32(lt.Hour()*60 + lt.Minute())
}
