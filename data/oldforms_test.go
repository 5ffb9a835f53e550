package data

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestOldFormsAreRewritten: a store the previous build wrote (before oldFormsStep) holds
// buyers named "tel:" and the full phone, a buyer named "#" and their order, and Shopify
// orders without their #, some of them imported again by the newer build in the new form.
// The step rewrites them: no full phone in any identity, one buyer per phone and one order
// per Shopify order (with the contacts logged on either form, the group touches each logged
// on the other taken back by a revoke), the log's entries found under the new id and still
// append-only, the blacklist following its buyer, the buyer shown by
// the masked receiver, and the old snapshot file no longer taken as current.
func TestOldFormsAreRewritten(t *testing.T) {
	s, path := tempStore(t)
	const phone = "13912345678"
	dy := func(id, buyer, phone, receiver string) exports.Record {
		return exports.Record{Platform: queue.PlatformDouyin, ID: id, Buyer: buyer, Phone: phone, Receiver: receiver,
			Title: "每日坚果礼盒", Amount: 23690, Created: t0 + 3600, Status: queue.StatusUnpaid}
	}
	sh := func(id, buyer, receiver string) exports.Record {
		return exports.Record{Platform: queue.PlatformShopify, ID: id, Buyer: buyer, Receiver: receiver,
			Title: "Wool coat", Amount: 59900, Created: t0 + 3600, Status: queue.StatusUnpaid}
	}
	// What the previous build stored, then what the newer one added from the same files.
	importAt(t, s, t0+3700, dy("3515001", "tel:"+phone, phone, "丁小明"), dy("3515002", "", "", "王小二"),
		sh("1001", "", "Amy Lee"), sh("1002", "tom@example.com", "Tom Li"))
	mustExec(t, s, `UPDATE buyers SET nick = '#' || (SELECT order_id FROM orders WHERE buyer_id = buyers.id) WHERE nick LIKE '#%'`)
	importAt(t, s, t0+7200, dy("3515003", exports.PhoneIdentity(phone), phone, "丁小明"), sh("#1002", "tom@example.com", "Tom Li"))
	for _, k := range []queue.OrderKey{{Platform: queue.PlatformShopify, ID: "1002"}, {Platform: queue.PlatformShopify, ID: "#1002"},
		{Platform: queue.PlatformDouyin, ID: "3515001"}} {
		if _, err := s.Append(ctx, queue.Event{At: t0 + 8000, Operator: "小美", Kind: queue.EventContact,
			Order: k, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
			t.Fatal(err)
		}
	}
	mustExec(t, s, `INSERT INTO blacklist (target, reason) VALUES ('tel:`+phone+`', 'harass')`)
	before, err := readMark(ctx, s.db)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, s, fmt.Sprintf(`PRAGMA user_version = %d`, oldFormsStep-1))
	s.Close()

	s = open(t, path)
	var nicks []string
	rows, err := s.db.QueryContext(ctx, `SELECT nick FROM buyers b WHERE EXISTS (SELECT 1 FROM orders WHERE buyer_id = b.id) ORDER BY nick`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		nicks = append(nicks, n)
	}
	rows.Close()
	want := []string{queue.OrderBuyer("#1001", "Amy Lee"), queue.OrderBuyer("3515002", "王小二"), exports.PhoneIdentity(phone), "tom@example.com"}
	slices.Sort(want)
	if !slices.Equal(nicks, want) {
		t.Errorf("the buyers after the step: %q, want %q", nicks, want)
	}
	var sameBuyer bool
	var shopifyIDs string
	var touches, logged int
	mustScan(t, s, `SELECT (SELECT buyer_id FROM orders WHERE order_id = '3515001') = (SELECT buyer_id FROM orders WHERE order_id = '3515003'),
		(SELECT group_concat(order_id, ',') FROM (SELECT order_id FROM orders WHERE platform = ? ORDER BY order_id)),
		(SELECT touches FROM orders WHERE order_id = '#1002'),
		(SELECT count(*) FROM events e WHERE order_id = '#1002' AND `+liveEvents+`)`, []any{int(queue.PlatformShopify)}, &sameBuyer, &shopifyIDs, &touches, &logged)
	if !sameBuyer {
		t.Error("the phone's two buyers are still two")
	}
	if shopifyIDs != "#1001,#1002" {
		t.Errorf("the Shopify orders: %s, want #1001,#1002", shopifyIDs)
	}
	if touches != 2 || logged != 2 {
		t.Errorf("#1002: %d touches and %d live events, want the two contacts on its two forms (their group touches of each other taken back)", touches, logged)
	}
	if keys, err := s.Find(ctx, "1001"); err != nil || len(keys) != 1 || keys[0].ID != "#1001" {
		t.Errorf("Find(1001) = %v, %v", keys, err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE events SET note = 'x'`); err == nil {
		t.Error("the log is no longer append-only after the step")
	}
	if ok, err := hasPassed(ctx, s.db, before); err != nil || ok {
		t.Errorf("a snapshot file saved before the step is still taken as current (%v)", err)
	}
	cfg := queue.DefaultConfig()
	snap, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range snap.Orders {
		b := &snap.Buyers[o.Buyer]
		shown := queue.ShowBuyer(o.Platform, b, "", queue.LangZH)
		switch o.ID {
		case "3515001", "3515003": // one buyer known by a phone: one neutral id, never the phone
			if want := "顾客" + queue.BuyerTag(b.Nick); !b.Blacklisted || shown != want || strings.Contains(shown, "5678") {
				t.Errorf("%s: shown %q, blacklisted %v: want %s, on the blacklist", o.ID, shown, b.Blacklisted, want)
			}
		case "3515002":
			if shown != "王**" {
				t.Errorf("%s: shown %q, want 王**", o.ID, shown)
			}
		}
	}
}

func mustExec(t *testing.T, s *Store, query string, args ...any) {
	t.Helper()
	if _, err := s.db.ExecContext(ctx, query, args...); err != nil {
		t.Fatal(err)
	}
}

func mustScan(t *testing.T, s *Store, query string, args []any, dest ...any) {
	t.Helper()
	if err := s.db.QueryRowContext(ctx, query, args...).Scan(dest...); err != nil {
		t.Fatal(err)
	}
}
