package exports

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"cuifu/queue"
)

// TestGenRoundTripEveryPlatform: each platform's writer and reader agree on every order the
// platform's exports can show (JD and PDD files are payment history: no unpaid orders).
func TestGenRoundTripEveryPlatform(t *testing.T) {
	for _, p := range []queue.Platform{queue.PlatformTaobao, queue.PlatformJD, queue.PlatformPDD, queue.PlatformDouyin, queue.PlatformShopify} {
		t.Run(p.String(), func(t *testing.T) {
			var want []Record
			for _, r := range genRecords() {
				if !HasUnpaidStatus(p) && r.Status == queue.StatusUnpaid {
					continue
				}
				r.Platform = p
				want = append(want, r)
			}
			var buf bytes.Buffer
			w, err := NewWriter(&buf, p, loc)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				w.Write(&want[i])
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got, res, err := readAll(t, "gen.csv", buf.Bytes())
			if err != nil || res.Platform != p || len(res.Errors) != 0 || len(got) != len(want) {
				t.Fatalf("read back: %d records, %+v, %v", len(got), res, err)
			}
			if enc := map[bool]string{true: "GB18030", false: "UTF-8"}[GB18030(p)]; res.Encoding != enc {
				t.Errorf("encoding %s, want %s", res.Encoding, enc)
			}
			for i, g := range got {
				w := want[i]
				wantPaid, wantBuyer, wantID := w.PaidAt, w.Buyer, w.ID
				switch p {
				case queue.PlatformPDD:
					wantBuyer = "" // PDD names no buyer
					if w.Status == queue.StatusPaid {
						wantPaid = w.Created // and has no payment time of its own
					}
				case queue.PlatformDouyin:
					wantBuyer = "" // nor does Douyin: the full phone stands in
					if queue.PhoneUsable(w.Phone) {
						wantBuyer = PhoneIdentity(w.Phone)
					}
				case queue.PlatformShopify:
					wantBuyer = w.Buyer + "@example.com"
					wantID = "#" + w.ID // as the merchant sees it
				}
				if g.ID != wantID || g.Amount != w.Amount || g.Created != w.Created || g.PaidAt != wantPaid || g.Status != w.Status ||
					g.Buyer != wantBuyer {
					t.Errorf("order %d:\n got %+v\nwant %+v", i, g, w)
				}
				if p != queue.PlatformPDD && (g.Shipping != w.Shipping || g.Phone != w.Phone) {
					t.Errorf("order %d: shipping %d phone %q, want %d %q", i, g.Shipping, g.Phone, w.Shipping, w.Phone)
				}
				if p == queue.PlatformJD || p == queue.PlatformDouyin || p == queue.PlatformShopify {
					if len(g.Items) != max(len(w.Items), 1) {
						t.Errorf("order %d: %d items, want %d", i, len(g.Items), max(len(w.Items), 1))
					}
				}
			}
		})
	}
}

// rows builds a file from a header and rows of named cells; cells not named stay empty.
func rows(t testing.TB, headerFile string, sep string, lines ...map[string]string) string {
	h := header(t, headerFile)
	cols := strings.Split(h, sep)
	var b strings.Builder
	b.WriteString(h + "\r\n")
	for _, vals := range lines {
		out := make([]string, len(cols))
		for i, c := range cols {
			v := vals[strings.TrimSpace(strings.Trim(c, `"`))]
			if strings.Contains(v, sep) && !strings.HasPrefix(v, `"`) {
				v = `"` + v + `"`
			}
			out[i] = v
		}
		b.WriteString(strings.Join(out, sep) + "\r\n")
	}
	return b.String()
}

