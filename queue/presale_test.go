package queue

import (
	"math/rand/v2"
	"testing"
	"time"
)

// presaleConfig has a balance window from 2026-11-10 20:00 to 2026-11-11 22:00.
func presaleConfig() *Config {
	cfg := testConfig()
	cfg.Sales = []SaleConfig{{Name: "双11预售", Start: "2026-10-24 20:00", End: "2026-11-10 20:00",
		BalanceStart: "2026-11-10 20:00", BalanceEnd: "2026-11-11 22:00"}}
	return cfg
}

// balanceOrder is a presale order placed on 10-30 with ¥100 paid as the deposit and ¥400 due.
func balanceOrder(edit func(o *Order, b *Buyer)) *Snapshot {
	return one(local("2026-10-30 10:00"), 40000, func(o *Order, b *Buyer) {
		o.Flags |= FlagBalance
		o.Deposit = 10000
		if edit != nil {
			edit(o, b)
		}
	})
}

func touchedAt(when string, n uint8) func(o *Order, b *Buyer) {
	return func(o *Order, b *Buyer) {
		o.Contact.LastAt, o.Contact.Touches, o.Contact.LastChannel, o.Contact.LastResult = local(when).Unix(), n, ChannelIM, ResultSent
		o.Contact.Tried = 1 << ChannelIM
	}
}

// TestBalanceOrders: before its window a balance order is upcoming at balance_start; it is
// due at the opening, then again for the last reminder [presale] remind (6 h) before the end,
// and gone (expired) after balance_end; the respect rules hold.
func TestBalanceOrders(t *testing.T) {
	cfg := presaleConfig()
	tests := []struct {
		name    string
		snap    *Snapshot
		now     string
		section Section
		nextAt  string
		wave    Wave
		block   Block
	}{
		{"before the window", balanceOrder(nil), "2026-11-10 12:00", SectionUpcoming, "2026-11-10 20:00", WaveFirst, BlockNone},
		{"at the opening", balanceOrder(nil), "2026-11-10 20:00", SectionDue, "", WaveFirst, BlockNone},
		{"opened, untouched next morning", balanceOrder(nil), "2026-11-11 09:00", SectionDue, "", WaveFirst, BlockNone},
		{"touched at the opening: waits for the last hours", balanceOrder(touchedAt("2026-11-10 20:30", 1)), "2026-11-11 10:00",
			SectionUpcoming, "2026-11-11 16:00", WaveRetry, BlockNone},
		{"in the last hours", balanceOrder(touchedAt("2026-11-10 20:30", 1)), "2026-11-11 16:00", SectionDue, "", WaveRetry, BlockNone},
		{"reminded in the last hours: not due again", balanceOrder(touchedAt("2026-11-11 16:10", 2)), "2026-11-11 18:00",
			SectionUpcoming, "2026-11-11 22:00", WaveRetry, BlockNone},
		{"after the end: gone", balanceOrder(nil), "2026-11-11 22:00", SectionBlocked, "", WaveFirst, BlockExpired},
		{"after the end, touched: gone", balanceOrder(touchedAt("2026-11-11 16:10", 2)), "2026-11-12 09:00", SectionBlocked, "", WaveRetry, BlockExpired},
		{"blacklisted", balanceOrder(func(o *Order, b *Buyer) { b.Blacklisted = true }), "2026-11-10 20:00", SectionBlocked, "", WaveFirst, BlockBlacklist},
		{"at the cap", balanceOrder(touchedAt("2026-11-10 20:30", 3)), "2026-11-11 16:00", SectionBlocked, "", WaveRetry, BlockCap},
		{"no deposit recorded: still a balance order", one(local("2026-10-30 10:00"), 40000, func(o *Order, b *Buyer) { o.Flags |= FlagBalance }),
			"2026-11-10 12:00", SectionUpcoming, "2026-11-10 20:00", WaveFirst, BlockNone},
		{"deposit unpaid: an ordinary order", one(local("2026-11-10 11:00"), 50000, nil), "2026-11-10 12:00", SectionDue, "", WaveLate, BlockNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := rankOne(t, tt.snap, cfg, local(tt.now))
			if row.Section() != tt.section || row.Block() != tt.block || row.Wave() != tt.wave {
				t.Fatalf("section %v block %v wave %v, want %v %v %v (why %b)", row.Section(), row.Block(), row.Wave(), tt.section, tt.block, tt.wave, row.Why)
			}
			if tt.nextAt != "" && row.NextAt() != local(tt.nextAt).Unix() {
				t.Fatalf("next_at %v, want %s", time.Unix(row.NextAt(), 0).In(shanghai), tt.nextAt)
			}
			if bal := tt.snap.Orders[0].Flags&FlagBalance != 0; bal != (row.Why&WhyBalance != 0) && row.Section() != SectionBlocked {
				t.Fatalf("balance reason %v on a balance order %v", row.Why&WhyBalance != 0, bal)
			}
			if row.Channel() == ChannelSMS && row.SMSKind() != SMSNotification {
				t.Fatal("a balance order's SMS is marketing")
			}
		})
	}
	if d := cfg.Deadline(&balanceOrder(nil).Orders[0]); d != local("2026-11-11 22:00").Unix() {
		t.Fatalf("a balance order's deadline %v, want the window's end", time.Unix(d, 0).In(shanghai))
	}
}

