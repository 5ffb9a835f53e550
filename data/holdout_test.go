package data

import (
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestHoldoutShareIsRecordedOncePerDay: with a holdout, the first event of each shop-local
// day records the share and the salt's fingerprint; another event of the same day adds none,
// a changed share adds one, and a shop without a holdout records nothing.
func TestHoldoutShareIsRecordedOncePerDay(t *testing.T) {
	s, _ := tempStore(t)
	if _, err := s.Upsert(ctx, []exports.Record{rec("A", queue.StatusUnpaid, 20000)}); err != nil {
		t.Fatal(err)
	}
	cfg := queue.DefaultConfig()
	contact := func(at int64) {
		t.Helper()
		if _, err := s.Append(ctx, queue.Event{At: at, Operator: "小美", Kind: queue.EventContact,
			Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
			t.Fatal(err)
		}
	}
	s.SetShop(&cfg) // no holdout
	contact(t0 + 9*3600)
	cfg.Holdout = queue.HoldoutConfig{Share: 0.05, Salt: "s"}
	s.SetShop(&cfg)
	contact(t0 + 10*3600)
	contact(t0 + 11*3600)
	contact(t0 + 86400 + 3600) // the next day
	cfg.Holdout.Share = 0.1
	s.SetShop(&cfg)
	contact(t0 + 86400 + 7200)
	got, err := s.HoldoutShares(ctx, t0, t0+2*86400)
	if err != nil {
		t.Fatal(err)
	}
	fp := cfg.Holdout.Fingerprint()
	day := func(at int64) string { return time.Unix(at, 0).In(s.loc).Format("2006-01-02") }
	d1, d2 := day(t0+10*3600), day(t0+86400+3600)
	want := []queue.DayShare{{Day: d1, Share: 0.05, Fingerprint: fp}, {Day: d2, Share: 0.05, Fingerprint: fp}, {Day: d2, Share: 0.1, Fingerprint: fp}}
	if len(got) != len(want) {
		t.Fatalf("shares %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("shares %v, want %v", got, want)
		}
	}
	// The records are no contact: the order's touches are the five contacts.
	o, _, err := s.OrderState(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, "")
	if err != nil || o.Contact.Touches != 5 {
		t.Fatalf("touches %d, %v", o.Contact.Touches, err)
	}
}

// TestHoldoutSaltIsTheStores: the store makes its salt once and every later open reads the
// same one; another store has another.
func TestHoldoutSaltIsTheStores(t *testing.T) {
	s, path := tempStore(t)
	a, err := s.HoldoutSalt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	again, err := open(t, path).HoldoutSalt(ctx)
	if err != nil || again != a {
		t.Fatalf("reopened: %q, %v; want %q", again, err, a)
	}
	other, _ := tempStore(t)
	if b, _ := other.HoldoutSalt(ctx); b == a {
		t.Fatalf("two stores share the salt %q", a)
	}
}