// TestPlatformQuirks: one case per quirk of the JD, PDD, Douyin and Shopify exports.
func TestPlatformQuirks(t *testing.T) {
	jdLine := func(id, title, qty, price string) map[string]string {
		return map[string]string{"订单号": id, "商品ID": "100", "商品名称": title, "订购数量": qty, "京东价": price, "订单金额": "358.00",
			"应付金额": "358.00", "订单状态": "等待出库", "下单帐号": "jd_小鹿", "下单时间": "2026/11/11 0:05", "付款确认时间": "2026/11/11 0:06",
			"联系电话": "13800001234", "运费金额": "0.00"}
	}
	douyinLine := func(sub, title, status string) map[string]string {
		return map[string]string{"主订单编号": "6920000000000000001", "子订单编号": sub, "选购商品": title, "商品数量": "1",
			"商品单价": "1,299.00", "订单应付金额": "1,299.00", "运费": "0.00", "收件人": "王*", "收件人手机": "1******6198",
			"订单提交时间": "2026-11-11 20:00:00", "订单状态": status}
	}
	tests := []struct {
		name  string
		file  []byte
		check func(t *testing.T, got []Record, res *Result)
	}{
		{"JD lines are one order; 订单金额 repeats and is not summed",
			gb(t, rows(t, "jd_pop_header.csv", ",", jdLine("88001", "电动牙刷", "1", "199.00"), jdLine("88001", "替换刷头 4支装", "2", "79.50"))),
			func(t *testing.T, got []Record, res *Result) {
				if len(got) != 1 || got[0].Amount != 35800 || len(got[0].Items) != 2 || got[0].Items[1].Quantity != 2 ||
					got[0].Items[1].Price != 7950 || got[0].Status != queue.StatusPaid || got[0].Created != ts("2026-11-11 00:05:00") ||
					got[0].Buyer != "jd_小鹿" {
					t.Fatalf("%+v", got)
				}
			}},
		{"PDD amounts with a trailing tab",
			gb(t, rows(t, "pdd_header.csv", ",", map[string]string{"订单号": "201111-000001", "订单状态": "待发货", "订单成交时间": "2026-11-11 00:05:09",
				"商品": "五常大米 10kg", "商品数量(件)": "2", "用户实付金额(元)": "\"168.99\t\"", "邮费(元)": "\"0.00\t\""})),
			func(t *testing.T, got []Record, res *Result) {
				if len(got) != 1 || got[0].Amount != 16899 || got[0].PaidAt != ts("2026-11-11 00:05:09") || got[0].Items[0].Quantity != 2 {
					t.Fatalf("%+v %+v", got, res.Errors)
				}
			}},
		{"Douyin 待支付 sub-orders under one main order, thousands separators, masked phone",
			[]byte("\ufeff" + rows(t, "douyin_header.csv", ",", douyinLine("69200000000000000011", "羽绒服 长款", "待支付"), douyinLine("69200000000000000012", "围巾", "待支付"))),
			func(t *testing.T, got []Record, res *Result) {
				if len(got) != 1 || got[0].Status != queue.StatusUnpaid || got[0].Amount != 129900 || len(got[0].Items) != 2 ||
					got[0].Phone != "1******6198" || got[0].Buyer != "" {
					t.Fatalf("%+v %+v", got, res.Errors)
				}
			}},
		{"Douyin: one paid sub-order means the order was paid",
			[]byte(rows(t, "douyin_header.csv", ",", douyinLine("1", "羽绒服", "已关闭"), douyinLine("2", "围巾", "已发货"))),
			func(t *testing.T, got []Record, res *Result) {
				if len(got) != 1 || got[0].Status != queue.StatusPaid {
					t.Fatalf("%+v", got)
				}
			}},
		{"Shopify: order fields on the first line only, pending is unpaid, dates carry their offset, ids as the merchant sees them",
			[]byte(rows(t, "shopify_orders_header.csv", ",",
				map[string]string{"Name": "#1001", "Email": "amy@example.com", "Financial Status": "pending", "Total": "1299.00", "Shipping": "10.00",
					"Created at": "2026-11-11 10:00:00 +0000", "Lineitem name": "Wool coat", "Lineitem quantity": "1", "Lineitem price": "1289.00",
					"Phone": "+86 138 0000 1234", "Employee": "Mia"},
				map[string]string{"Name": "#1001", "Lineitem name": "Scarf", "Lineitem quantity": "2", "Lineitem price": "0.00"},
				map[string]string{"Name": "#1002", "Email": "bo@example.com", "Financial Status": "pending", "Cancelled at": "2026-11-11 12:00:00 +0000",
					"Total": "20.00", "Created at": "2026-11-11 11:00:00 +0000", "Lineitem name": "Socks"})),
			func(t *testing.T, got []Record, res *Result) {
				if len(got) != 2 || got[0].ID != "#1001" || got[0].Status != queue.StatusUnpaid || got[0].Amount != 129900 ||
					got[0].Created != ts("2026-11-11 18:00:00") || len(got[0].Items) != 2 || got[0].Items[1].Quantity != 2 ||
					got[0].Phone != "13800001234" || got[0].Agent != "Mia" || got[0].Buyer != "amy@example.com" {
					t.Fatalf("%+v", got)
				}
				if got[1].Status != queue.StatusClosed {
					t.Fatalf("cancelled pending order: %+v", got[1])
				}
			}},
		{"Shopify: a further line without its order's first line is rejected",
			[]byte(rows(t, "shopify_orders_header.csv", ",", map[string]string{"Name": "#1003", "Lineitem name": "Gloves"})),
			func(t *testing.T, got []Record, res *Result) {
				if len(got) != 0 || len(res.Errors) != 1 || res.Errors[0].Code != CodeOrphanLine {
					t.Fatalf("%+v %+v", got, res.Errors)
				}
			}},
		{"Taobao item detail: items only, a trailing comma on each row",
			gb(t, strings.ReplaceAll(rows(t, "taobao_2017_detail_header.csv", ",",
				map[string]string{"订单编号": `="3515313147000000002"`, "标题": "原木抽纸 24包整箱", "价格": "49.90", "购买数量": "2", "商家编码": "ZJ-24"},
				map[string]string{"订单编号": `="3515313147000000002"`, "标题": "厨房湿巾", "价格": "19.90", "购买数量": "1"}), "\r\n=", ",\r\n=")+","),
			func(t *testing.T, got []Record, res *Result) {
				if len(got) != 1 || !got[0].ItemsOnly || !res.ItemsOnly || len(got[0].Items) != 2 || got[0].Items[0].SKU != "ZJ-24" ||
					got[0].Items[0].Price != 4990 || got[0].Items[0].Quantity != 2 {
					t.Fatalf("%+v %+v", got, res.Errors)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, res, err := readAll(t, "quirk.csv", tt.file)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got, res)
		})
	}
}

