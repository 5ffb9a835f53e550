package data

import (
	"testing"
	"time"

	"cuifu/queue"
)

// TestTheStoreKeepsTheFirstTouch: the snapshot has each order's first touch from the log,
// the buyer's other order's too (a group touch), the same from the snapshot file, from a
// merge and from a full load; revoking the first contact makes the next one the first.
func TestTheStoreKeepsTheFirstTouch(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	s.snapMin = 1
	cfg := queue.DefaultConfig()
	live, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Append(ctx, contactA(t0+3700, "小美"))
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int64{t0 + 3700 + 2*3600, t0 + 3700 + 30*3600} {
		if _, err := s.Append(ctx, contactA(at, "小美")); err != nil {
			t.Fatal(err)
		}
	}
	firstAt := func(what string, want int64) {
		t.Helper()
		for _, key := range []queue.OrderKey{keyA, keyB} {
			if c, _, _ := orderState(t, s, key); c.Touches == 0 || c.FirstAt() != want {
				t.Errorf("%s: %s first touched at %d (%d touches), want %d", what, key, c.FirstAt(), c.Touches, want)
			}
		}
		mergeEqualsLoad(t, s, &cfg, live, what+": merged")
		fromFileAndFull(t, s, s.path, what)
	}
	firstAt("three contacts", t0+3700)
	if _, err := s.Revoke(ctx, queue.Event{At: t0 + 40*3600, Operator: "小美", Revokes: first.ID}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}
	firstAt("the first revoked", t0+3700+2*3600)
}
