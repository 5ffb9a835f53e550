package queue

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestMergedSnapshotsRankAsScattered: a snapshot kept laid out by merge after merge ranks,
// with one Ranker reused all along, exactly as grouping every buyer's orders the general way
// does: rows and section counts, with the caps, the holdout, presale balance orders, a viewer
// or none, and into a list of its own (RankInto).
func TestMergedSnapshotsRankAsScattered(t *testing.T) {
	ops := []string{"小美", "阿杰", "婷婷"}
	base := at("00:00").Unix() - 1_700_000_000 - 2*86400
	for seed := uint64(0); seed < 60; seed++ {
		rng := rand.New(rand.NewPCG(seed, 29))
		m := &mergeModel{orders: map[OrderKey]mergeOrder{}, buyers: map[buyerOf]Buyer{}, contacts: map[buyerOf][]uint32{}}
		for k := 0; k < 200+rng.IntN(400); k++ {
			p := Platform(1 + rng.IntN(3))
			b := buyerOf{p, "n" + strconv.Itoa(rng.IntN(150))}
			m.buyers[b] = Buyer{Nick: b.nick, Phone: "13800001234", Paid: int32(rng.IntN(2))}
			o := m.newOrder(rng, p, int64(1_700_000_000+rng.IntN(6)*60))
			m.orders[o.Key()] = mergeOrder{o, b}
		}
		s := m.fresh(rng)
		s.Operators = ops
		for i := range s.Orders {
			var c Changed
			c.Order = s.Orders[i]
			decorate(rng, &c, base, ops)
			c.Order.Agent, c.Order.Contact.ClaimBy = s.OperatorIndex(c.Agent), s.OperatorIndex(c.Claim)
			c.Order.Contact.CallbackOwner = s.OperatorIndex(c.CbBy) + 1
			s.Orders[i] = c.Order
		}
		s.LayOut()
		MarkDuplicates(s)
		var fast, into Ranker
		var list []Row
		for round := int64(1); round <= 40; round++ {
			ch := m.mergeRound(rng, round)
			for i := range ch.Orders {
				decorate(rng, &ch.Orders[i], base, ops)
			}
			s.MergeMoved(ch)
			now := at("08:00").Add(time.Duration(rng.IntN(16*3600)) * time.Second)
			cfg := testConfig()
			if rng.IntN(3) == 0 {
				cfg = presaleConfig()
			}
			switch rng.IntN(4) {
			case 1:
				cfg.Caps.PerBuyer = 1 + rng.IntN(3)
			case 2:
				cfg.Caps.PerBuyerDay = 1 + rng.IntN(2)
			case 3:
				cfg.Caps.PerBuyer, cfg.Caps.PerBuyerDay = 2, 1
			}
			if rng.IntN(4) == 0 {
				cfg.Holdout = HoldoutConfig{Share: 0.3, Salt: "s"}
			}
			in := Input{Snap: s, Config: cfg, Now: now, Me: int32(rng.IntN(4)) - 1}
			var general Ranker
			general.scattered = true
			want := append([]Row(nil), general.Rank(in)...)
			got := fast.Rank(in)
			if !fast.inRuns && general.Grouped > 0 {
				t.Fatalf("seed %d round %d: a merged snapshot was not grouped in runs", seed, round)
			}
			sameRanking(t, seed, round, "Rank", got, want, &fast, &general)
			list = into.RankInto(in, list[:0])
			sameRanking(t, seed, round, "RankInto", list, want, &into, &general)
		}
	}
}

// decorate gives a change's order a random history and kind: placed over two days, touched
// or not, a callback, a claim, a suspicious receiver, a presale balance order.
func decorate(rng *rand.Rand, c *Changed, base int64, ops []string) {
	o := &c.Order
	now := o.Created + base + 2*86400
	o.Created += base + int64(rng.IntN(2*86400))
	o.Amount = Fen(1000 + rng.IntN(2000000))
	if rng.IntN(3) == 0 {
		c.Agent = ops[rng.IntN(len(ops))]
	}
	if rng.IntN(10) == 0 {
		o.Flags |= FlagReceiverMismatch
	}
	if rng.IntN(5) == 0 {
		o.Flags |= FlagBalance
		o.Deposit = int32(o.Amount / 5)
	}
	if rng.IntN(2) == 0 {
		o.Contact.Touches = uint8(rng.IntN(4))
		o.Contact.LastAt = now - int64(rng.IntN(86400))
		o.Contact.LastChannel = Channel(1 + rng.IntN(3))
		o.Contact.Answered = rng.IntN(3) == 0
		if o.Contact.Touches > 0 && rng.IntN(3) == 0 {
			o.Contact.LastResult, o.Contact.Until = ResultPromised, now+int64(rng.IntN(7200))-3600
			c.CbBy = ops[rng.IntN(len(ops))]
		}
	}
	if rng.IntN(8) == 0 {
		c.Claim, o.Contact.ClaimUntil = ops[rng.IntN(len(ops))], uint32(now+int64(rng.IntN(1200))-600)
	}
}

// sameRanking fails the test unless rows, ranked by r, are want, ranked by general, with the
// same section counts.
func sameRanking(t *testing.T, seed uint64, round int64, how string, rows, want []Row, r, general *Ranker) {
	t.Helper()
	if r.Due != general.Due || r.Grouped != general.Grouped || r.Upcoming != general.Upcoming || r.Blocked != general.Blocked {
		t.Fatalf("seed %d round %d %s: sections %d/%d/%d/%d, want %d/%d/%d/%d", seed, round, how, r.Due, r.Grouped, r.Upcoming, r.Blocked,
			general.Due, general.Grouped, general.Upcoming, general.Blocked)
	}
	if len(rows) != len(want) {
		t.Fatalf("seed %d round %d %s: %d rows, want %d", seed, round, how, len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Fatalf("seed %d round %d %s (%d orders): row %d is %+v, want %+v", seed, round, how, len(rows), i, rows[i], want[i])
		}
	}
}
