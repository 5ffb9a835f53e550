package queue

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"cuifu/queue/words"
)

// Phase is where an order stands in the sale calendar. The words change with it.
type Phase uint8

// The phases. During a sale: its first 90 minutes are a frenzy (stock runs out), then
// rational (pay early, ship early) until its last four hours, then late (stock runs out
// again, no promise of early shipping); for the built-in one-day sales that is 00:00–01:30,
// 01:30–20:00 and 20:00–24:00. An order placed before the sale began is a pre-sale order
// while the sale is on (the sale price is on now). The day after a sale is assumptive
// ("packed and waiting") for the orders placed during it. Everything else is ordinary.
const (
	PhaseOrdinary Phase = iota
	PhaseFrenzy
	PhaseRational
	PhaseLate
	PhaseDayAfter
	PhasePreSale
)

var phaseNames = [...]string{"ordinary", "frenzy", "rational", "late", "day_after", "presale"}

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
var Phases = []Phase{PhaseOrdinary, PhaseFrenzy, PhaseRational, PhaseLate, PhaseDayAfter, PhasePreSale}

// How far into a sale the frenzy lasts, and how long before its end the late push starts.
const (
	frenzyLen = 90 * time.Minute
	lateLen   = 4 * time.Hour
)

// SaleConfig is one [[sale]] table of the config file. Times are the shop's local times,
// "YYYY-MM-DD HH:MM" (24:00 is the end of that day); a bare date means its 00:00 for a start
// and its 24:00 for an end.
type SaleConfig struct {
	Name         string `toml:"name"`
	Start        string `toml:"start"`
	End          string `toml:"end"`           // when the sale price ends
	BalanceStart string `toml:"balance_start"` // optional: the presale balance (尾款) window
	BalanceEnd   string `toml:"balance_end"`
}

// Sale is one sale of the calendar with its times resolved in the shop's zone.
type Sale struct {
	Name string
	// Builtin is a built-in sale's code (618, 1111, 1212; day for shop.sale_day), whose name
	// the words give in the reader's language; "" for a sale the config names.
	Builtin    string
	Start, End time.Time // the sale price is on in [Start, End)
	// BalanceStart and BalanceEnd bound the presale balance window; both zero when the sale
	// has none.
	BalanceStart, BalanceEnd time.Time
}

// Label names the sale in the user's language: a built-in sale by the words, a sale the
// config names by its name.
func (s *Sale) Label(l Lang) string {
	if n, ok := words.For(l).SaleName[s.Builtin]; ok {
		return n
	}
	return s.Name
}

// On reports whether the sale price is on at t.
func (s *Sale) On(t time.Time) bool { return !t.Before(s.Start) && t.Before(s.End) }

// dayAfter returns the local day after the sale's last day: [from, to).
func (s *Sale) dayAfter(loc *time.Location) (from, to time.Time) {
	y, m, d := s.End.Add(-time.Second).In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc), time.Date(y, m, d+2, 0, 0, 0, 0, loc)
}

// builtinSales are the sales every shop has unless the config turns them off: 双11, 618 and
// 双12, the whole local day, every year.
var builtinSales = []struct {
	name, code string
	month, day int
}{{"618", "618", 6, 18}, {"双11", "1111", 11, 11}, {"双12", "1212", 12, 12}}

