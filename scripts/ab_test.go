package scripts

import (
	"fmt"
	"testing"

	"cuifu/queue"
)

// TestABAlternatesByBuyer: with [report] ab on, the scripts that fit equally well come
// first for about as many buyers each, the same one for a buyer every time, and the others
// stay among the alternatives; with it off, every buyer gets the same first script.
func TestABAlternatesByBuyer(t *testing.T) {
	// Two scripts fit a first-time buyer's ¥200 order equally well; a third fits better only
	// the low-ticket orders, and this is not one.
	lib := &Library{Scripts: []Script{
		{ID: "im.a", Channel: queue.ChannelIM, Kind: "positive", ZH: "您好,订单还为您留着,有问题随时找我。", EN: "Hello, the order is still held for you."},
		{ID: "im.b", Channel: queue.ChannelIM, Kind: "negative", ZH: "您好,是哪里还拿不准吗?我帮您看看。", EN: "Hello, is anything holding you back?"},
		{ID: "im.low", Channel: queue.ChannelIM, Kind: "positive", Segments: []string{"low-ticket"}, ZH: "您好,这件小东西还为您留着。", EN: "Hello, the little item is still held for you."},
	}}
	first := func(ab bool, nick string) []Suggestion {
		r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { b.Nick = nick; o.Amount = 20000 })
		cfg := *r.Config
		cfg.Report.AB = ab
		r.Config = &cfg
		return lib.Suggest(r)
	}
	tests := []struct {
		ab       bool
		distinct int // how many scripts come first over the buyers
	}{{false, 1}, {true, 2}}
	for _, tt := range tests {
		t.Run(fmt.Sprint("ab=", tt.ab), func(t *testing.T) {
			counts := map[string]int{}
			for i := 0; i < 400; i++ {
				nick := fmt.Sprintf("buyer%d", i)
				sg := first(tt.ab, nick)
				if len(sg) < 2 {
					t.Fatalf("%s: %d suggestions, want alternatives", nick, len(sg))
				}
				if again := first(tt.ab, nick); again[0].ID != sg[0].ID {
					t.Fatalf("%s got %s, then %s", nick, sg[0].ID, again[0].ID)
				}
				counts[sg[0].ID]++
			}
			if len(counts) != tt.distinct {
				t.Fatalf("first scripts %v, want %d distinct", counts, tt.distinct)
			}
			for id, n := range counts {
				if tt.ab && (n < 150 || n > 250) {
					t.Errorf("%s first for %d of 400 buyers: not an even split", id, n)
				}
			}
		})
	}
}
