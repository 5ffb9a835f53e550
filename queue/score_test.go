package queue

import (
	"strings"
	"testing"
	"time"
)

// TestScore checks each term of a due order's urgency on its own, against the base case: an
// order of ¥200 in its first wave with the default 72 hours left, outside the peak windows.
func TestScore(t *testing.T) {
	now := at("12:00")
	const base = 13 + 40*8 + 500 // 72 h left, ¥200 is 8 binary digits of yuan, first wave
	tests := []struct {
		name    string
		left    time.Duration // until the close deadline
		amount  Fen
		wave    Wave
		rule    ChannelRule
		why     Why
		contact ContactState
		want    int32
	}{
		{"base", 72 * time.Hour, 20000, WaveFirst, RuleWave, 0, ContactState{}, base},
		{"at the deadline", 0, 20000, WaveFirst, RuleWave, 0, ContactState{}, 1000 + 320 + 500},
		{"an hour left", time.Hour, 20000, WaveFirst, RuleWave, 0, ContactState{}, 500 + 320 + 500},
		{"past the deadline counts as at it", -time.Hour, 20000, WaveFirst, RuleWave, 0, ContactState{}, 1000 + 320 + 500},
		{"twice the amount, one doubling more", 72 * time.Hour, 40000, WaveFirst, RuleWave, 0, ContactState{}, base + 40},
		{"nothing to pay", 72 * time.Hour, 0, WaveFirst, RuleWave, 0, ContactState{}, 13 + 500},
		{"a negative amount is worth nothing", 72 * time.Hour, -5000, WaveFirst, RuleWave, 0, ContactState{}, 13 + 500},
		{"second wave", 72 * time.Hour, 20000, WaveSecond, RuleWave, 0, ContactState{}, base - 440},
		{"retry", 72 * time.Hour, 20000, WaveRetry, RuleWave, 0, ContactState{}, base - 470},
		{"new high-value buyer", 72 * time.Hour, 20000, WaveFirst, RuleNewHighValue, 0, ContactState{}, base + 50},
		{"first wave missed", 72 * time.Hour, 20000, WaveLate, RuleWave, 0, ContactState{}, base - 470},
		{"the value stops at value_max", 72 * time.Hour, 1_000_000_000, WaveFirst, RuleWave, 0, ContactState{}, 13 + 400 + 500},
		{"promised callback", 72 * time.Hour, 20000, WaveFirst, RuleWave, 0,
			ContactState{Until: now.Unix(), LastResult: ResultPromised}, base + 120},
		{"snoozed is no callback", 72 * time.Hour, 20000, WaveFirst, RuleWave, 0,
			ContactState{Until: now.Unix(), LastResult: ResultSent}, base},
		{"the owner's own order", 72 * time.Hour, 20000, WaveFirst, RuleWave, WhyMine, ContactState{}, base + 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(now.Add(-time.Hour), tt.amount, func(o *Order, b *Buyer) { o.Contact = tt.contact })
			ev := newEvaluator(Input{Snap: s, Config: testConfig(), Now: now, Me: -1})
			row := Row{Why: tt.why, bits: uint16(tt.wave)<<rowWave | uint16(tt.rule)<<rowRule}
			if got := ev.score(&s.Orders[0], now.Add(tt.left).Unix(), row); got != tt.want {
				t.Fatalf("score = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestFreshOrderOutranksAnOldLargerOne is the rule the [weights] comments state: in the
// midnight rush, an order placed 35 minutes ago comes before one that sat untouched for 24
// hours, however much larger the older one is.
func TestFreshOrderOutranksAnOldLargerOne(t *testing.T) {
	cfg := testConfig()
	now := at("00:40")
	for _, old := range []Fen{20000, 500000, 100_000_000} {
		s := &Snapshot{Buyers: []Buyer{{Nick: "a", Phone: "13800000001"}, {Nick: "b", Phone: "13800000002"}}}
		s.Orders = []Order{
			{ID: "old", Amount: old, Created: now.Add(-24 * time.Hour).Unix(), Buyer: 1, Agent: -1, Contact: ContactState{ClaimBy: -1}},
			{ID: "fresh", Amount: 12900, Created: now.Add(-35 * time.Minute).Unix(), Buyer: 0, Agent: -1, Contact: ContactState{ClaimBy: -1}},
		}
		var r Ranker
		rows := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
		if r.Due != 2 || s.Orders[rows[0].Order].ID != "fresh" {
			t.Fatalf("old order of %s: %d due, first %s (scores %d, %d)", old.Yuan(), r.Due, s.Orders[rows[0].Order].ID, rows[0].Score(), rows[1].Score())
		}
	}
	if _, err := ParseConfig([]byte("[weights]\nfirst_wave = 300")); err == nil || !strings.Contains(err.Error(), "weights.first_wave") {
		t.Fatalf("weights that break the rule load: %v", err)
	}
	if _, err := ParseConfig([]byte("[weights]\ndeadline = 5000")); err == nil || !strings.Contains(err.Error(), "weights") {
		t.Fatalf("weights past the sort key load: %v", err)
	}
}
