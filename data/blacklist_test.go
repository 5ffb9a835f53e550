package data

import (
	"errors"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

func blockEv(kind queue.EventKind, target, reason string) queue.Event {
	return queue.Event{At: t0 + 7200, Operator: "主管", Kind: kind, Note: target, Reason: reason}
}

// blacklisted returns which of the snapshot's buyers are marked, by nick.
func blacklisted(t *testing.T, snap *queue.Snapshot) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for i := range snap.Buyers {
		if snap.Buyers[i].Blacklisted {
			out[snap.Buyers[i].Nick] = true
		}
	}
	return out
}

// TestBlacklistFoldsIntoTheSnapshot blocks one buyer by nick and another by phone (on two
// platforms), then unblocks: a full load, a load from the snapshot file and a merge of the
// changes all see the same list, and the events carry the operator.
func TestBlacklistFoldsIntoTheSnapshot(t *testing.T) {
	s, _ := tempStore(t)
	s.snapMin = 1 // exercise the snapshot file too
	a, b, c := rec("1", queue.StatusUnpaid, 20000), rec("2", queue.StatusUnpaid, 20000), rec("3", queue.StatusUnpaid, 20000)
	a.Phone, b.Phone = "13900000001", "13900000002"
	c.Platform, c.Phone = queue.PlatformJD, "13900000002" // the same person on another platform
	if _, err := s.Upsert(ctx, []exports.Record{a, b, c}); err != nil {
		t.Fatal(err)
	}
	cfg := queue.DefaultConfig()
	live, err := s.Snapshot(ctx, &cfg) // a workstation's queue, kept up to date by merging
	if err != nil {
		t.Fatal(err)
	}
	saved, err := s.Block(ctx, []queue.Event{blockEv(queue.EventBlock, a.Buyer, "恶意差评"),
		blockEv(queue.EventBlock, "+86 139-0000-0002", "刷单")})
	if err != nil {
		t.Fatal(err)
	}
	if saved[0].ID == 0 || saved[1].Note != "13900000002" {
		t.Fatalf("saved events %+v", saved)
	}
	want := map[string]bool{a.Buyer: true, b.Buyer: true, c.Buyer: true}
	check := func(when string, want map[string]bool) {
		t.Helper()
		full, err := s.Snapshot(ctx, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := blacklisted(t, full); !equalSet(got, want) {
			t.Fatalf("%s: load marks %v, want %v", when, got, want)
		}
		ch, err := s.Changes(ctx, &cfg, live.Seq)
		if err != nil {
			t.Fatal(err)
		}
		live.Merge(ch)
		if got := blacklisted(t, live); !equalSet(got, want) {
			t.Fatalf("%s: merge marks %v, want %v", when, got, want)
		}
	}
	check("after block", want)
	if r := live.BlacklistReason(&live.Buyers[0]); r != "恶意差评" {
		t.Fatalf("reason %q", r)
	}
	if _, err := s.Block(ctx, []queue.Event{blockEv(queue.EventUnblock, "13900000002", "误拉")}); err != nil {
		t.Fatal(err)
	}
	check("after unblock", map[string]bool{a.Buyer: true})

	evs, err := s.Events(ctx, EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 || evs[2].Kind != queue.EventUnblock || evs[2].Operator != "主管" || evs[2].Reason != "误拉" {
		t.Fatalf("events %+v", evs)
	}
	o, buyer, err := s.OrderState(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "1"}, "")
	if err != nil || !buyer.Blacklisted || o.ID != "1" {
		t.Fatalf("OrderState: %v %+v", err, buyer)
	}
}

// TestBlockIsAllOrNothing: a batch with an unblock of a target not on the list, or a bad
// target, logs nothing and blocks nobody.
func TestBlockIsAllOrNothing(t *testing.T) {
	s, _ := tempStore(t)
	for _, bad := range [][]queue.Event{
		{blockEv(queue.EventBlock, "小明", "x"), blockEv(queue.EventUnblock, "小红", "x")},
		{blockEv(queue.EventBlock, "小明", "x"), blockEv(queue.EventBlock, "138****1234", "x")},
		{blockEv(queue.EventBlock, "小明", "x"), blockEv(queue.EventContact, "小红", "x")},
	} {
		_, err := s.Block(ctx, bad)
		if err == nil {
			t.Fatalf("%+v: no error", bad)
		}
		bl, err2 := s.Blacklist(ctx)
		evs, err3 := s.Events(ctx, EventFilter{})
		if err2 != nil || err3 != nil || len(bl) != 0 || len(evs) != 0 {
			t.Fatalf("after %v: list %v, events %d", err, bl, len(evs))
		}
	}
	_, err := s.Block(ctx, []queue.Event{blockEv(queue.EventUnblock, "小红", "x")})
	if !errors.Is(err, ErrNotBlocked) {
		t.Fatalf("unblock of a stranger: %v", err)
	}
}

func equalSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// TestOrderStateChecksTheReceiver: a masked receiver who is not the buyer's known name
// marks the order, and the buyer's open orders are counted, for the check before a call.
func TestOrderStateChecksTheReceiver(t *testing.T) {
	s, _ := tempStore(t)
	a, b, c := rec("1", queue.StatusPaid, 20000), rec("2", queue.StatusUnpaid, 20000), rec("3", queue.StatusUnpaid, 20000)
	a.Receiver, b.Receiver, c.Receiver = "丁小明", "王**", "丁**"
	b.Buyer, c.Buyer = a.Buyer, a.Buyer
	if _, err := s.Upsert(ctx, []exports.Record{a, b, c}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"2": true, "3": false} {
		o, buyer, err := s.OrderState(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := o.Flags&queue.FlagReceiverMismatch != 0; got != want || buyer.Open != 2 {
			t.Errorf("order %s: mismatch %v (want %v), open %d", id, got, want, buyer.Open)
		}
	}
}

// TestImportKeepsItemsSignatures: orders imported with the same items in another order are
// duplicates; with other quantities they are not.
func TestImportKeepsItemsSignatures(t *testing.T) {
	s, _ := tempStore(t)
	items := func(q int, rev bool) []exports.Item {
		its := []exports.Item{{Title: "北欧布艺沙发", SKU: "A1", Quantity: 1, Price: 20000}, {Title: "抱枕", Quantity: q, Price: 3000}}
		if rev {
			its[0], its[1] = its[1], its[0]
		}
		return its
	}
	var recs []exports.Record
	for i, it := range [][]exports.Item{items(2, false), items(2, true), items(3, false)} {
		r := rec(string(rune('A'+i)), queue.StatusUnpaid, 26000)
		r.Buyer, r.Items, r.Created = "买家甲", it, t0+3600+int64(i)*300
		recs = append(recs, r)
	}
	if _, err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	cfg := queue.DefaultConfig()
	snap, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	flags := map[string]bool{}
	for _, o := range snap.Orders {
		flags[o.ID] = o.Flags&queue.FlagDuplicate != 0
		if o.Items == 0 {
			t.Fatalf("order %s has no items signature", o.ID)
		}
	}
	if flags["A"] || !flags["B"] || flags["C"] {
		t.Fatalf("duplicates %v, want only B", flags)
	}
}
