package queue

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ShiftConfig is one [[roster.shift]] table: when a specialist is on shift, in the shop's
// zone. A shift may cross midnight (22:00-06:00 belongs to the day it starts).
type ShiftConfig struct {
	Operator string   `toml:"operator"`
	Days     []string `toml:"days"`  // mon, tue, wed, thu, fri, sat, sun; empty = every day
	Start    string   `toml:"start"` // HH:MM
	End      string   `toml:"end"`   // HH:MM
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// window returns the shift's hours.
func (s *ShiftConfig) window() (Window, error) {
	return ParseWindow(s.Start + "-" + s.End)
}

// on reports whether the shift covers t (in loc).
func (s *ShiftConfig) on(t time.Time, loc *time.Location) bool {
	w, err := s.window()
	if err != nil || !w.Contains(MinuteOfDay(t.Unix(), loc)) {
		return false
	}
	day := t.In(loc)
	if w.End <= w.Start && int32(day.Hour()*60+day.Minute()) < w.End {
		day = day.AddDate(0, 0, -1) // the part after midnight belongs to the day it started
	}
	return len(s.Days) == 0 || slices.Contains(s.Days, weekdays[day.Weekday()])
}

// checkShifts says which [[roster.shift]] is wrong, or nil.
func (r *RosterConfig) checkShifts() error {
	for i, s := range r.Shifts {
		key := fmt.Sprintf("roster.shift[%d]", i+1)
		if strings.TrimSpace(s.Operator) == "" {
			return configErr("missing", key+".operator", nil)
		}
		w, err := s.window()
		if err != nil {
			return configErr("window", key+".start", s.Start+"-"+s.End)
		}
		if w.Start == w.End {
			return configErr("window_empty", key+".start", s.Start+"-"+s.End)
		}
		for _, d := range s.Days {
			if !slices.Contains(weekdays, d) {
				return configErr("weekday", key+".days", d, strings.Join(weekdays[1:], ", ")+", "+weekdays[0])
			}
		}
	}
	return nil
}

// OnShift reports whether operator name is on shift at t. A specialist with no shift in the
// roster counts as on shift: the roster says nothing against it.
func (r *RosterConfig) OnShift(name string, t time.Time, loc *time.Location) bool {
	has := false
	for i := range r.Shifts {
		if r.Shifts[i].Operator != name {
			continue
		}
		if r.Shifts[i].on(t, loc) {
			return true
		}
		has = true
	}
	return !has
}

// rotation returns, as snapshot operator indexes, the specialists silent orders rotate
// among at t: the roster's operators and those with a shift, who are on shift then.
func (r *RosterConfig) rotation(ops []string, t time.Time, loc *time.Location) []int32 {
	var names []string
	for _, n := range r.Operators {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, s := range r.Shifts {
		if !slices.Contains(names, s.Operator) {
			names = append(names, s.Operator)
		}
	}
	var out []int32
	for _, n := range names {
		if r.OnShift(n, t, loc) {
			out = append(out, int32(slices.Index(ops, n)))
		}
	}
	return out
}

// owner returns who chases the order, as ownerOf, from the ranking's table of what each
// reception agent's orders get (ownerTable): the agents of a million orders are random, and
// one lookup costs less than the branches on them, which mispredict about as often as not.
func (ev *evaluator) owner(o *Order) int32 {
	if a := uint(o.Agent + 1); a < uint(len(ev.agents)) {
		if w := ev.agents[a]; w != ownerRotates {
			return w
		}
	}
	return ev.ownerOf(o)
}

// ownerRotates in an ownerTable entry: the agent's orders rotate among the specialists on
// shift by the hour they were placed in.
const ownerRotates = -2

// ownerTable returns, for each reception agent from -1 (none) to n-1 at index agent+1, who
// chases their orders (ownerOf), or ownerRotates when that depends on the order's hour.
func (ev *evaluator) ownerTable(n int) []int32 {
	t := make([]int32, n+1)
	for a := range t {
		o := Order{Agent: int32(a - 1)}
		switch w := ev.ownerOf(&o); {
		case len(ev.roster) == 0, w == o.Agent: // a specialist on the rota is never the agent off shift
			t[a] = w
		default:
			t[a] = ownerRotates
		}
	}
	return t
}

// ownerOf returns who chases the order: the reception agent named by the export (谁接待谁催付)
// while they are on shift, otherwise one of the specialists on shift now, by the hour the
// order was placed in, or -1 when nobody is.
func (ev *evaluator) ownerOf(o *Order) int32 {
	if o.Agent >= 0 && (int(o.Agent) >= len(ev.offShift) || !ev.offShift[o.Agent]) {
		return o.Agent
	}
	if len(ev.roster) == 0 {
		if len(ev.cfg.Roster.Shifts) == 0 {
			return o.Agent // no roster: the export's agent, whoever is on
		}
		return -1
	}
	hour := floorDiv(o.Created+ev.zone.off, 3600)
	return ev.roster[floorMod(hour, int64(len(ev.roster)))]
}
