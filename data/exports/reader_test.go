package exports

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"cuifu/queue"
)

// header returns a real export header (kept in formats/: column names only, no data).
func header(t testing.TB, name string) string {
	b, err := os.ReadFile(filepath.Join("formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimRight(string(b), "\r\n")
}

// taobaoRow writes a row for the given header, filling the named columns; the rest stay
// empty, as in real exports.
func taobaoRow(head string, vals map[string]string) string {
	cols := strings.Split(head, ",")
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = `""`
		if v, ok := vals[strings.TrimSpace(strings.Trim(c, `"`))]; ok {
			out[i] = v
		}
	}
	return strings.Join(out, ",")
}

func gb(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readAll(t testing.TB, name string, b []byte) ([]Record, *Result, error) {
	var recs []Record
	res, err := Read(name, bytes.NewReader(b), Options{}, func(rs []Record) error {
		recs = append(recs, rs...)
		return nil
	})
	return recs, res, err
}

var loc, _ = time.LoadLocation("Asia/Shanghai")

func ts(s string) int64 {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

// TestTaobaoQuirks runs one export per quirk seen in real files.
func TestTaobaoQuirks(t *testing.T) {
	h19, h17 := header(t, "taobao_2019_header.csv"), header(t, "taobao_2017_header.csv")
	base := map[string]string{"订单编号": `="35153131473293579"`, "买家会员名": "小鹿乱撞2021", "订单状态": "等待买家付款",
		"总金额": "259.00", "买家实际支付金额": "0.00", "订单创建时间": "2026-11-11 00:05:09", "宝贝标题": "北欧布艺沙发", "联系手机": "'13800001234"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name  string
		file  func() []byte
		check func(t *testing.T, r Record)
	}{
		{"GB18030, 2019 layout, =\"…\" guard and ' phone", func() []byte { return gb(t, h19+"\r\n"+taobaoRow(h19, base)+"\r\n") },
			func(t *testing.T, r Record) {
				if r.ID != "35153131473293579" || r.Phone != "13800001234" || r.Buyer != "小鹿乱撞2021" || r.Amount != 25900 || r.Status != queue.StatusUnpaid {
					t.Fatalf("%+v", r)
				}
				if r.Created != ts("2026-11-11 00:05:09") || r.Title != "北欧布艺沙发" {
					t.Fatalf("created %d title %q", r.Created, r.Title)
				}
			}},
		{"UTF-8 with BOM, 2017 layout", func() []byte { return []byte("\ufeff" + h17 + "\n" + taobaoRow(h17, base) + "\n") },
			func(t *testing.T, r Record) {
				if r.ID != "35153131473293579" || r.Amount != 25900 {
					t.Fatalf("%+v", r)
				}
			}},
		{"UTF-8 without BOM", func() []byte { return []byte(h19 + "\n" + taobaoRow(h19, base) + "\n") },
			func(t *testing.T, r Record) {
				if r.Buyer != "小鹿乱撞2021" {
					t.Fatalf("%+v", r)
				}
			}},
		{"full-width comma status and payment time", func() []byte {
			return gb(t, h19+"\n"+taobaoRow(h19, with("订单状态", "买家已付款，等待卖家发货", "买家实际支付金额", "249.00", "订单付款时间", "2026-11-11 00:09:00"))+"\n")
		}, func(t *testing.T, r Record) {
			if r.Status != queue.StatusPaid || r.Amount != 24900 || r.PaidAt != ts("2026-11-11 00:09:00") {
				t.Fatalf("%+v", r)
			}
		}},
		{"empty guard, masked phone, trailing tab, 0元", func() []byte {
			return gb(t, h19+"\n"+taobaoRow(h19, with("联系手机", `="1******6198"`, "总金额", "\"88.00\t\"", "买家实际支付金额", "0元", "订单备注", `=""`))+"\n")
		}, func(t *testing.T, r Record) {
			if r.Phone != "1******6198" || !queue.PhoneMasked(r.Phone) || r.Amount != 8800 || r.Note != "" {
				t.Fatalf("%+v", r)
			}
		}},
		{"thousands separators and slash dates", func() []byte {
			return gb(t, h19+"\n"+taobaoRow(h19, with("总金额", `"1,299.00"`, "订单创建时间", "2026/11/11 0:05"))+"\n")
		}, func(t *testing.T, r Record) {
			if r.Amount != 129900 || r.Created != ts("2026-11-11 00:05:00") {
				t.Fatalf("%+v", r)
			}
		}},
		{"trailing comma on the row", func() []byte { return gb(t, h19+"\n"+taobaoRow(h19, base)+",\n") },
			func(t *testing.T, r Record) {
				if r.ID != "35153131473293579" {
					t.Fatalf("%+v", r)
				}
			}},
		{"closed after payment stays paid history; agent in the note", func() []byte {
			return gb(t, h19+"\n"+taobaoRow(h19, with("订单状态", "交易关闭", "订单付款时间", "2026-11-11 00:09:00", "订单备注", "接待:小美 已退款"))+"\n")
		}, func(t *testing.T, r Record) {
			if r.Status != queue.StatusPaid || r.Agent != "小美" {
				t.Fatalf("%+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, res, err := readAll(t, "x.csv", tt.file())
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 || len(recs) != 1 || res.Platform != queue.PlatformTaobao {
				t.Fatalf("records %d, errors %v", len(recs), res.Errors)
			}
			tt.check(t, recs[0])
		})
	}
}

func TestBadRowsAreReportedWithTheirLine(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	ok := map[string]string{"订单编号": "1001", "订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09", "总金额": "10.00"}
	bad := func(k, v string) string {
		m := map[string]string{}
		for a, b := range ok {
			m[a] = b
		}
		m[k] = v
		return taobaoRow(h, m)
	}
	file := h + "\n" + taobaoRow(h, ok) + "\n" + bad("订单状态", "神秘状态") + "\n" + bad("订单创建时间", "昨天") + "\n" + bad("总金额", "abc") + "\n" + bad("订单编号", "") + "\n"
	recs, res, err := readAll(t, "shop.csv", gb(t, file))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || len(res.Errors) != 4 {
		t.Fatalf("%d records, errors %v", len(recs), res.Errors)
	}
	for i, e := range res.Errors {
		if e.Line != i+3 || !strings.HasPrefix(e.Error(), "shop.csv:") {
			t.Errorf("error %d: %v", i, e)
		}
	}
}

// TestRefusedFiles: a file that is not a readable export is refused whole.
func TestRefusedFiles(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	good := gb(t, h+"\n"+taobaoRow(h, map[string]string{"订单编号": "1001", "订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09"})+"\n买家")
	utf := []byte(h + "\n" + taobaoRow(h, map[string]string{"订单编号": "1001", "订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09"}) + "\n小")
	tests := []struct {
		name string
		b    []byte
		want Code
	}{
		{"empty", nil, CodeEmpty},
		{"only blanks", []byte(" \r\n"), CodeEmpty},
		{"xlsx renamed .csv", []byte("PK\x03\x04\x14\x00\x06\x00"), CodeWorkbookCSV},
		{"binary", []byte("\x00\x01\x02garbage"), CodeBinary},
		{"no header", []byte("a,b,c\n1,2,3\n"), CodeNoHeader},
		{"GB18030 cut mid-character", good[:len(good)-1], CodeCutChar},
		{"UTF-8 cut mid-character", utf[:len(utf)-1], CodeCutChar},
		{"a JD export without its status", gb(t, strings.Replace(header(t, "jd_pop_header.csv"), "订单状态", "状态", 1)+"\n"), CodeMissingCols},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, "bad.csv", tt.b)
			var fe *FileError
			if !errors.As(err, &fe) || fe.Code != tt.want || !strings.Contains(err.Error(), "bad.csv") {
				t.Fatalf("got %v, want a refusal naming the file, %q", err, tt.want)
			}
		})
	}
}

func TestManyRowsComeInBatches(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	var b strings.Builder
	b.WriteString(h + "\n")
	n := BatchSize*2 + 17
	for i := 0; i < n; i++ {
		b.WriteString(taobaoRow(h, map[string]string{"订单编号": strconv.Itoa(1000000 + i),
			"订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09", "总金额": "10.00"}) + "\n")
	}
	batches := 0
	total := 0
	_, err := Read("big.csv", strings.NewReader(b.String()), Options{}, func(rs []Record) error {
		batches++
		total += len(rs)
		return nil
	})
	if err != nil || total != n || batches != 3 {
		t.Fatalf("%d records in %d batches, %v", total, batches, err)
	}
}

// TestQuickDateAgreesWithParse: the quick read of 2006-01-02 15:04:05 gives what the
// layouts give, for every day of several years (leap years and 1900, 2000, 2100), every
// hour, minute and second, and refuses (to the layouts, which refuse too) a field out of
// range, a letter or a sign.
func TestQuickDateAgreesWithParse(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var dates []string
	for _, y := range []int{1900, 2000, 2023, 2024, 2026, 2100} {
		for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
			dates = append(dates, d.Format("2006-01-02")+fmt.Sprintf(" %02d:%02d:%02d", rng.Intn(24), rng.Intn(60), rng.Intn(60)))
		}
	}
	for h := 0; h < 24; h++ {
		dates = append(dates, fmt.Sprintf("2026-11-11 %02d:%02d:%02d", h, h*2, 59-h))
	}
	dates = append(dates, "2026-02-29 10:00:00", "2024-02-30 10:00:00", "2026-04-31 10:00:00", "2026-13-01 10:00:00",
		"2026-00-10 10:00:00", "2026-11-00 10:00:00", "2026-11-11 24:00:00", "2026-11-11 23:60:00", "2026-11-11 23:59:60",
		"2026-11-11 1a:00:00", "+026-11-11 10:00:00", "2026-11-11 10:00:0 ", "2026/11/11 10:00:00", "2026-11-11T10:00:00",
		"0000-01-01 00:00:00", "9999-12-31 23:59:59", "2026-11-11 10:00")
	for i := 0; i < 20000; i++ { // digits anywhere, the separators in place
		b := []byte("0000-00-00 00:00:00")
		for _, at := range []int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
			b[at] = byte('0' + rng.Intn(10))
		}
		dates = append(dates, string(b))
	}
	for _, loc := range []*time.Location{shanghai, time.UTC, time.FixedZone("X", -7*3600)} {
		for _, s := range dates {
			want, wantErr := parseDateLayouts(s, loc)
			got, gotErr := parseDate(s, loc)
			if got != want || (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("%q in %s: %d, %v; the layouts give %d, %v", s, loc, got, gotErr, want, wantErr)
			}
			if v, ok := quickDate(s, loc); ok && (wantErr != nil || v != want) {
				t.Fatalf("%q in %s: quick %d, the layouts %d, %v", s, loc, v, want, wantErr)
			}
		}
	}
	if _, ok := quickDate("2026-11-11 10:00:00", shanghai); !ok {
		t.Fatal("the common form is not read quickly")
	}
}
