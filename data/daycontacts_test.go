package data

import (
	"database/sql"
	"os"
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
	want := []uint32{uint32(t0 + 9*3600), uint32(day + 10*3600), uint32(day + 11*3600)}
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
		ord, buyer, err := s.OrderState(ctx, key("C"), "")
		if err != nil {
			t.Fatal(err)
		}
		contacts, err := s.DayContacts(ctx, key("C"))
		if err != nil || !slices.Equal(contacts, want) {
			t.Fatalf("the contacts at log time: %v, %v", contacts, err)
		}
		for _, at := range []int64{now.Unix(), free - 1, free} {
			breaks := cfg.Breaks(&ord, &buyer, contacts, 0, queue.ChannelIM, queue.ResultSent, time.Unix(at, 0))
			if got, wantBreak := slices.Contains(breaks, queue.BreakDayCap), cap == 2 && at < free; got != wantBreak {
				t.Errorf("cap %d: a contact at %s breaks the daily cap: %v, want %v", cap, time.Unix(at, 0), got, wantBreak)
			}
		}
	}
}

// dayCapStore is a temp store whose snapshot file serves even a small queue, with one order
// for each of the buyers named (an order id per buyer, "A" for the first), and a contact
// logger.
func dayCapStore(t *testing.T, buyers ...string) (*Store, func(id string, at int64)) {
	t.Helper()
	s, _ := tempStore(t)
	s.snapMin = 1
	var recs []exports.Record
	for i, b := range buyers {
		r := rec(string(rune('A'+i)), queue.StatusUnpaid, 50000)
		r.Buyer, r.Created = b, t0
		recs = append(recs, r)
	}
	if _, err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	return s, func(id string, at int64) {
		t.Helper()
		if _, err := s.Append(ctx, queue.Event{At: at, Operator: "小美", Kind: queue.EventContact,
			Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
			t.Fatal(err)
		}
	}
}

// loadInFull loads the store's queue in full under cfg, leaving the snapshot file alone.
func loadInFull(t *testing.T, s *Store, cfg *queue.Config) *queue.Snapshot {
	t.Helper()
	var full *queue.Snapshot
	if err := s.read(ctx, func(c *sql.Conn) error {
		var err error
		full, err = loadSnapshot(ctx, c, cfg)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return full
}

// TestContactsOnlyWithTheDailyCap: without [caps] per_buyer_day the queue holds no buyer's
// contacts, from the store or from its file, and Changes reads none; the file saved so is
// not taken as the queue of a config with the cap, whose queue has the contacts (and whose
// file then holds them, a save keeping them).
func TestContactsOnlyWithTheDailyCap(t *testing.T) {
	s, contact := dayCapStore(t, "买家甲", "买家乙")
	// The file of an import into an empty store holds the contacts (none) for either config.
	if _, flags, err := readSnapHeader(snapPath(s.path)); err != nil || flags&snapHasContacts == 0 {
		t.Fatalf("the file of the first import: flags %b, %v", flags, err)
	}
	os.Remove(snapPath(s.path)) // the first load is a full one, which saves the file
	contact("A", t0+3600)
	off, on := queue.DefaultConfig(), queue.DefaultConfig()
	off.Caps.PerBuyerDay, on.Caps.PerBuyerDay = 0, 2
	for _, what := range []string{"full load", "from the file"} {
		snap, err := s.Snapshot(ctx, &off)
		if err != nil || snap.Contacts.Len() != 0 || snap.Contacts.Loaded {
			t.Fatalf("%s without the cap: %d buyers' contacts (%v)", what, snap.Contacts.Len(), err)
		}
	}
	if _, flags, err := readSnapHeader(snapPath(s.path)); err != nil || flags&snapHasContacts != 0 {
		t.Fatalf("the file saved without the cap: flags %b, %v", flags, err)
	}
	before, _ := s.Snapshot(ctx, &off)
	contact("B", t0+7200)
	if ch, err := s.Changes(ctx, &off, before.Seq); err != nil || ch.DayContacts || len(ch.Contacts) != 0 {
		t.Fatalf("changes without the cap: %+v, %v", ch, err)
	}
	want := loadInFull(t, s, &on)
	if want.Contacts.Len() != 2 {
		t.Fatalf("a full load with the cap: %d buyers' contacts, want 2", want.Contacts.Len())
	}
	got, err := s.Snapshot(ctx, &on)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, "with the cap, after a file saved without it", got, want)
	if err := s.saveSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	contact("A", t0+9000)
	if err := s.saveSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	if _, flags, err := readSnapHeader(snapPath(s.path)); err != nil || flags&snapHasContacts == 0 {
		t.Fatalf("the file saved after a load with the cap: flags %b, %v", flags, err)
	}
	got, err = s.Snapshot(ctx, &on)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, "with the cap, from its file", got, loadInFull(t, s, &on))
}

// TestChangesReadOnlyTheChangedBuyersContacts: with the daily cap, Changes hands over the
// contacts of the changed orders' buyers alone (a contact on 甲's order A, folded into A2,
// lists 甲, not 丁 contacted an hour before), and a queue merged from them equals a full
// load, also when the new contact is days after the others, which fall out of the window.
func TestChangesReadOnlyTheChangedBuyersContacts(t *testing.T) {
	for _, later := range []int64{2 * 3600, 3 * 86400} {
		s, contact := dayCapStore(t, "买家甲", "买家乙", "买家丙", "买家丁", "买家甲")
		cfg := queue.DefaultConfig()
		cfg.Caps.PerOrder, cfg.Caps.PerBuyerDay = 9, 2
		contact("B", t0+3600)
		contact("C", t0+3700)
		contact("D", t0+later-3600)
		live, err := s.Snapshot(ctx, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		contact("A", t0+later)
		ch, err := s.Changes(ctx, &cfg, live.Seq)
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Contacts) != 1 || ch.Contacts[0].Nick != "买家甲" || !slices.Equal(ch.Contacts[0].At, []uint32{uint32(t0 + later)}) ||
			ch.Latest != t0+later || !ch.DayContacts {
			t.Fatalf("%d s later: the changes' contacts %+v (latest %d), want 买家甲's alone", later, ch.Contacts, ch.Latest)
		}
		for _, o := range ch.Orders {
			if o.Buyer.Nick != "买家甲" {
				t.Fatalf("changed order %s of %s", o.Order.ID, o.Buyer.Nick)
			}
		}
		live.Merge(ch)
		full := loadInFull(t, s, &cfg)
		sameQueue(t, "merged", live, full)
		if n := full.Contacts.Len(); later > 86400 && n != 2 || later < 86400 && n != 4 {
			t.Fatalf("%d s later: %d buyers with contacts in the window", later, n)
		}
	}
}
