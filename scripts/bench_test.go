package scripts

import (
	"testing"

	"cuifu/queue"
)

// BenchmarkSuggest is one row's scripts (an IM row of a first-time buyer's sofa): what
// `cuifu queue --format json` pays per row for its message.
func BenchmarkSuggest(b *testing.B) {
	lib := Default()
	r := request(queue.ChannelIM, nil)
	b.ReportAllocs()
	for b.Loop() {
		if len(lib.Suggest(r)) == 0 {
			b.Fatal("no script")
		}
	}
}
