package queue

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestOpenIndexAnswersAsTheSearch is a property test of the ranking's table of open moments
// (openIndex): for random moments before, inside and past a ranking's horizon, next and has
// answer exactly as the plain binary search over the same spans does, for every kind of
// contact with and without the meal times, in zones with and without daylight saving (rankings
// around the changes), with half-hour offsets, and with windows and meal times across
// midnight. Then the due times of random orders are the same with the table as without it.
func TestOpenIndexAnswersAsTheSearch(t *testing.T) {
	type zoneCase struct {
		zone string
		days []string // rankings around these local dates (the daylight saving changes)
	}
	zones := []zoneCase{
		{"Asia/Shanghai", []string{"2026-11-11", "2026-06-18"}},
		{"America/New_York", []string{"2026-03-08", "2026-11-01"}},
		{"Europe/London", []string{"2026-03-29", "2026-10-25"}},
		{"Australia/Lord_Howe", []string{"2026-04-05", "2026-10-04"}}, // a half-hour change
		{"Asia/Kolkata", []string{"2026-12-12"}},
	}
	configs := []struct {
		name string
		edit func(c *Config)
	}{
		{"default", func(c *Config) {}},
		{"across midnight", func(c *Config) {
			c.Windows.Phone = mustWindows("21:00-01:00", "09:00-12:30")
			c.Windows.IM = mustWindows("20:00-09:00", "10:00-11:00")
			c.Windows.SMSNotification = mustWindows("23:15-00:45", "08:00-22:00")
			c.Timing.Quiet = mustWindows("03:00-05:00")
			c.Timing.Meals = mustWindows("23:30-00:30", "12:00-13:00")
		}},
		{"whole day", func(c *Config) {
			c.Windows.IM = mustWindows("00:00-24:00")
			c.Timing.Quiet = mustWindows("02:00-02:30")
		}},
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, z := range zones {
		for _, cc := range configs {
			cfg := testConfig()
			cfg.Shop.TimeZone = z.zone
			cc.edit(cfg)
			if err := cfg.Resolve(); err != nil {
				t.Fatal(err)
			}
			for _, day := range z.days {
				d, err := time.ParseInLocation("2006-01-02", day, cfg.Location)
				if err != nil {
					t.Fatal(err)
				}
				cfg.Shop.SaleDay = d.AddDate(0, 0, rng.IntN(3)-1).Format("2006-01-02")
				for r := 0; r < 6; r++ {
					now := d.Add(time.Duration(rng.Int64N(6*86400)-3*86400) * time.Second)
					ot := newOpenTimes(cfg, now, cfg.saleSpans(now))
					checkOpenIndex(t, z.zone+"/"+cc.name, ot, now.Unix(), rng)
					checkDueTimes(t, z.zone+"/"+cc.name, cfg, now, rng)
				}
			}
		}
	}
}

// checkOpenIndex compares each of ot's tables with a search of its spans at random moments,
// at the steps' edges and at the spans' own edges.
func checkOpenIndex(t *testing.T, name string, ot *openTimes, now int64, rng *rand.Rand) {
	t.Helper()
	for k := openKind(0); k < openKinds; k++ {
		for _, x := range []*openIndex{&ot.open[k], &ot.calm[k]} {
			if len(x.first) == 0 {
				t.Fatalf("%s: kind %d has no table", name, k)
			}
			var ts []int64
			for i := 0; i < 300; i++ {
				ts = append(ts, now+rng.Int64N(12*86400)-2*86400)
				ts = append(ts, x.base+int64(rng.IntN(len(x.first)+2))*openSlot-1+int64(rng.IntN(3)))
			}
			for _, s := range x.spans {
				ts = append(ts, s.from-1, s.from, s.to-1, s.to)
			}
			for _, at := range ts {
				got, gotOK := x.next(at)
				want, wantOK := x.spans.next(at)
				if q, hit := x.quick(at); hit && (q != want || !wantOK) {
					t.Fatalf("%s: kind %d at %v: the step's answer %v, the search says %v %v", name, k,
						time.Unix(at, 0).In(ot.cfg.Location), time.Unix(q, 0).In(ot.cfg.Location), time.Unix(want, 0).In(ot.cfg.Location), wantOK)
				}
				if got != want || gotOK != wantOK {
					t.Fatalf("%s: kind %d at %v (now %v): next %v %v, the search says %v %v", name, k,
						time.Unix(at, 0).In(ot.cfg.Location), time.Unix(now, 0).In(ot.cfg.Location),
						time.Unix(got, 0).In(ot.cfg.Location), gotOK, time.Unix(want, 0).In(ot.cfg.Location), wantOK)
				}
				if x.has(at) != x.spans.has(at) {
					t.Fatalf("%s: kind %d at %v: has %v", name, k, time.Unix(at, 0), x.has(at))
				}
			}
		}
	}
}

// checkDueTimes works out the due times of random orders at now on every channel with the
// ranking's tables, then with them taken away (every question a binary search), and wants
// the same answers.
func checkDueTimes(t *testing.T, name string, cfg *Config, now time.Time, rng *rand.Rand) {
	t.Helper()
	s := &Snapshot{Buyers: []Buyer{{Nick: "a", Phone: "13800000001"}}}
	for i := 0; i < 200; i++ {
		o := Order{ID: "o", Amount: Fen(1000 + rng.IntN(900000)), Created: now.Unix() - rng.Int64N(4*86400), Agent: -1,
			Contact: ContactState{ClaimBy: -1}}
		if rng.IntN(2) == 0 {
			o.Contact.Touches = uint8(1 + rng.IntN(2))
			o.Contact.LastAt = o.Created + rng.Int64N(now.Unix()-o.Created+1)
			o.Contact.LastChannel = Channel(1 + rng.IntN(3))
		}
		if rng.IntN(4) == 0 {
			o.Contact.Until = now.Unix() + rng.Int64N(14*86400) - 86400 // a snooze, some past the horizon
		}
		s.Orders = append(s.Orders, o)
	}
	fast := newEvaluator(Input{Snap: s, Config: cfg, Now: now, Me: -1})
	plain := newEvaluator(Input{Snap: s, Config: cfg, Now: now, Me: -1})
	for k := range plain.opens.open {
		plain.opens.open[k].first, plain.opens.calm[k].first = nil, nil
		plain.opens.open[k].at, plain.opens.calm[k].at = nil, nil
	}
	for i := range s.Orders {
		o := &s.Orders[i]
		deadline := fast.t.deadlineOf(o)
		w := fast.wave(o)
		for _, ch := range []Channel{ChannelIM, ChannelSMS, ChannelPhone} {
			d1, why1 := fast.dueAt(o, deadline, w, ch, nil)
			d2, why2 := plain.dueAt(o, deadline, w, ch, nil)
			if d1 != d2 || why1 != why2 {
				t.Fatalf("%s: order %d on %v at %v: due %v (%b) with the tables, %v (%b) without", name, i, ch, now,
					time.Unix(d1, 0).In(cfg.Location), why1, time.Unix(d2, 0).In(cfg.Location), why2)
			}
		}
	}
}