// configSales returns the sale calendar's own sales: shop.sale_day's and the [[sale]]
// tables. They are read at each call, so a config changed in code needs no new Resolve;
// checkSales refuses a bad one when the file loads.
func (c *Config) configSales() ([]Sale, error) {
	var out []Sale
	if c.Shop.SaleDay != "" {
		if _, err := time.ParseInLocation("2006-01-02", c.Shop.SaleDay, c.Location); err != nil {
			return nil, configErr("sale_day", "shop.sale_day", c.Shop.SaleDay, "2026-11-11")
		}
		s, err := SaleConfig{Name: "大促", Start: c.Shop.SaleDay, End: c.Shop.SaleDay}.resolve(c.Location, "shop.sale_day")
		if err != nil {
			return nil, err
		}
		s.Builtin = "day"
		out = append(out, s)
	}
	for i, sc := range c.Sales {
		s, err := sc.resolve(c.Location, fmt.Sprintf("sale[%d].", i+1))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// CheckSales checks the calendar's own sales (shop.sale_day and the [[sale]] tables) as
// Resolve does when the file loads: for sales added after it, such as a store's own.
func (c *Config) CheckSales() error {
	_, err := c.configSales()
	return err
}

// resolve reads the sale's times in loc. key is what its errors name it by: "sale[2]." for
// a [[sale]] table (its settings follow), or the one setting that made it (shop.sale_day).
func (sc SaleConfig) resolve(loc *time.Location, key string) (Sale, error) {
	k := func(name string) string {
		if strings.HasSuffix(key, ".") {
			return key + name
		}
		return key
	}
	s := Sale{Name: strings.TrimSpace(sc.Name)}
	if s.Name == "" {
		return s, configErr("missing", k("name"), nil)
	}
	var err error
	if s.Start, s.End, err = parseSpan(k("start"), k("end"), sc.Start, sc.End, loc); err != nil {
		return s, err
	}
	if (sc.BalanceStart == "") != (sc.BalanceEnd == "") {
		return s, configErr("together", k("balance_start"), nil, k("balance_end"))
	}
	if sc.BalanceStart != "" {
		s.BalanceStart, s.BalanceEnd, err = parseSpan(k("balance_start"), k("balance_end"), sc.BalanceStart, sc.BalanceEnd, loc)
	}
	return s, err
}

// parseSpan reads the local times start and end (the settings fromKey and toKey) and checks
// that end comes after start.
func parseSpan(fromKey, toKey, start, end string, loc *time.Location) (from, to time.Time, err error) {
	if from, err = parseLocal(start, false, loc); err != nil {
		return from, to, configErr("local_time", fromKey, start, "2026-11-11 20:00")
	}
	if to, err = parseLocal(end, true, loc); err != nil {
		return from, to, configErr("local_time", toKey, end, "2026-11-11 20:00")
	}
	if !to.After(from) {
		return from, to, configErr("not_after", toKey, end, fromKey, start)
	}
	return from, to, nil
}

// parseLocal reads "YYYY-MM-DD HH:MM" (HH:MM may be 24:00) or "YYYY-MM-DD" in loc. A bare
// date is that day's midnight, or for an end the next midnight.
func parseLocal(s string, end bool, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	date, clock, hasClock := strings.Cut(s, " ")
	d, err := time.ParseInLocation("2006-01-02", date, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: want YYYY-MM-DD HH:MM", s)
	}
	m := int32(0)
	if end {
		m = 24 * 60
	}
	if hasClock {
		if m, err = parseClock(clock); err != nil {
			return time.Time{}, fmt.Errorf("%q: want YYYY-MM-DD HH:MM", s)
		}
	}
	y, mo, day := d.Date()
	return time.Date(y, mo, day, 0, int(m), 0, 0, loc), nil
}

// SalesAround returns the sales that matter around t: the config's and, unless turned off, the
// built-in ones of t's year and its neighbours, by start.
func (c *Config) SalesAround(t time.Time) []Sale {
	out, _ := c.configSales()
	if c.Shop.BuiltinSales {
		y := t.In(c.Location).Year()
		for _, yy := range []int{y - 1, y, y + 1} {
			for _, b := range builtinSales {
				start := time.Date(yy, time.Month(b.month), b.day, 0, 0, 0, 0, c.Location)
				out = append(out, Sale{Name: b.name, Builtin: b.code, Start: start, End: start.AddDate(0, 0, 1)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Sale) int { return a.Start.Compare(b.Start) })
	return out
}

// SaleAt returns the sale whose price is on at t (the latest to start, if several are).
func (c *Config) SaleAt(t time.Time) (Sale, bool) {
	sales := c.SalesAround(t)
	for i := len(sales) - 1; i >= 0; i-- {
		if sales[i].On(t) {
			return sales[i], true
		}
	}
	return Sale{}, false
}

// PhaseAt returns the phase of the moment t, as the header shows it: the part of a sale that
// is on, the day after a sale, or ordinary. The words for an order come from OrderPhase.
func (c *Config) PhaseAt(t time.Time) Phase {
	ph, _ := c.phase(t, t, false)
	return ph
}

// SalePhaseAt is PhaseAt with the sale the phase belongs to (zero for PhaseOrdinary).
func (c *Config) SalePhaseAt(t time.Time) (Phase, Sale) { return c.phase(t, t, false) }

// OrderPhase returns the phase of an order placed at created, at now, with the sale it
// refers to (zero for PhaseOrdinary): a pre-sale order while the sale is on, the part of the
// sale for an order placed during it, the day after for an order placed during yesterday's
// sale, or ordinary.
func (c *Config) OrderPhase(created, now time.Time) (Phase, Sale) {
	return c.phase(created, now, true)
}

func (c *Config) phase(created, now time.Time, byOrder bool) (Phase, Sale) {
	sales := c.SalesAround(now)
	for i := len(sales) - 1; i >= 0; i-- {
		s := sales[i]
		if !s.On(now) {
			continue
		}
		switch {
		case byOrder && created.Before(s.Start):
			return PhasePreSale, s
		case now.Before(s.Start.Add(frenzyLen)):
			return PhaseFrenzy, s
		case !now.Before(s.End.Add(-lateLen)):
			return PhaseLate, s
		}
		return PhaseRational, s
	}
	for i := len(sales) - 1; i >= 0; i-- {
		s := sales[i]
		from, to := s.dayAfter(c.Location)
		if now.Before(from) || !now.Before(to) {
			continue
		}
		if !byOrder || s.On(created) {
			return PhaseDayAfter, s
		}
	}
	return PhaseOrdinary, Sale{}
}

// MinuteOfDay returns the minutes since local midnight of unix time t in loc.
func MinuteOfDay(t int64, loc *time.Location) int32 {
	lt := time.Unix(t, 0).In(loc)
	return int32(lt.Hour()*60 + lt.Minute())
}
