package exports

import (
	"bytes"
	"testing"
	"time"

	"cuifu/queue"
)

// genRecords are orders as `cuifu gen` makes them, written out by hand so the exports
// package's tests need not import the demo generator.
func genRecords() []Record {
	t0 := time.Date(2026, 11, 11, 0, 5, 0, 0, loc).Unix()
	return []Record{
		{Platform: queue.PlatformTaobao, ID: "3515313147000000001", Buyer: "小鹿乱撞", Phone: "13800001234", Receiver: "张*",
			Title: "北欧布艺沙发 三人位", Items: []Item{{Title: "北欧布艺沙发 三人位", Quantity: 1, Price: 259900}}, Amount: 259900,
			Created: t0, Status: queue.StatusUnpaid, Note: "接待:小美"},
		{Platform: queue.PlatformTaobao, ID: "3515313147000000002", Buyer: "tb12345678", Phone: "138****5678", Receiver: "李**",
			Title: "原木抽纸 24包整箱", Items: []Item{{Title: "原木抽纸 24包整箱", Quantity: 2, Price: 4990}, {Title: "厨房湿巾", Quantity: 1, Price: 1990}},
			Amount: 11970, Shipping: 1000, Created: t0 + 60, PaidAt: t0 + 300, Status: queue.StatusPaid},
		{Platform: queue.PlatformTaobao, ID: "3515313147000000003", Buyer: "晴天娃娃", Receiver: "王*", Title: "每日坚果礼盒 1.5kg",
			Amount: 129900, Created: t0 + 120, Status: queue.StatusClosed},
	}
}

// TestGenTaobaoRoundTrip: what the writer writes, the reader reads back as the same orders,
// in GB18030 with the real file's guards.
func TestGenTaobaoRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, queue.PlatformTaobao, loc)
	if err != nil {
		t.Fatal(err)
	}
	want := genRecords()
	for i := range want {
		w.Write(&want[i])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`="3515313147000000001"`)) || !bytes.Contains(buf.Bytes(), gb(t, `"'13800001234"`)) {
		t.Fatal("the order number guard or the phone apostrophe is missing")
	}
	got, res, err := readAll(t, "gen.csv", buf.Bytes())
	if err != nil || res.Encoding != "GB18030" || len(res.Errors) != 0 || len(got) != len(want) {
		t.Fatalf("read back: %d records, %+v, %v", len(got), res, err)
	}
	for i, g := range got {
		w := want[i]
		if g.ID != w.ID || g.Buyer != w.Buyer || g.Phone != w.Phone || g.Amount != w.Amount || g.Shipping != w.Shipping ||
			g.Created != w.Created || g.PaidAt != w.PaidAt || g.Status != w.Status || g.Title != w.Title || g.Agent != "" && g.Agent != "小美" {
			t.Errorf("order %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestYuanSep(t *testing.T) {
	for _, c := range []struct {
		f    queue.Fen
		want string
	}{{0, "0.00"}, {99900, "999.00"}, {129900, "1,299.00"}, {123456789, "1,234,567.89"}} {
		if got := yuanSep(c.f); got != c.want {
			t.Errorf("yuanSep(%d) = %q, want %q", c.f, got, c.want)
		}
	}
}