// TestGroupingAcrossBatches: an order whose lines straddle a full batch is still one order.
func TestGroupingAcrossBatches(t *testing.T) {
	var lines []map[string]string
	for i := 0; i < BatchSize; i++ {
		lines = append(lines, map[string]string{"订单号": "J" + strconv.Itoa(i), "商品ID": "1", "商品名称": "茶叶",
			"订单状态": "完成", "下单帐号": "jd", "下单时间": "2026-11-11 00:05:09", "订单金额": "10.00"})
	}
	last := lines[len(lines)-1]
	next := map[string]string{}
	for k, v := range last {
		next[k] = v
	}
	next["商品名称"] = "茶杯"
	lines = append(lines, next)
	var batches, total int
	var straddler Record
	_, err := Read("jd.csv", strings.NewReader(rows(t, "jd_pop_header.csv", ",", lines...)), Options{}, func(rs []Record) error {
		batches++
		total += len(rs)
		for _, r := range rs {
			if r.ID == last["订单号"] {
				straddler = r
			}
		}
		return nil
	})
	if err != nil || total != BatchSize || len(straddler.Items) != 2 {
		t.Fatalf("%d records in %d batches, the last order has %d items, %v", total, batches, len(straddler.Items), err)
	}
}

// TestStatusWordsFromTheConfig: a shop's own status word, given in the config, is read;
// without it the row is rejected with a pointer to the config.
func TestStatusWordsFromTheConfig(t *testing.T) {
	file := gb(t, rows(t, "jd_pop_header.csv", ",", map[string]string{"订单号": "1", "商品ID": "1", "商品名称": "茶叶", "订单状态": "等待付款",
		"下单帐号": "jd", "下单时间": "2026-11-11 00:05:09", "订单金额": "10.00"}))
	_, res, _ := readAll(t, "jd.csv", file)
	if len(res.Errors) != 1 || res.Errors[0].Code != CodeUnknownStatus || res.Errors[0].Args[1] != "jd" {
		t.Fatalf("without the word: %+v", res.Errors)
	}
	var got []Record
	_, err := Read("jd.csv", bytes.NewReader(file), Options{StatusMap: map[queue.Platform]map[string]queue.Status{
		queue.PlatformJD: {"等待付款": queue.StatusUnpaid}}}, func(rs []Record) error { got = append(got, rs...); return nil })
	if err != nil || len(got) != 1 || got[0].Status != queue.StatusUnpaid {
		t.Fatalf("with the word: %+v %v", got, err)
	}
}

// TestForcedPlatform: --platform names the export; a file of another kind is refused with
// the columns that were expected.
func TestForcedPlatform(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	file := gb(t, h+"\n"+taobaoRow(h, map[string]string{"订单编号": "1001", "订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09"})+"\n")
	_, err := Read("tb.csv", bytes.NewReader(file), Options{Platform: queue.PlatformJD}, noBatch)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Code != CodeMissingCols || fe.Args[0] != "jd" || !strings.HasPrefix(fe.Args[1], "订单号") {
		t.Fatalf("got %v", err)
	}
	res, err := Read("tb.csv", bytes.NewReader(file), Options{Platform: queue.PlatformTaobao}, noBatch)
	if err != nil || res.Records != 1 {
		t.Fatalf("taobao forced: %+v %v", res, err)
	}
}

// TestNoBuyerIdentityHoldsAPhone: exports that name buyers only by phone (Douyin, Shopify
// without an e-mail) give them an identity that does not contain the number, yet is the
// same for the same phone however the export writes it.
func TestNoBuyerIdentityHoldsAPhone(t *testing.T) {
	for _, p := range []queue.Platform{queue.PlatformDouyin, queue.PlatformShopify} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, p, loc)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range genRecords() {
			r.Platform, r.Buyer = p, ""
			w.Write(&r)
		}
		w.Close()
		got, _, err := readAll(t, "gen.csv", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		phones := 0
		for _, g := range got {
			if !queue.PhoneUsable(g.Phone) {
				continue
			}
			phones++
			if strings.Contains(g.Buyer, g.Phone) || strings.Contains(g.Buyer, g.Phone[3:]) {
				t.Errorf("%s order %s: buyer %q holds the phone %s", p, g.ID, g.Buyer, g.Phone)
			}
			if g.Buyer != PhoneIdentity("+86 "+g.Phone[:3]+"-"+g.Phone[3:]) {
				t.Errorf("%s order %s: buyer %q is not the phone's identity", p, g.ID, g.Buyer)
			}
		}
		if phones == 0 {
			t.Fatalf("%s: no order with a phone: the test tests nothing", p)
		}
	}
}
