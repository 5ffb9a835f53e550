package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"cuifu/data"
	"cuifu/queue"
)

// exportFile writes a Taobao export (GB18030, as the platform writes it) with the header of
// layout and one row per order: id, status, amount, paid time.
func exportFile(t *testing.T, dir, name, layout string, rows [][4]string) string {
	t.Helper()
	h, err := os.ReadFile(filepath.Join("data", "exports", "formats", layout))
	if err != nil {
		t.Fatal(err)
	}
	head := strings.TrimSpace(string(h))
	cols := strings.Split(head, ",")
	var b strings.Builder
	b.WriteString(head + "\r\n")
	for _, r := range rows {
		vals := map[string]string{"订单编号": `="` + r[0] + `"`, "买家会员名": "买家" + r[0], "订单状态": r[1], "总金额": r[2],
			"订单创建时间": "2026-11-11 00:05:09", "订单付款时间": r[3], "宝贝标题": "原木抽纸 24包整箱", "联系手机": "'13800001234"}
		if r[1] != "等待买家付款" {
			vals["买家实际支付金额"] = r[2]
		}
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = `""`
			if v, ok := vals[strings.TrimSpace(strings.Trim(c, `"`))]; ok {
				cells[i] = v
			}
		}
		b.WriteString(strings.Join(cells, ",") + "\r\n")
	}
	enc, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, enc, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func importRun(t *testing.T, db string, files ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"--db", db, "--now", "2026-11-11T15:00:00+08:00", "import"}, files...), &out, &errb)
	return out.String(), errb.String(), code
}

// TestImportNeverRegresses imports the 2017 layout, then a 2019 export where some orders got
// paid, then the old file again: nothing goes backwards.
func TestImportNeverRegresses(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	db := filepath.Join(dir, "cuifu.db")
	old := exportFile(t, dir, "ExportOrderList2017.csv", "taobao_2017_header.csv", [][4]string{
		{"1001", "等待买家付款", "59.90", ""}, {"1002", "等待买家付款", "88.00", ""}, {"1003", "等待买家付款", "129.00", ""},
	})
	newer := exportFile(t, dir, "ExportOrderList2019.csv", "taobao_2019_header.csv", [][4]string{
		{"1001", "买家已付款，等待卖家发货", "59.90", "2026-11-11 01:00:00"}, {"1002", "等待买家付款", "88.00", ""},
		{"1003", "交易关闭", "129.00", ""}, {"1004", "等待买家付款", "35.00", ""}, {"1005", "神秘状态", "1.00", ""},
	})
	steps := []struct {
		file string
		want string
	}{
		{old, "ExportOrderList2017.csv: 新增 3 · 更新 0 · 已付款 0 · 已关闭 0 · 拒收行 0\n"},
		{newer, "ExportOrderList2019.csv: 新增 1 · 更新 0 · 已付款 1 · 已关闭 1 · 拒收行 1\n" + newer + ":6: unknown order status \"神秘状态\" (add it to the config's [status.taobao] words)\n"},
		{old, "ExportOrderList2017.csv: 新增 0 · 更新 0 · 已付款 0 · 已关闭 0 · 拒收行 0\n"},
		{newer, "ExportOrderList2019.csv: 新增 0 · 更新 0 · 已付款 0 · 已关闭 0 · 拒收行 1\n" + newer + ":6: unknown order status \"神秘状态\" (add it to the config's [status.taobao] words)\n"},
	}
	for i, st := range steps {
		out, errs, code := importRun(t, db, st.file)
		if code != 0 || out != st.want {
			t.Fatalf("step %d: exit %d\n got %q\nwant %q\n%s", i, code, out, st.want, errs)
		}
	}
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := queue.DefaultConfig()
	snap, _ := s.Snapshot(context.Background(), &cfg)
	var open []string
	for _, o := range snap.Orders {
		open = append(open, o.ID)
	}
	if strings.Join(open, ",") != "1002,1004" {
		t.Fatalf("open orders %v, want 1002,1004", open)
	}
	d, _ := s.Detail(context.Background(), queue.OrderKey{Platform: queue.PlatformTaobao, ID: "1001"})
	if d.Status != queue.StatusPaid || d.PaidAt == 0 {
		t.Fatalf("1001 regressed: %+v", d)
	}
	evs, _ := s.Events(context.Background(), data.EventFilter{})
	if len(evs) != 4 || evs[0].Kind != queue.EventImport {
		t.Fatalf("import events: %+v", evs)
	}
}

// TestRefusedImportLeavesTheStoreAlone: a file that cannot be read at all is refused with
// exit 1, the error names the file and the expected columns, and nothing changes.
func TestRefusedImportLeavesTheStoreAlone(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	db := filepath.Join(dir, "cuifu.db")
	good := exportFile(t, dir, "good.csv", "taobao_2019_header.csv", [][4]string{{"1001", "等待买家付款", "59.90", ""}})
	if _, errs, code := importRun(t, db, good); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(good)
	bad := map[string][]byte{
		"empty.csv":     nil,
		"truncated.csv": append(append([]byte{}, b...), 0xb5), // the first byte of 单 and no more
		"renamed.csv":   []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00"),
		"noheader.csv":  []byte("a,b,c\r\n1,2,3\r\n"),
	}
	for name, content := range bad {
		path := filepath.Join(dir, name)
		os.WriteFile(path, content, 0o644)
		_, errs, code := importRun(t, db, path)
		if code != 1 || !strings.Contains(errs, name) || !strings.Contains(errs, "订单编号") {
			t.Fatalf("%s: exit %d, %q", name, code, errs)
		}
		s, _ := data.Open(context.Background(), db)
		evs, _ := s.Events(context.Background(), data.EventFilter{})
		cfg := queue.DefaultConfig()
		snap, _ := s.Snapshot(context.Background(), &cfg)
		s.Close()
		if len(evs) != 1 || len(snap.Orders) != 1 {
			t.Fatalf("%s changed the store: %d events, %d orders", name, len(evs), len(snap.Orders))
		}
	}
}

