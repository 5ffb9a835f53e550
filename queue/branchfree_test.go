package queue

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The evaluation works out its small rules without branches (see evaluateTo). These tests
// hold each such rule to the rule as the playbook states it, for every kind of order.

// waveAsStated is the wave as the playbook states it: untouched, first until first_wave_end
// and late after it; touched once by an unanswered IM on the same local day, second;
// otherwise the next-day retry.
func waveAsStated(ev *evaluator, o *Order) Wave {
	c := &o.Contact
	switch {
	case c.Touches == 0 && ev.now-o.Created < ev.t.firstWaveEnd:
		return WaveFirst
	case c.Touches == 0:
		return WaveLate
	case c.Touches == 1 && !c.Answered && c.LastChannel == ChannelIM && ev.zone.day(c.LastAt) == ev.zone.day(ev.now):
		return WaveSecond
	}
	return WaveRetry
}

func TestWaveAsThePlaybookStatesIt(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	zones := []struct {
		name string
		loc  *time.Location
		now  time.Time
	}{
		{"Shanghai", shanghai, at("15:00")},
		{"Shanghai just after midnight", shanghai, at("00:00").Add(time.Second)},
		{"New York on the day clocks go back (25 hours)", newYork, time.Date(2026, 11, 1, 12, 0, 0, 0, newYork)},
		{"New York on the day clocks go forward (23 hours)", newYork, time.Date(2026, 3, 8, 23, 59, 0, 0, newYork)},
	}
	for _, z := range zones {
		t.Run(z.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Location = z.loc
			ev := newEvaluator(Input{Snap: &Snapshot{}, Config: cfg, Now: z.now, Me: -1})
			rng := rand.New(rand.NewPCG(7, 8))
			now := z.now.Unix()
			// Touches on each side of the local day's edges, and anywhere in three days.
			edges := []int64{ev.dayFrom - 1, ev.dayFrom, ev.dayFrom + int64(ev.dayLen) - 1, ev.dayFrom + int64(ev.dayLen)}
			for i := 0; i < 20000; i++ {
				o := Order{Created: now - int64(rng.IntN(3*86400))}
				c := &o.Contact
				c.Touches = uint8(rng.IntN(3))
				c.Answered = rng.IntN(2) == 0
				c.LastChannel = Channel(rng.IntN(4))
				c.LastAt = now - int64(rng.IntN(3*86400))
				if i%2 == 0 {
					c.LastAt = edges[rng.IntN(len(edges))]
				}
				if got, want := ev.wave(&o), waveAsStated(ev, &o); got != want {
					t.Fatalf("order %+v: wave %d, want %d", o, got, want)
				}
			}
		})
	}
}

func TestDayBoundsAreTheLocalDay(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	tests := []struct {
		name string
		now  time.Time
		len  uint64
	}{
		{"Shanghai", at("15:00"), 86400},
		{"Shanghai at midnight", at("00:00"), 86400},
		{"New York, clocks back", time.Date(2026, 11, 1, 0, 30, 0, 0, newYork), 25 * 3600},
		{"New York, clocks forward", time.Date(2026, 3, 8, 23, 59, 59, 0, newYork), 23 * 3600},
		{"New York, an ordinary day", time.Date(2026, 12, 1, 9, 0, 0, 0, newYork), 86400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := newZone(tt.now.Location(), tt.now)
			from, n := dayBounds(z, tt.now.Unix())
			y, m, d := tt.now.Date()
			if want := time.Date(y, m, d, 0, 0, 0, 0, tt.now.Location()).Unix(); from != want || n != tt.len {
				t.Fatalf("day from %v, %d s; want %v, %d s", time.Unix(from, 0).In(tt.now.Location()), n, time.Unix(want, 0), tt.len)
			}
		})
	}
}

func TestOwnerTableAsTheRule(t *testing.T) {
	ops := []string{"小美", "阿杰", "婷婷", "老王"}
	rosters := []struct {
		name   string
		edit   func(*Config)
		viewer int32
	}{
		{"no roster", func(*Config) {}, 0},
		{"a roster", func(c *Config) { c.Roster.Operators = ops[:3] }, 1},
		{"a roster, some off shift", func(c *Config) {
			c.Roster.Operators = ops[:3]
			c.Roster.Shifts = []ShiftConfig{{Operator: "小美", Start: "09:00", End: "18:00"}, {Operator: "阿杰", Start: "18:00", End: "23:00"}}
		}, 2},
		{"shifts and nobody on", func(c *Config) {
			c.Roster.Shifts = []ShiftConfig{{Operator: "小美", Start: "01:00", End: "02:00"}, {Operator: "阿杰", Start: "01:00", End: "02:00"}}
		}, -1},
	}
	for _, rr := range rosters {
		t.Run(rr.name, func(t *testing.T) {
			cfg := testConfig()
			rr.edit(cfg)
			ev := newEvaluator(Input{Snap: &Snapshot{Operators: ops}, Config: cfg, Now: at("15:00"), Me: rr.viewer})
			rng := rand.New(rand.NewPCG(9, 10))
			for i := 0; i < 5000; i++ {
				// Agents from none to one past the operators (an index the table does not hold).
				o := Order{Agent: int32(rng.IntN(len(ops)+2) - 1), Created: at("15:00").Unix() - int64(rng.IntN(3*86400))}
				if got, want := ev.owner(&o), ev.ownerOf(&o); got != want {
					t.Fatalf("agent %d placed %v: owner %d, want %d", o.Agent, time.Unix(o.Created, 0), got, want)
				}
			}
		})
	}
}

func TestScoreAsTheWeightsSay(t *testing.T) {
	cfg := testConfig()
	w := &cfg.Weights
	w.SecondWave, w.Retry, w.LateFirst = 61, 33, 27 // each wave its own points
	ev := newEvaluator(Input{Snap: &Snapshot{}, Config: cfg, Now: at("15:00"), Me: 0})
	base := func(o *Order, deadline int64) int32 { // the deadline and value parts alone
		plain := Order{Amount: o.Amount}
		return ev.scoreOf(&plain, deadline, 0, WaveRetry, RuleWave) - int32(w.Retry)
	}
	waves := map[Wave]int{WaveFirst: w.FirstWave, WaveSecond: w.SecondWave, WaveRetry: w.Retry, WaveLate: w.LateFirst}
	rng := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 5000; i++ {
		o := Order{Amount: Fen(100 + rng.IntN(2_000_000))}
		deadline := ev.now + int64(rng.IntN(3*86400))
		wave := Wave(rng.IntN(4))
		rule := ChannelRule(rng.IntN(int(RuleSuspicious) + 1))
		var why Why
		if rng.IntN(2) == 0 {
			why |= WhyMine
		}
		if rng.IntN(3) == 0 {
			o.Contact.LastResult, o.Contact.Until = ResultPromised, ev.now+3600
		} else if rng.IntN(2) == 0 {
			o.Contact.LastResult = ResultPromised // promised, no time named: no callback
		}
		want := int(base(&o, deadline)) + waves[wave]
		if rule == RuleNewHighValue {
			want += w.NewHighValue
		}
		if o.Contact.Until != 0 && o.Contact.LastResult == ResultPromised {
			want += w.Callback
		}
		if why&WhyMine != 0 {
			want += w.Mine
		}
		if got := ev.scoreOf(&o, deadline, why, wave, rule); int(got) != want {
			t.Fatalf("wave %d rule %d why %b contact %+v: score %d, want %d", wave, rule, why, o.Contact, got, want)
		}
	}
}
