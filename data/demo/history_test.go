package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/queue"
)

// TestHistoryLiesWithinItsOrdersLives: the demo's history, logged into a store as `cuifu
// demo` logs it, has no event before its order was placed nor after the demo's now. A
// colleague's contact on a buyer's order touched the buyer's orders placed later too, days
// before they existed, and a fresh order came up blocked as never answered for days.
func TestHistoryLiesWithinItsOrdersLives(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 21, 30, 0, 0, loc)
	s, err := data.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetLocation(loc)
	recs := Generate(3000, 11, now, loc)
	Presale(recs, 0.1, 11, now, loc)
	if _, err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := SeedHistory(ctx, s, recs, 11, now, loc); err != nil {
		t.Fatal(err)
	}
	created := map[queue.OrderKey]int64{}
	for _, r := range recs {
		created[queue.OrderKey{Platform: r.Platform, ID: r.ID}] = r.Created
	}
	evs, err := s.Events(ctx, data.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var groups, last int64
	for _, e := range evs {
		c, ok := created[e.Order]
		if !ok {
			t.Fatalf("an event on an order the demo never made: %+v", e)
		}
		if e.At < c || e.At > now.Unix() {
			t.Errorf("%s: an event at %s on an order placed at %s (now %s): %q", e.Order.ID, time.Unix(e.At, 0).In(loc),
				time.Unix(c, 0).In(loc), now, e.Note)
		}
		if e.At < last {
			t.Errorf("event #%d at %s is logged after one at %s: the history is not in time order", e.ID, time.Unix(e.At, 0).In(loc), time.Unix(last, 0).In(loc))
		}
		last = e.At
		if queue.IsGroupTouch(&e) {
			groups++
		}
	}
	if len(evs) < 100 || groups == 0 {
		t.Fatalf("%d events, %d group touches: too few to show anything", len(evs), groups)
	}
}
