package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// queueJSON returns the rows of `cuifu queue --format json`.
func queueJSON(t *testing.T, env *Env) []QueueRow {
	t.Helper()
	var rows []QueueRow
	if err := json.Unmarshal([]byte(capture(t, env, func() error { return Queue(context.Background(), env, QueueOptions{Format: "json"}) })), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestQueueSaysTheShippingChargedTwice: an order that charges shipping again minutes after
// another of the buyer's did says how much, in its JSON row (double_shipping) and in its
// reasons, after the likely duplicate and before the rest (the warnings lead), in the table
// too; the first order and an order without shipping say nothing.
func TestQueueSaysTheShippingChargedTwice(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	order := func(id, buyer string, created time.Time, shipping queue.Fen) exports.Record {
		return exports.Record{Platform: queue.PlatformTaobao, ID: id, Buyer: buyer, Title: "北欧布艺沙发", Amount: 30000,
			Shipping: shipping, Created: created.Unix(), Status: queue.StatusUnpaid, Receiver: "张*"}
	}
	placed := now.Add(-3 * time.Hour)
	if _, err := env.Store.Upsert(ctx, []exports.Record{order("S1", "买家甲", placed, 800), order("S2", "买家甲", placed.Add(4*time.Minute), 800),
		order("S3", "买家乙", placed, 0)}); err != nil {
		t.Fatal(err)
	}
	rows := queueJSON(t, env)
	seen := 0
	for _, r := range rows {
		want := ""
		if r.OrderID == "S2" {
			want, seen = "8.00", seen+1
		}
		if want != "" && !strings.HasPrefix(r.Why, "疑似重复单 · 运费重复 ¥8.00 · 并入 S1 · ") {
			t.Errorf("%s: the warnings do not lead: %q", r.OrderID, r.Why)
		}
		if r.DoubleShipping != want || strings.Contains(r.Why, "运费重复 ¥8.00") != (want != "") {
			t.Errorf("%s: double_shipping %q, why %q", r.OrderID, r.DoubleShipping, r.Why)
		}
	}
	if seen != 1 {
		t.Fatalf("S2 not in the queue: %+v", rows)
	}
	if table := capture(t, env, func() error { return Queue(ctx, env, QueueOptions{}) }); !strings.Contains(table, "运费重复 ¥8.00") {
		t.Errorf("the table does not say the amount:\n%s", table)
	}
}