// TestGenThenImport: a generated export imports cleanly, re-importing it changes nothing,
// and --unpaid 1 puts every order in the queue.
func TestGenThenImport(t *testing.T) {
	dir := t.TempDir()
	db, file := filepath.Join(dir, "c.db"), filepath.Join(dir, "ExportOrderList.csv")
	if _, errs, code := cuifu(t, db, "--now", "2026-11-11T15:00:00+08:00", "gen", "--platform", "taobao", "--orders", "300", "--unpaid", "1", "--seed", "9", "-o", file); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errs)
	}
	out, errs, code := importRun(t, db, file)
	if code != 0 || !strings.Contains(out, "新增 300 ") || !strings.Contains(out, "拒收行 0") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	out, _, _ = importRun(t, db, file)
	if !strings.Contains(out, "新增 0 · 更新 0 ") {
		t.Fatalf("re-import changed something: %s", out)
	}
	q, _, _ := cuifu(t, db, "--now", "2026-11-11T15:00:00+08:00", "queue", "--format", "csv")
	if n := strings.Count(q, "\n") - 1; n != 300 {
		t.Fatalf("queue has %d rows, want 300", n)
	}
	// JD files are payment history: no unpaid orders can be asked of them.
	if _, errs, code := cuifu(t, db, "gen", "--platform", "jd", "--unpaid", "0.5", "-o", file); code != 2 || !strings.Contains(errs, "unpaid") {
		t.Fatalf("gen jd --unpaid 0.5: exit %d: %s", code, errs)
	}
}

// TestGenThenImportEveryPlatform: every platform's generated export imports whole, with
// its multi-line orders grouped; a second import changes nothing. The unpaid orders of
// Douyin and Shopify files join the queue; JD and PDD files are payment history.
func TestGenThenImportEveryPlatform(t *testing.T) {
	for _, c := range []struct {
		platform, unpaid string
		queued           int
	}{{"jd", "0", 0}, {"pdd", "0", 0}, {"douyin", "1", 200}, {"shopify", "1", 200}} {
		t.Run(c.platform, func(t *testing.T) {
			dir := t.TempDir()
			db, file := filepath.Join(dir, "c.db"), filepath.Join(dir, c.platform+".csv")
			if _, errs, code := cuifu(t, db, "--now", "2026-11-11T15:00:00+08:00", "gen", "--platform", c.platform, "--orders", "200",
				"--unpaid", c.unpaid, "--seed", "3", "-o", file); code != 0 {
				t.Fatalf("gen: exit %d: %s", code, errs)
			}
			out, errs, code := importRun(t, db, file)
			if code != 0 || !strings.Contains(out, ": 新增 200 ") || !strings.Contains(out, "拒收行 0") {
				t.Fatalf("import: exit %d\n%s%s", code, out, errs)
			}
			if out, _, _ = importRun(t, db, file); !strings.Contains(out, "新增 0 · 更新 0 · 已付款 0 · 已关闭 0 · 拒收行 0") {
				t.Fatalf("re-import changed something: %s", out)
			}
			q, _, _ := cuifu(t, db, "--now", "2026-11-11T15:00:00+08:00", "queue", "--format", "csv")
			if n := strings.Count(q, "\n") - 1; n != c.queued {
				t.Fatalf("queue has %d rows, want %d", n, c.queued)
			}
		})
	}
}

// TestDetailFileAfterOrderList: Taobao's item-detail file, named before its order list,
// is imported after it and gives the orders their items; a detail row for an order the
// store lacks is rejected with its line.
func TestDetailFileAfterOrderList(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	list := exportFile(t, dir, "ExportOrderList.csv", "taobao_2019_header.csv", [][4]string{{"3515313147000000002", "等待买家付款", "69.80", ""}})
	detail := filepath.Join(dir, "ExportOrderDetailList.csv")
	text := "\"订单编号\",\"标题\",\"价格\",\"购买数量\",\"外部系统编号\",\"商品属性\",\"套餐信息\",\"备注\",\"订单状态\",\"商家编码\"\r\n" +
		"=\"3515313147000000002\",\"原木抽纸 24包整箱\",\"49.90\",\"1\",,,,,\"等待买家付款\",\"ZJ-24\",\r\n" +
		"=\"3515313147000000002\",\"厨房湿巾\",\"19.90\",\"1\",,,,,\"等待买家付款\",,\r\n" +
		"=\"3515313147000000099\",\"茶叶\",\"9.90\",\"1\",,,,,\"等待买家付款\",,\r\n"
	enc, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err := os.WriteFile(detail, enc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := importRun(t, db, detail, list)
	want := "ExportOrderList.csv: 新增 1 · 更新 0 · 已付款 0 · 已关闭 0 · 拒收行 0\n" +
		"ExportOrderDetailList.csv: 新增 0 · 更新 1 · 已付款 0 · 已关闭 0 · 拒收行 1\n" +
		detail + ":4: order 3515313147000000099 is not in the store: import its order list first\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d\n got %q\nwant %q\n%s", code, out, want, errs)
	}
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Detail(context.Background(), queue.OrderKey{Platform: queue.PlatformTaobao, ID: "3515313147000000002"})
	if err != nil || len(d.Items) != 2 || d.Items[1].Title != "厨房湿巾" {
		t.Fatalf("%+v %v", d.Items, err)
	}
}
