package data

import (
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// importAt imports recs as a file import at at does: the store learns them then.
func importAt(t *testing.T, s *Store, at int64, recs ...exports.Record) {
	t.Helper()
	im, err := s.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	im.at = at
	if err := im.Add(recs); err != nil {
		t.Fatal(err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestHistoryReadsTheDayAsItWasKnown: History reads the day's orders (placed in it, or
// named by its log or the look-back before it) and no others, with when the store learned
// of each and of its status, and with the full load's flags.
func TestHistoryReadsTheDayAsItWasKnown(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	const day = 86400
	old, touched, today, dupe := rec("OLD", queue.StatusUnpaid, 1000), rec("TOUCHED", queue.StatusUnpaid, 1000),
		rec("TODAY", queue.StatusUnpaid, 5000), rec("DUPE", queue.StatusUnpaid, 5000)
	old.Created, touched.Created = t0-10*day, t0-10*day
	today.Created, today.Shipping = t0+3600, 800
	dupe.Buyer, dupe.Created, dupe.Shipping = today.Buyer, today.Created+60, 800
	importAt(t, s, t0-9*day, old, touched)
	importAt(t, s, t0+7200, today, dupe)
	if _, err := s.Append(ctx, queue.Event{At: t0 + 8000, Operator: "小美", Kind: queue.EventContact,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "TOUCHED"}, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
		t.Fatal(err)
	}
	paid := today
	paid.Status, paid.PaidAt = queue.StatusPaid, t0+3700
	importAt(t, s, t0+9000, paid)
	var seen []int
	h, err := s.History(ctx, &cfg, t0, t0+day, func(n int) { seen = append(seen, n) })
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]queue.PastOrder{}
	for _, p := range h.Orders {
		got[p.Order.ID] = p
	}
	if len(got) != 3 || got["OLD"].Order.ID != "" {
		t.Fatalf("the day's orders: %v", got)
	}
	if p := got["TODAY"]; p.Learned != t0+7200 || p.StatusLearned != t0+9000 || p.PaidAt != t0+3700 || p.Status != queue.StatusPaid {
		t.Errorf("TODAY: %+v, want learned at %d, paid at %d learned at %d", p, t0+7200, t0+3700, t0+9000)
	}
	if p := got["TOUCHED"]; p.Learned != t0-9*day || p.StatusLearned != 0 {
		t.Errorf("TOUCHED: %+v", p)
	}
	if f := got["DUPE"].Order.Flags; f&queue.FlagDuplicate == 0 || f&queue.FlagDoubleShipping == 0 || f&queue.FlagShipping == 0 {
		t.Errorf("DUPE flags %b: the full load's mapper marks a duplicate with shipping charged again", f)
	}
	if len(h.Events) != 1 || len(seen) == 0 || seen[len(seen)-1] != 3 {
		t.Errorf("events %d, progress %v", len(h.Events), seen)
	}
}

// TestHistoryKnowsTheBuyersEarlierPayments: a buyer who paid before the replayed day is a
// returning buyer in the day's queue, from its first moment, as the live queue had them: the
// payments the store knew of then count (one of an order outside the day, one of an order
// the look-back brings in, counted once), and a payment it learned only later does not.
// Before, the replayed queue counted only the day's own payments: a new buyer.
func TestHistoryKnowsTheBuyersEarlierPayments(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	const day = 86400
	importAt(t, s, t0-9*day, wangOrder("BEFORE", t0-10*day, t0-10*day+600))
	importAt(t, s, t0-2*day, wangOrder("TOUCHED", t0-3*day, t0-2*day))
	importAt(t, s, t0+2*day, wangOrder("LATER", t0-5*day, t0+2*day))
	importAt(t, s, t0+3600, wangOrder("TODAY", t0+3500, 0))
	if _, err := s.Append(ctx, queue.Event{At: t0 - day, Operator: "小美", Kind: queue.EventContact,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "TOUCHED"}, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, &cfg, t0, t0+day, nil)
	if err != nil {
		t.Fatal(err)
	}
	snap := h.At(t0+7200, &cfg)
	if len(snap.Orders) != 1 || snap.Orders[0].ID != "TODAY" {
		t.Fatalf("the queue at 02:00: %v", snap.Orders)
	}
	if b := snap.Buyers[snap.Orders[0].Buyer]; b.Paid != 2 {
		t.Errorf("the buyer has %d payments in the day's queue, want the 2 the store knew of", b.Paid)
	}
}

// TestHistoryKnowsWhoMayNotBeContacted: a buyer who opted out, and one the shop blacklisted,
// before the log's stretch are so in the replayed day's queue, as they were in the live one;
// a block logged during the day counts from its moment. Before, the replay folded only the
// stretch's events: both were contactable all day, and skipping them could be flagged.
func TestHistoryKnowsWhoMayNotBeContacted(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	const day = 86400
	order := func(id, buyer string, created int64) exports.Record {
		r := rec(id, queue.StatusUnpaid, 5000)
		r.Buyer, r.Created, r.Phone = buyer, created, ""
		return r
	}
	importAt(t, s, t0-10*day, order("OLD", "不要打扰", t0-10*day))
	importAt(t, s, t0+3600, order("A", "不要打扰", t0+3500), order("B", "黑名单", t0+3500), order("C", "后来拉黑", t0+3500))
	if _, err := s.Append(ctx, queue.Event{At: t0 - 9*day, Operator: "小美", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "OLD"},
		Channel: queue.ChannelPhone, Result: queue.ResultDoNotContact, Reason: "complaint"}); err != nil {
		t.Fatal(err)
	}
	block := func(at int64, nick string) {
		if _, err := s.Block(ctx, []queue.Event{{At: at, Operator: "主管", Kind: queue.EventBlock, Note: nick, Reason: "恶意拍单"}}); err != nil {
			t.Fatal(err)
		}
	}
	block(t0-8*day, "黑名单")
	block(t0+5*3600, "后来拉黑")
	h, err := s.History(ctx, &cfg, t0, t0+day, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at                            int64
		optedOut, blocked, blockLater bool
	}{{t0 + 4*3600, true, true, false}, {t0 + 6*3600, true, true, true}} {
		snap := h.At(tc.at, &cfg)
		got := map[string]queue.Buyer{}
		for _, o := range snap.Orders {
			got[o.ID] = snap.Buyers[o.Buyer]
		}
		if a := got["A"]; a.OptedOut != tc.optedOut || !a.Complaint {
			t.Errorf("at %d: the buyer who complained before: opted out %v, complaint %v", tc.at, a.OptedOut, a.Complaint)
		}
		if got["B"].Blacklisted != tc.blocked || got["C"].Blacklisted != tc.blockLater {
			t.Errorf("at %d: blacklisted before the stretch %v (want %v), blocked at 05:00 %v (want %v)", tc.at,
				got["B"].Blacklisted, tc.blocked, got["C"].Blacklisted, tc.blockLater)
		}
	}
}

// TestHistoryCountsAPaymentLearnedDuringTheDay: an earlier order of the buyer that an import
// told paid during the replayed day (an export brought it in at 21:30, paid the night
// before) makes them a returning buyer in the day's queue from that moment on, as the live
// queue had them, and not before. Before, it counted neither before nor after the day's
// start: the replay showed a new buyer all day (新高, IM) where the specialist had seen a
// returning one (老高, SMS).
func TestHistoryCountsAPaymentLearnedDuringTheDay(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	const day = 86400
	importAt(t, s, t0+3600, wangOrder("TODAY", t0+3500, 0))
	importAt(t, s, t0+5*3600, wangOrder("YESTERDAY", t0-3600, t0-3000)) // learned paid at 05:00
	h, err := s.History(ctx, &cfg, t0, t0+day, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   int64
		paid int32
	}{{t0 + 4*3600, 0}, {t0 + 6*3600, 1}} {
		snap := h.At(c.at, &cfg)
		if len(snap.Orders) != 1 || snap.Orders[0].ID != "TODAY" {
			t.Fatalf("the queue at %d: %v", c.at, snap.Orders)
		}
		if b := snap.Buyers[snap.Orders[0].Buyer]; b.Paid != c.paid {
			t.Errorf("at %02d:00 the buyer has %d payments in the day's queue, want %d", (c.at-t0)/3600, b.Paid, c.paid)
		}
	}
}

// wangOrder is an order of the buyer 老王 placed at created, paid at paidAt (0: unpaid).
func wangOrder(id string, created, paidAt int64) exports.Record {
	r := rec(id, queue.StatusUnpaid, 5000)
	r.Buyer, r.Created = "老王", created
	if paidAt != 0 {
		r.Status, r.PaidAt = queue.StatusPaid, paidAt
	}
	return r
}
