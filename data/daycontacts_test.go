package data

import (
	"database/sql"
	"slices"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestTheDailyCapCountsTheLog logs a buyer's contacts through the store: yesterday at 09:00
// and today at 10:00 on their order A (folded into B and C, their other orders), today at
// 11:00 on B, and at 11:30 on C, taken back. At 12:00, with [caps] per_buyer_day = 2, the
// buyer has had two contacts in the rolling day: a full load, the snapshot file and a live
// queue merged from the changes all know the same three contact times (the revoked one and
// the group touches are none), every order of the buyer waits until 10:00 tomorrow, and a
// contact now breaks the daily cap, as the check at log time reads it from the store; with a
// cap of 3 nobody waits.
func TestTheDailyCapCountsTheLog(t *testing.T) {
	day := t0 + 86400 // today, 00:00
	now := time.Unix(day+12*3600, 0)
	s, _ := tempStore(t)
	s.clock = func() time.Time { return now }
	s.snapMin = 1 // the snapshot file serves even so small a queue
	var recs []exports.Record
	for _, id := range []string{"A", "B", "C", "D"} {
		r := rec(id, queue.StatusUnpaid, 50000)
		if id != "D" {
			r.Buyer = "买家甲"
		}
		r.Created = t0 + 8*3600
		recs = append(recs, r)
	}
	if _, err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	key := func(id string) queue.OrderKey { return queue.OrderKey{Platform: queue.PlatformTaobao, ID: id} }
	contact := func(id string, at int64) queue.Event {
		e, err := s.Append(ctx, queue.Event{At: at, Operator: "小美", Kind: queue.EventContact, Order: key(id),
			Channel: queue.ChannelIM, Result: queue.ResultSent})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	cfg := queue.DefaultConfig()
	cfg.Caps.PerOrder, cfg.Caps.PerBuyerDay = 5, 2
	contact("A", t0+9*3600)
	contact("A", day+10*3600)
	live, err := s.Snapshot(ctx, &cfg) // a workstation's queue, from before the rest
	if err != nil {
		t.Fatal(err)
	}
	contact("B", day+11*3600)
	late := contact("C", day+11*3600+1800)
	if _, err := s.Revoke(ctx, queue.Event{At: day + 11*3600 + 1810, Operator: "小美", Revokes: late.ID}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}

	var full *queue.Snapshot
	if err := s.read(ctx, func(c *sql.Conn) error {
		var err error
		full, err = loadSnapshot(ctx, c, &cfg)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := []int64{t0 + 9*3600, day + 10*3600, day + 11*3600}
	for _, o := range full.Orders {
		if got := full.BuyerContacts(o.Buyer); o.ID != "D" && !slices.Equal(got, want) || o.ID == "D" && got != nil {
			t.Fatalf("%s: the buyer's contacts %v, want %v", o.ID, got, want)
		}
	}
	if err := s.saveSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	fromFile, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, "from the file", fromFile, full)
	ch, err := s.Changes(ctx, &cfg, live.Seq)
	if err != nil {
		t.Fatal(err)
	}
	live.Merge(ch)
	sameQueue(t, "merged", live, full)

	free := day + 86400 + 10*3600 // 10:00 tomorrow: the first of today's two is a day old
	for _, cap := range []int{2, 3} {
		cfg.Caps.PerBuyerDay = cap
		for name, snap := range map[string]*queue.Snapshot{"full": full, "file": fromFile, "merged": live} {
			var r queue.Ranker
			for _, row := range r.Rank(queue.Input{Snap: snap, Config: &cfg, Now: now, Me: -1}) {
				o := &snap.Orders[row.Order]
				capped := row.Why&queue.WhyDayCap != 0
				switch {
				case o.ID == "D" || cap == 3:
					if capped {
						t.Errorf("%s, cap %d: %s waits for the daily cap", name, cap, o.ID)
					}
				case row.Section() == queue.SectionDue || row.Section() == queue.SectionUpcoming && (!capped || row.NextAt() != free):
					t.Errorf("%s, cap %d: %s %v at %s, capped %v; want to wait until %s", name, cap, o.ID, row.Section(),
						time.Unix(row.NextAt(), 0), capped, time.Unix(free, 0))
				}
			}
		}
		// The check at log time (cuifu contact) reads the buyer's contacts from the store.
		ord, buyer, err := s.OrderState(ctx, key("C"))
		if err != nil {
			t.Fatal(err)
		}
		contacts, err := s.DayContacts(ctx, key("C"))
		if err != nil || !slices.Equal(contacts, want) {
			t.Fatalf("the contacts at log time: %v, %v", contacts, err)
		}
		for _, at := range []int64{now.Unix(), free - 1, free} {
			breaks := cfg.Breaks(&ord, &buyer, contacts, queue.ChannelIM, queue.ResultSent, time.Unix(at, 0))
			if got, wantBreak := slices.Contains(breaks, queue.BreakDayCap), cap == 2 && at < free; got != wantBreak {
				t.Errorf("cap %d: a contact at %s breaks the daily cap: %v, want %v", cap, time.Unix(at, 0), got, wantBreak)
			}
		}
	}
}