// TestBalanceUrgency: a due balance order ranks higher with more deposit at stake and with
// fewer hours left.
func TestBalanceUrgency(t *testing.T) {
	cfg := presaleConfig()
	now := local("2026-11-11 09:00")
	small := rankOne(t, balanceOrder(nil), cfg, now)
	big := rankOne(t, balanceOrder(func(o *Order, b *Buyer) { o.Deposit = 80000 }), cfg, now)
	late := rankOne(t, balanceOrder(nil), cfg, local("2026-11-11 21:00"))
	if small.Section() != SectionDue || big.Section() != SectionDue || late.Section() != SectionDue {
		t.Fatalf("sections %v %v %v", small.Section(), big.Section(), late.Section())
	}
	if big.Score() <= small.Score() {
		t.Errorf("deposit ¥800 scores %d, ¥100 %d: want more at stake first", big.Score(), small.Score())
	}
	if late.Score() <= small.Score() {
		t.Errorf("an hour left scores %d, 13 hours %d: want the closer end first", late.Score(), small.Score())
	}
}

// TestBalanceNeverDueOutsideItsWindow (property): whatever its contact history and the
// moment, a balance order is never due before its window opens or once it has ended, and
// an upcoming one never waits past the window's end.
func TestBalanceNeverDueOutsideItsWindow(t *testing.T) {
	cfg := presaleConfig()
	from, to := local("2026-11-10 20:00").Unix(), local("2026-11-11 22:00").Unix()
	rng := rand.New(rand.NewPCG(19, 11))
	for i := range 3000 {
		now := time.Unix(from-2*86400+rng.Int64N(4*86400), 0)
		snap := balanceOrder(func(o *Order, b *Buyer) {
			o.Amount, o.Deposit = Fen(1000+rng.Int64N(900000)), int32(rng.Int64N(200000))
			if n := rng.IntN(4); n > 0 {
				o.Contact.Touches, o.Contact.LastAt = uint8(n), now.Unix()-rng.Int64N(3*86400)
				o.Contact.LastChannel, o.Contact.LastResult = Channel(1+rng.IntN(3)), Results[rng.IntN(len(Results))]
			}
			b.Paid = int32(rng.IntN(2))
		})
		row := rankOne(t, snap, cfg, now)
		switch {
		case row.Section() == SectionDue && (now.Unix() < from || now.Unix() >= to):
			t.Fatalf("case %d: due at %v, outside its window", i, now.In(shanghai))
		case row.Section() == SectionUpcoming && (row.NextAt() < from || row.NextAt() > to):
			t.Fatalf("case %d: at %v upcoming at %v, outside its window", i, now.In(shanghai), time.Unix(row.NextAt(), 0).In(shanghai))
		}
	}
}
