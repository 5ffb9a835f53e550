package data

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

var ctx = context.Background()

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func tempStore(t *testing.T) (*Store, string) {
	path := filepath.Join(t.TempDir(), "sub", "cuifu.db")
	return open(t, path), path
}

const t0 = int64(1794412800) // 2026-11-11 00:00 +08:00

func rec(id string, st queue.Status, amount queue.Fen) exports.Record {
	r := exports.Record{Platform: queue.PlatformTaobao, ID: id, Buyer: "买家" + id, Phone: "13800001234", Title: "北欧布艺沙发",
		Amount: amount, Created: t0 + 3600, Status: st, Receiver: "张*"}
	if st == queue.StatusPaid {
		r.PaidAt = t0 + 7200
	}
	return r
}

func TestOpenCreatesPrivateWALStore(t *testing.T) {
	s, path := tempStore(t)
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("store mode %v, want 0600", fi.Mode().Perm())
		}
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var page int
	if err := s.db.QueryRow("PRAGMA page_size").Scan(&page); err != nil || page != pageSize {
		t.Fatalf("page_size = %d, %v; want %d", page, err, pageSize)
	}
	var v int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != len(migrations) {
		t.Fatalf("user_version = %d", v)
	}
	s.Close()
	s2 := open(t, path) // reopening runs nothing twice
	s2.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != len(migrations) {
		t.Fatalf("user_version after reopen = %d", v)
	}
}

func TestUpsertStatusNeverMovesBackwards(t *testing.T) {
	s, _ := tempStore(t)
	tests := []struct {
		name string
		recs []exports.Record
		want Summary
	}{
		{"first import", []exports.Record{rec("1", queue.StatusUnpaid, 1000), rec("2", queue.StatusUnpaid, 2000), rec("3", queue.StatusPaid, 3000)},
			Summary{New: 3, NowPaid: 1}},
		{"same file again", []exports.Record{rec("1", queue.StatusUnpaid, 1000), rec("2", queue.StatusUnpaid, 2000), rec("3", queue.StatusPaid, 3000)},
			Summary{Unchanged: 3}},
		{"newer export", []exports.Record{rec("1", queue.StatusPaid, 1000), rec("2", queue.StatusClosed, 2000)},
			Summary{NowPaid: 1, NowClosed: 1}},
		{"older export again", []exports.Record{rec("1", queue.StatusUnpaid, 1000), rec("2", queue.StatusUnpaid, 2000), rec("3", queue.StatusPaid, 3000)},
			Summary{Unchanged: 3}},
		{"a changed amount", []exports.Record{rec("3", queue.StatusPaid, 3100)}, Summary{Updated: 1}},
		// An order the store first sees closed is counted closed, as one first seen paid is
		// counted paid (the summary said 已关闭 0 for a first import with 88 closed orders).
		{"new orders already paid or closed", []exports.Record{rec("4", queue.StatusClosed, 4000), rec("5", queue.StatusPaid, 5000)},
			Summary{New: 2, NowPaid: 1, NowClosed: 1}},
	}
	for _, tt := range tests {
		got, err := s.Upsert(ctx, tt.recs)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Fatalf("%s: summary %+v, want %+v", tt.name, got, tt.want)
		}
	}
	d, err := s.Detail(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "1"})
	if err != nil || d.Status != queue.StatusPaid || d.PaidAt != t0+7200 {
		t.Fatalf("order 1: %+v %v", d, err)
	}
	snap, err := s.Snapshot(ctx, ptr(queue.DefaultConfig()))
	if err != nil || len(snap.Orders) != 0 {
		t.Fatalf("open orders left: %d %v", len(snap.Orders), err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestSnapshotAndAppend(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	a := rec("A", queue.StatusUnpaid, 59900)
	a.Title = "法式碎花连衣裙"
	a.Agent = "小美"
	b := rec("B", queue.StatusUnpaid, 8800)
	b.Buyer = a.Buyer // same buyer, two orders
	old := rec("P", queue.StatusPaid, 1000)
	old.Buyer = a.Buyer
	if _, err := s.Upsert(ctx, []exports.Record{a, b, old}); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Orders) != 2 || len(snap.Buyers) != 1 {
		t.Fatalf("snapshot: %d orders, %d buyers", len(snap.Orders), len(snap.Buyers))
	}
	o := snap.Orders[0]
	if o.ID != "A" || o.Flags&queue.FlagCallAverse == 0 || snap.Operator(o.Agent) != "小美" || !snap.Buyers[0].Returning() {
		t.Fatalf("order A: %+v, buyer %+v", o, snap.Buyers[0])
	}
	key := queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}
	e, err := s.Append(ctx, queue.Event{At: t0 + 7200, Operator: "小美", Kind: queue.EventContact, Order: key,
		Channel: queue.ChannelSMS, Result: queue.ResultSent, Note: "cushion=3"})
	if err != nil || e.ID == 0 {
		t.Fatalf("append: %+v %v", e, err)
	}
	if _, err := s.Append(ctx, queue.Event{At: t0 + 7300, Operator: "小美", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "B"},
		Channel: queue.ChannelIM, Result: queue.ResultDoNotContact, Reason: "complaint"}); err != nil {
		t.Fatal(err)
	}
	snap, _ = s.Snapshot(ctx, &cfg)
	c := snap.Orders[0].Contact
	if c.Touches != 1 || c.LastAt != t0+7200 || !c.TriedChannel(queue.ChannelSMS) || c.LastResult != queue.ResultSent {
		t.Fatalf("contact summary: %+v", c)
	}
	by := snap.Buyers[0]
	if !by.OptedOut || !by.Complaint || int64(by.SMSAt) != t0+7200 || by.Cushions != 1<<3 {
		t.Fatalf("buyer after events: %+v", by)
	}
	_, err = s.Append(ctx, queue.Event{At: t0, Operator: "小美", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "nope"}})
	if !errors.Is(err, ErrNoOrder) {
		t.Fatalf("append to a missing order: %v", err)
	}
	d, err := s.Detail(ctx, key)
	if err != nil || len(d.History) != 1 || d.BuyerOrders != 3 || d.BuyerPaid != 1 {
		t.Fatalf("detail: %+v %v", d, err)
	}
}

