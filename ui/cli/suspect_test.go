package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestQueueNeverCallsAMaskedReceiverWhoIsNotTheBuyer: a new buyer whose closed order names
// 丁小明 has an open ¥800 order for 王**; after an unanswered IM, cuifu queue suggests IM
// for it and says why (JSON, CSV and table, in both languages), where the same order of a
// buyer whose name is not known is a call.
func TestQueueNeverCallsAMaskedReceiverWhoIsNotTheBuyer(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	order := func(id, buyer, receiver string, st queue.Status, created time.Time) exports.Record {
		return exports.Record{Platform: queue.PlatformTaobao, ID: id, Buyer: buyer, Phone: "1380000" + id, Title: "家用投影仪",
			Amount: 80000, Created: created.Unix(), Status: st, Receiver: receiver}
	}
	placed := now.Add(-5 * time.Hour)
	if _, err := env.Store.Upsert(ctx, []exports.Record{order("1001", "买家甲", "丁小明", queue.StatusClosed, now.AddDate(0, 0, -3)),
		order("1002", "买家甲", "王**", queue.StatusUnpaid, placed), order("2001", "买家乙", "王**", queue.StatusUnpaid, placed)}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"1002", "2001"} {
		if _, err := env.Store.Append(ctx, queue.Event{At: now.Add(-3 * time.Hour).Unix(), Operator: "小美", Kind: queue.EventContact,
			Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
			t.Fatal(err)
		}
	}
	rows := queueJSON(t, env)
	const zh, en = "可疑: 收件人与买家不符", "suspicious: masked receiver does not match the buyer"
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.OrderID] = true
		switch r.OrderID {
		case "1002":
			if r.Channel != queue.ChannelIM.String() || !strings.Contains(r.Why, zh) {
				t.Errorf("the order for 王** of 丁小明's buyer: %s, %q", r.Channel, r.Why)
			}
		case "2001":
			if r.Channel != queue.ChannelPhone.String() || strings.Contains(r.Why, "可疑") {
				t.Errorf("the plain order: %s, %q", r.Channel, r.Why)
			}
		}
	}
	if !seen["1002"] || !seen["2001"] {
		t.Fatalf("the orders are not in the queue: %+v", rows)
	}
	if csv := capture(t, env, func() error { return Queue(ctx, env, QueueOptions{Format: "csv"}) }); strings.Count(csv, zh) != 1 {
		t.Errorf("the CSV says it %d times:\n%s", strings.Count(csv, zh), csv)
	}
	if table := capture(t, env, func() error { return Queue(ctx, env, QueueOptions{}) }); !strings.Contains(table, zh) {
		t.Errorf("the table does not say it:\n%s", table)
	}
	env.Lang = queue.LangEN
	if table := capture(t, env, func() error { return Queue(ctx, env, QueueOptions{}) }); !strings.Contains(table, en) {
		t.Errorf("the English table does not say it:\n%s", table)
	}
}
