package data

import (
	"strings"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestABuyerWithoutAccountOrPhoneIsShownByTheReceiver: a Douyin order that names no account
// and no usable phone is its own buyer, and the queue (which has no receiver) shows them as
// the masked receiver (丁**), not as a blank; the full name is stored nowhere in the buyer. A
// later export that masks the name finds the same buyer. A buyer known only by a masked
// phone is shown by a neutral id (顾客3f2a9b), never by the phone.
func TestABuyerWithoutAccountOrPhoneIsShownByTheReceiver(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	douyin := func(id, phone, receiver string) exports.Record {
		return exports.Record{Platform: queue.PlatformDouyin, ID: id, Phone: phone, Receiver: receiver, Title: "每日坚果礼盒",
			Amount: 23690, Created: t0 + 3600, Status: queue.StatusUnpaid}
	}
	importAt(t, s, t0+3700, douyin("3515313147003006516", "", "丁小明"), douyin("3515313147003000287", "186****4095", ""))
	importAt(t, s, t0+3800, douyin("3515313147003006516", "", "丁**"))
	snap, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]string{}
	for _, o := range snap.Orders {
		b := &snap.Buyers[o.Buyer]
		shown[o.ID] = queue.ShowBuyer(o.Platform, b, "", queue.LangZH)
		if strings.Contains(b.Nick, "小明") {
			t.Errorf("the buyer's identity holds the receiver's full name: %q", b.Nick)
		}
	}
	if got := shown["3515313147003006516"]; got != "丁**" {
		t.Errorf("the buyer with neither account nor phone is shown %q, want 丁**", got)
	}
	// Known only by a masked phone: a neutral id, never the phone (it has its own place).
	if got := shown["3515313147003000287"]; !strings.HasPrefix(got, "顾客") || strings.Contains(got, "*") || strings.Contains(got, "4095") {
		t.Errorf("the buyer with a masked phone and no receiver is shown %q, want 顾客 and a neutral id", got)
	}
	var buyers int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM buyers WHERE platform = ?`, int(queue.PlatformDouyin)).Scan(&buyers); err != nil {
		t.Fatal(err)
	}
	if buyers != 2 {
		t.Errorf("%d Douyin buyers after the re-import with a masked name, want 2", buyers)
	}
}
