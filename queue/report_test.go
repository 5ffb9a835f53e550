package queue

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestReportStandardisesTheHoldout: the holdout's rate is weighed by segment as the group's
// touched orders are, and a holdout segment the group never touched does not count.
//
// Touched by IM: four high-ticket first-time orders (two recovered) and two low-ticket
// returning ones (none): 2/6. The holdout: high-ticket first-time 1 of 2 paid by itself,
// low-ticket returning 0 of 4, a mid-ticket order paid (no touched order to compare with),
// and one paid before the first wave (never compared). Its rate weighed as the touched
// orders are: 4/6 × 1/2 + 2/6 × 0 = 1/3, so the lift is 0. The interval, worked out by
// hand: centre 3/8 − (4/6 × 2/4 + 2/6 × 1/6), half-width 1.96 × √(3/8·5/8/8 + (4/6)²·¼/4 +
// (2/6)²·(1/6)(5/6)/6) → [−0.49256, 0.46479]. Extra ¥ per contact: (¥1200 − 4 × ¥600/2) / 6 = 0.
func TestReportStandardisesTheHoldout(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Holdout = HoldoutConfig{Share: 0.5, Salt: "q"}
	cfg.Report.MinOrders = 2
	loc := cfg.Location
	clock := func(hhmm string) int64 {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-20 "+hhmm, loc)
		return tm.Unix()
	}
	nick := func(held bool, n *int) string {
		for {
			*n++
			if s := fmt.Sprintf("b%d", *n); cfg.Holdout.Member(PlatformTaobao, s) == held {
				return s
			}
		}
	}
	var in, out int
	rin := ReportInput{From: clock("00:00"), To: clock("00:00") + 86400, By: ByChannel, Config: &cfg,
		Shares: []DayShare{{Day: "2026-11-20", Share: 0.5, Fingerprint: cfg.Holdout.Fingerprint()}}}
	add := func(held bool, amount Fen, returning bool, paid string, touched bool) {
		o := ReportOrder{Key: OrderKey{PlatformTaobao, fmt.Sprint(len(rin.Orders))}, Amount: amount, Created: clock("09:00"), Returning: returning}
		if held {
			o.Nick = nick(true, &in)
		} else {
			o.Nick = nick(false, &out)
		}
		if paid != "" {
			o.PaidAt = clock(paid)
			rin.Payments = append(rin.Payments, Payment{Order: o.Key, PaidAt: o.PaidAt, Amount: amount})
		}
		if touched {
			rin.Events = append(rin.Events, Event{ID: int64(len(rin.Events) + 1), At: clock("10:00"), Operator: "小美", Kind: EventContact,
				Order: o.Key, Channel: ChannelIM, Result: ResultSent})
		}
		rin.Orders = append(rin.Orders, o)
	}
	for i := 0; i < 4; i++ {
		paid := ""
		if i < 2 {
			paid = "11:00"
		}
		add(false, 60000, false, paid, true)
	}
	add(false, 5000, true, "", true)
	add(false, 5000, true, "", true)
	add(true, 60000, false, "12:00", false)
	add(true, 60000, false, "", false)
	for i := 0; i < 4; i++ {
		add(true, 5000, true, "", false)
	}
	add(true, 20000, false, "12:00", false)
	add(true, 60000, false, "09:10", false)

	rows, err := Report(rin)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("rows: %+v", rows)
	}
	r := rows[0]
	if r.Group != "im" || r.Touched != 6 || r.Recovered != 2 || r.Compared != 6 || r.Held != 6 || r.SelfPaid != 1 || r.RecoveredAmount != 120000 {
		t.Fatalf("row: %+v", r)
	}
	if r.Lift == nil || !near(*r.Rate, 1.0/3) || !near(*r.HoldoutRate, 1.0/3) || !near(*r.Lift, 0) ||
		!near(*r.LiftLow, -0.4925643777871238) || !near(*r.LiftHigh, 0.46478660000934613) || *r.ExtraPerTouch != 0 {
		t.Fatalf("rate %v holdout %v lift %v [%v, %v] extra %v", *r.Rate, *r.HoldoutRate, *r.Lift, *r.LiftLow, *r.LiftHigh, *r.ExtraPerTouch)
	}

	// A day drawn with another salt has no holdout to compare with.
	rin.Shares[0].Fingerprint = "other"
	if rows, err = Report(rin); err != nil || rows[0].Lift != nil || rows[0].Rate == nil {
		t.Fatalf("another salt's day: %+v, %v", rows, err)
	}
}

// TestReportLiftCoverage runs whole simulated shop days through Report: 3,000 buyers a
// day, a 10% holdout drawn by the hash, three segments with their own self-pay rates and
// lifts. Every other buyer is touched an hour after ordering and pays (half an hour later)
// with probability self-pay + lift; a holdout buyer pays by itself with probability
// self-pay, two hours after ordering. Over seeds 1 to 100, the 95% interval of the day's
// lift must cover the true lift (the segments' lifts weighed by the touched orders) at
// least 90 times.
func TestReportLiftCoverage(t *testing.T) {
	segs := []struct {
		amount    Fen
		returning bool
		p0, lift  float64
	}{{60000, false, 0.10, 0.05}, {20000, false, 0.25, 0.10}, {5000, true, 0.40, 0}}
	cfg := DefaultConfig()
	cfg.Holdout = HoldoutConfig{Share: 0.1, Salt: "sim"}
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, cfg.Location).Unix()
	covered := 0
	for seed := uint64(1); seed <= 100; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		in := ReportInput{From: day, To: day + 86400, By: ByAll, Config: &cfg,
			Shares: []DayShare{{Day: "2026-11-20", Share: 0.1, Fingerprint: cfg.Holdout.Fingerprint()}}}
		touched := make([]int, len(segs))
		for i := 0; i < 3000; i++ {
			sg := segs[i%len(segs)]
			o := ReportOrder{Key: OrderKey{PlatformTaobao, fmt.Sprint(i)}, Nick: fmt.Sprintf("s%d-b%d", seed, i), Amount: sg.amount,
				Created: day + 9*3600 + int64(i)*10, Returning: sg.returning}
			if cfg.Holdout.Member(o.Key.Platform, o.Nick) {
				if rng.Float64() < sg.p0 {
					o.PaidAt = o.Created + 7200
				}
			} else {
				touch := Event{ID: int64(i + 1), At: o.Created + 3600, Operator: "小美", Kind: EventContact, Order: o.Key, Channel: ChannelIM, Result: ResultSent}
				in.Events = append(in.Events, touch)
				touched[i%len(segs)]++
				if rng.Float64() < sg.p0+sg.lift {
					o.PaidAt = touch.At + 1800
				}
			}
			if o.PaidAt != 0 {
				in.Payments = append(in.Payments, Payment{Order: o.Key, PaidAt: o.PaidAt, Amount: o.Amount})
			}
			in.Orders = append(in.Orders, o)
		}
		truth, n := 0.0, 0
		for i, sg := range segs {
			truth += float64(touched[i]) * sg.lift
			n += touched[i]
		}
		truth /= float64(n)
		rows, err := Report(in)
		if err != nil || len(rows) != 1 || rows[0].Lift == nil {
			t.Fatalf("seed %d: %+v, %v", seed, rows, err)
		}
		if r := rows[0]; *r.LiftLow <= truth && truth <= *r.LiftHigh {
			covered++
		}
	}
	t.Logf("the interval covered the true lift in %d of 100 simulated days", covered)
	if covered < 90 {
		t.Fatalf("covered in %d of 100 simulated days, want at least 90", covered)
	}
}
