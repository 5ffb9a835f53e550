package queue

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// holdoutList writes the membership of a fixed set of buyers at share under salt, one
// character a buyer.
func holdoutList(salt string, share float64) string {
	var b strings.Builder
	for i := 0; i < 2000; i++ {
		if InHoldout(share, salt, Platform(1+i%5), fmt.Sprintf("买家%d", i)) {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// TestHoldoutStableAcrossProcesses runs this test binary again as a second process and
// compares the holdout it computes from the same config text with this process's.
func TestHoldoutStableAcrossProcesses(t *testing.T) {
	const conf = "[holdout]\nshare = 0.05\nsalt = \"小美家居-2026\"\n"
	if os.Getenv("CUIFU_HOLDOUT_CHILD") == "1" {
		c, err := ParseConfig([]byte(conf))
		if err != nil {
			fmt.Println("error", err)
			return
		}
		fmt.Println("members", holdoutList(c.Holdout.Salt, c.Holdout.Share))
		return
	}
	c1, err := ParseConfig([]byte(conf))
	if err != nil {
		t.Fatal(err)
	}
	c2, err := ParseConfig([]byte(conf))
	if err != nil {
		t.Fatal(err)
	}
	here := holdoutList(c1.Holdout.Salt, c1.Holdout.Share)
	if again := holdoutList(c2.Holdout.Salt, c2.Holdout.Share); again != here {
		t.Fatal("two loads of the same config disagree")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestHoldoutStableAcrossProcesses$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CUIFU_HOLDOUT_CHILD=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var child string
	for _, line := range strings.Split(string(out), "\n") {
		if m, ok := strings.CutPrefix(line, "members "); ok {
			child = m
		}
	}
	if child != here {
		t.Fatalf("the second process put other buyers in the holdout:\n%s", out)
	}
	if !strings.Contains(here, "1") || !strings.Contains(here, "0") {
		t.Fatal("a 5% holdout of 2,000 buyers should have members and non-members")
	}
}

// TestHoldoutPointPinned pins the hash: a change would silently move buyers in and out of
// every shop's holdout, and their history would no longer compare.
func TestHoldoutPointPinned(t *testing.T) {
	tests := []struct {
		salt string
		p    Platform
		nick string
		want float64
	}{
		{"", PlatformTaobao, "小鹿乱撞", 0.500372668920},
		{"s", PlatformTaobao, "小鹿乱撞", 0.068617392726},
		{"s", PlatformJD, "小鹿乱撞", 0.879836945005},
		{"s", PlatformTaobao, "tb123", 0.757486314314},
	}
	for _, tt := range tests {
		got := HoldoutPoint(tt.salt, tt.p, tt.nick)
		if got < 0 || got >= 1 {
			t.Fatalf("point %v outside [0, 1)", got)
		}
		if ref := referencePoint(tt.salt, tt.p, tt.nick); got != ref {
			t.Errorf("HoldoutPoint(%q, %v, %q) = %v, the standard library's FNV-1a gives %v", tt.salt, tt.p, tt.nick, got, ref)
		}
		if fmt.Sprintf("%.12f", got) != fmt.Sprintf("%.12f", tt.want) {
			t.Errorf("HoldoutPoint(%q, %v, %q) = %.12f, want %.12f", tt.salt, tt.p, tt.nick, got, tt.want)
		}
	}
}

// referencePoint is HoldoutPoint built on hash/fnv, to check the hand-written FNV-1a.
func referencePoint(salt string, p Platform, nick string) float64 {
	h := fnv.New64a()
	for _, s := range []string{salt, p.String(), nick} {
		h.Write([]byte(s))
		h.Write([]byte{0xff})
	}
	return unitOf(h.Sum64())
}

func TestHoldoutShare(t *testing.T) {
	tests := []struct {
		share    float64
		min, max int // members of 100,000 buyers
	}{
		{0, 0, 0},
		{0.01, 900, 1100},
		{0.05, 4700, 5300},
		{0.2, 19500, 20500},
	}
	for _, tt := range tests {
		n := 0
		for i := 0; i < 100000; i++ {
			if InHoldout(tt.share, "salt", PlatformTaobao, fmt.Sprintf("tb%07d", i)) {
				n++
			}
		}
		if n < tt.min || n > tt.max {
			t.Errorf("share %v: %d members of 100,000, want %d..%d", tt.share, n, tt.min, tt.max)
		}
	}
	// Raising the share only adds buyers; another salt draws another holdout.
	a, b, c := holdoutList("x", 0.05), holdoutList("x", 0.1), holdoutList("y", 0.05)
	for i := range a {
		if a[i] == '1' && b[i] != '1' {
			t.Fatalf("buyer %d left the holdout when the share grew", i)
		}
	}
	if a == c {
		t.Fatal("two salts drew the same holdout")
	}
}

// TestHoldoutConfigChecked: a bad holdout or report setting is refused, named as every
// other setting is: "key = value: what it must be".
func TestHoldoutConfigChecked(t *testing.T) {
	for _, bad := range []struct{ toml, want string }{
		{"[holdout]\nshare = -0.1\n", "holdout.share = -0.1: "},
		{"[holdout]\nshare = 0.9\n", "holdout.share = 0.9: a share from 0 to 0.5"},
		{"[holdout]\nshare = nan\n", "holdout.share = NaN: "},
		{"[report]\nmin_orders = 0\n", "report.min_orders = 0: must be at least 1"},
		{"[report]\nsms_part_fen = -1\n", "report.sms_part_fen = -1: an amount in fen"},
	} {
		if _, err := ParseConfig([]byte(bad.toml)); err == nil || !strings.HasPrefix(err.Error(), bad.want) {
			t.Errorf("%q: %v, want %q", bad.toml, err, bad.want)
		}
	}
}

// TestHoldoutBlocked: a holdout buyer's order is blocked as 对照组 and explained so, ahead of
// every other block but an opt-out.
func TestHoldoutBlocked(t *testing.T) {
	cfg := testConfig()
	cfg.Holdout = HoldoutConfig{Share: 0.5, Salt: "t"}
	now := at("15:00")
	nick := ""
	for i := 0; ; i++ {
		if nick = fmt.Sprintf("b%d", i); cfg.Holdout.Member(PlatformTaobao, nick) {
			break
		}
	}
	tests := []struct {
		name string
		edit func(o *Order, b *Buyer)
		want Block
	}{
		{"due otherwise", func(o *Order, b *Buyer) {}, BlockHoldout},
		{"over its cap too", func(o *Order, b *Buyer) { o.Contact.Touches = 3 }, BlockHoldout},
		{"opted out too", func(o *Order, b *Buyer) { b.OptedOut = true }, BlockOptedOut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(now.Add(-2*time.Hour), 20000, func(o *Order, b *Buyer) { b.Nick = nick; tt.edit(o, b) })
			row := rankOne(t, s, cfg, now)
			if row.Section() != SectionBlocked || row.Block() != tt.want {
				t.Fatalf("section %v block %v, want blocked %v", row.Section(), row.Block(), tt.want)
			}
			if row.Channel() != ChannelNone {
				t.Fatalf("a holdout buyer is advised %v: no channel is right", row.Channel())
			}
			if tt.want == BlockHoldout && !strings.Contains(Explain(row, &s.Orders[0], cfg, now, LangZH), "对照组") {
				t.Fatalf("explained as %q", Explain(row, &s.Orders[0], cfg, now, LangZH))
			}
		})
	}
}

// TestNoHoldoutBuyerIsEverDue is a property test: over random orders, contact histories and
// instants, no order of a holdout buyer is ever due or upcoming, and every other buyer's
// orders rank as they would with no holdout at all.
func TestNoHoldoutBuyerIsEverDue(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 2026))
	off, on := testConfig(), testConfig()
	on.Holdout = HoldoutConfig{Share: 0.3, Salt: "prop"}
	var r1, r2 Ranker
	members := 0
	for round := 0; round < 200; round++ {
		now := at("00:00").Add(time.Duration(rng.IntN(3*24*60)) * time.Minute)
		s := &Snapshot{Operators: []string{"小美", "阿强"}}
		for b := 0; b < 20; b++ {
			phone := "13800000000"
			if rng.IntN(3) == 0 {
				phone = "138****0000"
			}
			s.Buyers = append(s.Buyers, Buyer{Nick: fmt.Sprintf("buyer%d-%d", round, b), Phone: phone, Paid: int32(rng.IntN(3)), OptedOut: rng.IntN(20) == 0})
		}
		for i := 0; i < 80; i++ {
			c := ContactState{ClaimBy: int32(rng.IntN(3)) - 1, Touches: uint8(rng.IntN(4)), LastChannel: Channel(1 + rng.IntN(3))}
			if c.Touches > 0 {
				c.LastAt = now.Add(-time.Duration(rng.IntN(48*60)) * time.Minute).Unix()
			}
			if c.ClaimBy >= 0 {
				c.ClaimUntil = UnixTime(now.Add(time.Duration(rng.IntN(30)-15) * time.Minute).Unix())
			}
			buyer := rng.IntN(20)
			s.Orders = append(s.Orders, Order{ID: fmt.Sprint(i), Amount: Fen(1000 + rng.IntN(100000)), Buyer: int32(buyer),
				Created: now.Add(-time.Duration(rng.IntN(80*60)) * time.Minute).Unix(), Agent: int32(rng.IntN(3)) - 1,
				Platform: Platform(1 + buyer%5), Flags: OrderFlags(rng.IntN(4)), Contact: c}) // a buyer is on one platform
		}
		me := int32(rng.IntN(3)) - 1
		plain := map[int32]Row{}
		for _, row := range r1.Rank(Input{Snap: s, Config: off, Now: now, Me: me}) {
			plain[row.Order] = row
		}
		for _, row := range r2.Rank(Input{Snap: s, Config: on, Now: now, Me: me}) {
			o := &s.Orders[row.Order]
			b := &s.Buyers[o.Buyer]
			if !on.Holdout.Member(o.Platform, b.Nick) {
				if row != plain[row.Order] {
					t.Fatalf("round %d: a buyer outside the holdout ranks differently with one", round)
				}
				continue
			}
			members++
			if row.Section() != SectionBlocked {
				t.Fatalf("round %d: holdout buyer %s's order is %v at %v", round, b.Nick, row.Section(), now)
			}
			if want := BlockHoldout; !b.OptedOut && row.Block() != want {
				t.Fatalf("round %d: holdout order blocked as %v", round, row.Block())
			}
		}
	}
	if members < 500 {
		t.Fatalf("only %d holdout orders were checked", members)
	}
}

// BenchmarkRankWithHoldout is BenchmarkRank with a 5% holdout: the membership is worked out
// once per snapshot (in the untimed first ranking), so a re-rank costs what it did.
func BenchmarkRankWithHoldout(b *testing.B) {
	cfg := testConfig()
	cfg.Holdout = HoldoutConfig{Share: 0.05, Salt: "bench"}
	now := at("15:00")
	s := benchSnapshot(benchN(), now)
	var r Ranker
	r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0})
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Rank(Input{Snap: s, Config: cfg, Now: now.Add(time.Duration(i) * time.Second), Me: 0})
	}
}
