package queue

import (
	"testing"
	"time"
)

// TestScore checks each term of a due order's urgency on its own, against the base case: an
// order of ¥200 in its first wave with the default 72 hours left, outside the peak windows.
func TestScore(t *testing.T) {
	now := at("12:00")
	const base = 13 + 40*8 + 100 // 72 h left, ¥200 is 8 binary digits of yuan, first wave
	tests := []struct {
		name    string
		left    time.Duration // until the close deadline
		amount  Fen
		wave    Wave
		rule    ChannelRule
		why     Why
		peak    bool
		contact ContactState
		want    int32
	}{
		{"base", 72 * time.Hour, 20000, WaveFirst, RuleWave, 0, false, ContactState{}, base},
		{"at the deadline", 0, 20000, WaveFirst, RuleWave, 0, false, ContactState{}, 1000 + 320 + 100},
		{"an hour left", time.Hour, 20000, WaveFirst, RuleWave, 0, false, ContactState{}, 500 + 320 + 100},
		{"past the deadline counts as at it", -time.Hour, 20000, WaveFirst, RuleWave, 0, false, ContactState{}, 1000 + 320 + 100},
		{"twice the amount, one doubling more", 72 * time.Hour, 40000, WaveFirst, RuleWave, 0, false, ContactState{}, base + 40},
		{"nothing to pay", 72 * time.Hour, 0, WaveFirst, RuleWave, 0, false, ContactState{}, 13 + 100},
		{"a negative amount is worth nothing", 72 * time.Hour, -5000, WaveFirst, RuleWave, 0, false, ContactState{}, 13 + 100},
		{"second wave", 72 * time.Hour, 20000, WaveSecond, RuleWave, 0, false, ContactState{}, base - 40},
		{"retry", 72 * time.Hour, 20000, WaveRetry, RuleWave, 0, false, ContactState{}, base - 70},
		{"new high-value buyer", 72 * time.Hour, 20000, WaveFirst, RuleNewHighValue, 0, false, ContactState{}, base + 50},
		{"peak window", 72 * time.Hour, 20000, WaveFirst, RuleWave, 0, true, ContactState{}, base + 80},
		{"promised callback", 72 * time.Hour, 20000, WaveFirst, RuleWave, 0, false,
			ContactState{Until: now.Unix(), LastResult: ResultPromised}, base + 120},
		{"snoozed is no callback", 72 * time.Hour, 20000, WaveFirst, RuleWave, 0, false,
			ContactState{Until: now.Unix(), LastResult: ResultSent}, base},
		{"the owner's own order", 72 * time.Hour, 20000, WaveFirst, RuleWave, WhyMine, false, ContactState{}, base + 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(now.Add(-time.Hour), tt.amount, func(o *Order, b *Buyer) { o.Contact = tt.contact })
			ev := newEvaluator(Input{Snap: s, Config: testConfig(), Now: now, Me: -1}, make([]uint8, 1))
			ev.peak = tt.peak
			row := Row{Why: tt.why, bits: uint16(tt.wave)<<rowWave | uint16(tt.rule)<<rowRule}
			if got := ev.score(&s.Orders[0], now.Add(tt.left).Unix(), row); got != tt.want {
				t.Fatalf("score = %d, want %d", got, tt.want)
			}
		})
	}
}
