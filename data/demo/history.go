package demo

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// Appender is where the demo's made-up contact history goes (the store).
type Appender interface {
	Append(ctx context.Context, e queue.Event) (queue.Event, error)
}

// colleagues are the other specialists of the demo shift.
var colleagues = []string{"阿杰", "婷婷"}

// SeedHistory logs the contacts colleagues already made earlier in the shift: a first IM
// on some older unpaid orders, a few replies and promises, so the queue shows second waves,
// callbacks and blocked orders as a real afternoon would. The contacts are logged in the
// order they were made, as a shift logs them, so each order's summary folds them in time;
// the store touches a buyer's other orders with each (those placed by then).
func SeedHistory(ctx context.Context, s Appender, recs []exports.Record, seed int64, now time.Time, loc *time.Location) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x686973))
	cfg := queue.DefaultConfig()
	cfg.Location = loc
	var evs []queue.Event
	for _, r := range recs {
		if r.Status != queue.StatusUnpaid || now.Unix()-r.Created < 45*60 || rng.IntN(100) >= 30 {
			continue
		}
		at := r.Created + int64(31+rng.IntN(20))*60
		if at > now.Unix() || cfg.Quiet(time.Unix(at, 0)) {
			continue
		}
		e := queue.Event{At: at, Operator: colleagues[rng.IntN(len(colleagues))], Session: "demo",
			Kind: queue.EventContact, Order: queue.OrderKey{Platform: r.Platform, ID: r.ID}, Channel: queue.ChannelIM, Result: queue.ResultSent}
		switch n := rng.IntN(100); {
		case n < 10:
			e.Result, e.Until = queue.ResultPromised, at+int64(2+rng.IntN(20))*3600
		case n < 16:
			e.Result, e.Reason = queue.ResultDeclined, queue.DeclineReasons[rng.IntN(len(queue.DeclineReasons))]
		case n < 18:
			e.Result = queue.ResultDoNotContact
		}
		evs = append(evs, e)
	}
	slices.SortStableFunc(evs, func(a, b queue.Event) int { return cmp.Compare(a.At, b.At) })
	for _, e := range evs {
		if _, err := s.Append(ctx, e); err != nil {
			return err
		}
	}
	return nil
}
