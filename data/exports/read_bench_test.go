package exports

import (
	"bytes"
	"strconv"
	"testing"

	"cuifu/queue"
)

// BenchmarkRead reads a generated export of 50,000 orders (GB18030 for Taobao,
// UTF-8 for Shopify): decoding, the whole-file checks and the mapping, no store.
func BenchmarkRead(b *testing.B) {
	for _, p := range []queue.Platform{queue.PlatformTaobao, queue.PlatformShopify} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, p, loc)
		if err != nil {
			b.Fatal(err)
		}
		base := genRecords()
		for i := range 50_000 {
			r := base[i%len(base)]
			r.ID = strconv.Itoa(3515313147000000000 + i)
			w.Write(&r)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		b.Run(p.String(), func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			for b.Loop() {
				if _, err := Read("bench.csv", bytes.NewReader(buf.Bytes()), Options{}, noBatch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