func TestShiftLogIsAppendOnly(t *testing.T) {
	s, _ := tempStore(t)
	if _, err := s.Append(ctx, queue.Event{At: t0, Operator: "小美", Kind: queue.EventImport, Note: "x.csv"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE events SET operator = 'mallory'", "DELETE FROM events"} {
		if _, err := s.db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestTwoProcessesClaimAndLog runs two stores on one file, as two cuifu processes would.
func TestTwoProcessesClaimAndLog(t *testing.T) {
	s1, path := tempStore(t)
	s2 := open(t, path)
	if _, err := s1.Upsert(ctx, []exports.Record{rec("A", queue.StatusUnpaid, 20000)}); err != nil {
		t.Fatal(err)
	}
	key := queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}
	v1, _ := s1.DataVersion(ctx)
	var wg sync.WaitGroup
	wins := make(chan string, 20)
	errs := make(chan error, 400)
	for i := 0; i < 10; i++ {
		for j, s := range []*Store{s1, s2} {
			name := []string{"小美", "阿杰"}[j]
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Claim(ctx, queue.Event{At: t0, Operator: name, Kind: queue.EventClaim, Order: key, Until: t0 + 900})
				switch {
				case err == nil:
					wins <- name
				case !errors.Is(err, ErrClaimed):
					errs <- err
				}
				for k := 0; k < 10; k++ {
					if _, err := s.Append(ctx, queue.Event{At: t0, Operator: name, Kind: queue.EventReveal, Order: key}); err != nil {
						errs <- err
					}
				}
			}()
		}
	}
	wg.Wait()
	close(wins)
	close(errs)
	for err := range errs {
		t.Fatalf("error shown to a specialist: %v", err)
	}
	holders := map[string]bool{}
	for w := range wins {
		holders[w] = true
	}
	if len(holders) != 1 {
		t.Fatalf("claim holders: %v, want exactly one", holders)
	}
	evs, err := s2.Events(ctx, EventFilter{Order: &key})
	if err != nil {
		t.Fatal(err)
	}
	reveals := 0
	for _, e := range evs {
		if e.Kind == queue.EventReveal {
			reveals++
		}
	}
	if reveals != 200 {
		t.Fatalf("%d reveal events, want 200 (none lost)", reveals)
	}
	if v2, _ := s1.DataVersion(ctx); v2 == v1 {
		t.Fatal("data_version did not change after the other store's writes")
	}
}

func TestTallyUsesAttribution(t *testing.T) {
	s, _ := tempStore(t)
	a, b := rec("A", queue.StatusUnpaid, 50000), rec("B", queue.StatusUnpaid, 30000)
	s.Upsert(ctx, []exports.Record{a, b})
	for _, e := range []queue.Event{
		{At: t0 + 3700, Operator: "小美", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, Channel: queue.ChannelIM, Result: queue.ResultSent},
		{At: t0 + 3800, Operator: "小美", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "B"}, Channel: queue.ChannelIM, Result: queue.ResultClaimedPaid},
	} {
		if _, err := s.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	a.Status, a.PaidAt = queue.StatusPaid, t0+7200
	s.Upsert(ctx, []exports.Record{a})
	tally, err := s.Tally(ctx, "小美", t0, t0+86400, 72*3600)
	if err != nil {
		t.Fatal(err)
	}
	want := Tally{Contacts: 2, OrdersContacted: 2, Recovered: 1, RecoveredFen: 50000}
	if tally != want {
		t.Fatalf("tally %+v, want %+v", tally, want)
	}
}

func TestTallyRefusesAnAmountThatWraps(t *testing.T) {
	s, _ := tempStore(t)
	huge := queue.Fen(math.MaxInt64/2 + 1)
	a, b := rec("A", queue.StatusUnpaid, huge), rec("B", queue.StatusUnpaid, huge)
	s.Upsert(ctx, []exports.Record{a, b})
	for _, id := range []string{"A", "B"} {
		e := queue.Event{At: t0 + 3700, Operator: "小美", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: id},
			Channel: queue.ChannelIM, Result: queue.ResultSent}
		if _, err := s.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	a.Status, a.PaidAt = queue.StatusPaid, t0+7200
	b.Status, b.PaidAt = queue.StatusPaid, t0+7200
	s.Upsert(ctx, []exports.Record{a, b})
	if tally, err := s.Tally(ctx, "小美", t0, t0+86400, 72*3600); !errors.Is(err, queue.ErrMoneyOverflow) {
		t.Fatalf("tally %+v, %v; want ErrMoneyOverflow", tally, err)
	}
}

func TestFind(t *testing.T) {
	s, _ := tempStore(t)
	j := rec("9", queue.StatusUnpaid, 100)
	j.Platform = queue.PlatformJD
	s.Upsert(ctx, []exports.Record{rec("9", queue.StatusUnpaid, 100), j})
	if keys, _ := s.Find(ctx, "9"); len(keys) != 2 {
		t.Fatalf("find 9: %v", keys)
	}
	if keys, _ := s.Find(ctx, "jd:9"); len(keys) != 1 || keys[0].Platform != queue.PlatformJD {
		t.Fatalf("find jd:9: %v", keys)
	}
	if keys, _ := s.Find(ctx, "10"); len(keys) != 0 {
		t.Fatalf("find 10: %v", keys)
	}
}

// TestFindShopifyWithOrWithoutHash: a Shopify order is #1001 as the merchant sees it; it is
// found as #1001, as 1001 and as shopify:1001, and a hash never finds another platform's 1001.
func TestFindShopifyWithOrWithoutHash(t *testing.T) {
	s, _ := tempStore(t)
	sh := rec("#1001", queue.StatusUnpaid, 100)
	sh.Platform = queue.PlatformShopify
	s.Upsert(ctx, []exports.Record{sh, rec("2002", queue.StatusUnpaid, 100)})
	want := queue.OrderKey{Platform: queue.PlatformShopify, ID: "#1001"}
	for _, id := range []string{"#1001", "1001", " #1001 ", "shopify:1001", "shopify:#1001"} {
		if keys, err := s.Find(ctx, id); err != nil || len(keys) != 1 || keys[0] != want {
			t.Errorf("find %q: %v %v", id, keys, err)
		}
	}
	if keys, _ := s.Find(ctx, "#2002"); len(keys) != 0 {
		t.Errorf("find #2002 found a Taobao order: %v", keys)
	}
	if keys, _ := s.Find(ctx, "2002"); len(keys) != 1 {
		t.Errorf("find 2002: %v", keys)
	}
}

var _ = time.Second

func TestCallbackOwnerIsStored(t *testing.T) {
	s, _ := tempStore(t)
	s.Upsert(ctx, []exports.Record{rec("A", queue.StatusUnpaid, 20000), rec("B", queue.StatusUnpaid, 20000)})
	for _, e := range []queue.Event{
		{At: t0 + 3700, Operator: "阿杰", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, Channel: queue.ChannelIM, Result: queue.ResultPromised, Until: t0 + 9000},
		{At: t0 + 3700, Operator: "阿杰", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "B"}, Channel: queue.ChannelIM, Result: queue.ResultPromised, Until: t0 + 9000, Reason: queue.CallbackAnyone},
	} {
		if _, err := s.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := s.Snapshot(ctx, ptr(queue.DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	a, b := snap.Orders[0].Contact, snap.Orders[1].Contact
	if snap.Operator(a.CallbackOwner-1) != "阿杰" || b.CallbackOwner != 0 || a.Until != t0+9000 {
		t.Fatalf("callbacks: A %+v, B %+v", a, b)
	}
}

// TestChangesMergeLikeAReload: merging the changes since a snapshot gives what a fresh
// snapshot gives.
func TestChangesMergeLikeAReload(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	a, b, c := rec("A", queue.StatusUnpaid, 20000), rec("B", queue.StatusUnpaid, 30000), rec("C", queue.StatusUnpaid, 40000)
	c.Buyer = a.Buyer
	s.Upsert(ctx, []exports.Record{a, b, c})
	snap, err := s.Snapshot(ctx, &cfg)
	if err != nil || snap.Seq == 0 {
		t.Fatalf("snapshot seq %d, %v", snap.Seq, err)
	}
	if ch, err := s.Changes(ctx, &cfg, snap.Seq); err != nil || len(ch.Orders) != 0 {
		t.Fatalf("changes with nothing changed: %+v %v", ch, err)
	}
	// Another process: a contact that opts the buyer out, a payment, an arrival.
	s.Append(ctx, queue.Event{At: t0 + 4000, Operator: "阿杰", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"},
		Channel: queue.ChannelIM, Result: queue.ResultDoNotContact})
	b.Status, b.PaidAt = queue.StatusPaid, t0+5000
	d := rec("D", queue.StatusUnpaid, 9900)
	d.Agent = "婷婷"
	s.Upsert(ctx, []exports.Record{b, d})
	// A, B and D changed, and so did C: its buyer opted out.
	ch, err := s.Changes(ctx, &cfg, snap.Seq)
	if err != nil || len(ch.Orders) != 4 {
		t.Fatalf("changes: %d, %v", len(ch.Orders), err)
	}
	// Each change says who made it: 阿杰's contact on A; nobody's on the others (an import).
	for _, c := range ch.Orders {
		if want := map[string]string{"A": "阿杰"}[c.Order.ID]; c.By != want {
			t.Errorf("change of %s: by %q, want %q", c.Order.ID, c.By, want)
		}
	}
	added, left := snap.Merge(ch)
	if len(added) != 1 || added[0].ID != "D" || len(left) != 1 || left[0].ID != "B" {
		t.Fatalf("merge: added %v, left %v", added, left)
	}
	fresh, _ := s.Snapshot(ctx, &cfg)
	if snap.Seq != fresh.Seq || len(snap.Orders) != len(fresh.Orders) {
		t.Fatalf("merged %d orders at seq %d, fresh %d at %d", len(snap.Orders), snap.Seq, len(fresh.Orders), fresh.Seq)
	}
	for i := range fresh.Orders {
		m, f := snap.Orders[i], fresh.Orders[i]
		mb, fb := snap.Buyers[m.Buyer], fresh.Buyers[f.Buyer]
		if m.ID != f.ID || m.Contact.Touches != f.Contact.Touches || snap.Operator(m.Agent) != fresh.Operator(f.Agent) ||
			mb.Nick != fb.Nick || mb.OptedOut != fb.OptedOut || m.Flags != f.Flags {
			t.Fatalf("order %d: merged %+v (%+v), fresh %+v (%+v)", i, m, mb, f, fb)
		}
	}
	// C shares A's buyer: the opt-out reaches it through the merge.
	for _, o := range snap.Orders {
		if o.ID == "C" && !snap.Buyers[o.Buyer].OptedOut {
			t.Fatal("the buyer's opt-out did not reach their other order")
		}
	}
	// A big import is a reload, not a merge.
	var many []exports.Record
	s.mergeLimit = 256
	for i := 0; i < s.mergeLimit+1; i++ {
		many = append(many, rec("M"+strconv.Itoa(i), queue.StatusUnpaid, 1000))
	}
	s.Upsert(ctx, many)
	if _, err := s.Changes(ctx, &cfg, fresh.Seq); !errors.Is(err, ErrTooManyChanges) {
		t.Fatalf("a big change: %v", err)
	}
}

// TestImportTakesTheConfiguredMostAnOrderMayCost: [value] max_order_fen reaches the reader,
// so a row above it is a row error.
func TestImportTakesTheConfiguredMostAnOrderMayCost(t *testing.T) {
	cfg, err := queue.ParseConfig([]byte("[value]\nmax_order_fen = 50000"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ImportOptions(&cfg, queue.PlatformUnknown).MaxAmount; got != 50000 {
		t.Fatalf("the reader's most an order may cost is %d, want 50000", got)
	}
	if got := ImportOptions(new(queue.DefaultConfig()), queue.PlatformUnknown).MaxAmount; got != queue.DefaultMaxOrder {
		t.Fatalf("by default the most an order may cost is %d, want %d", got, queue.DefaultMaxOrder)
	}
}
