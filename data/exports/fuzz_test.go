package exports

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode"

	"cuifu/queue"
)

func noBatch([]Record) error { return nil }

// FuzzReadCSV feeds arbitrary files to the reader: it may refuse them or reject rows, but it
// must never panic, yield a record without an order number, let a control character
// through in any text, or take an amount outside ¥0..¥10,000,000.
func FuzzReadCSV(f *testing.F) {
	h := header(f, "taobao_2019_header.csv")
	f.Add([]byte(h + "\n" + `="35153131473293579",小鹿,,,,"259.00",,,,,,,等待买家付款` + "\n"))
	f.Add(gb(f, h+"\n"+`="1",a,,,,"1,299.00",,,,,,,"买家已付款，等待卖家发货"`+"\n"))
	f.Add([]byte("\ufeff" + h + "\n,,,\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte(`"unterminated` + "\n" + `a""b,"c`))
	f.Add([]byte{0x81})
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Read("fuzz.csv", bytes.NewReader(b), Options{}, func(rs []Record) error {
			for _, r := range rs {
				checkRecord(t, &r)
			}
			return nil
		})
		if err == nil && res == nil {
			t.Fatal("no result and no error")
		}
	})
}

// checkRecord fails on a record the reader must never yield: without an order number, a
// stray further line, a control character in any text, or an amount out of range.
func checkRecord(t *testing.T, r *Record) {
	if r.ID == "" || r.part {
		t.Fatalf("a record without an order number, or a stray line: %+v", r)
	}
	for _, s := range []string{r.ID, r.Buyer, r.Phone, r.Receiver, r.Title, r.Agent, r.Note} {
		if strings.ContainsFunc(s, unicode.IsControl) {
			t.Fatalf("a control character in %q", s)
		}
	}
	if r.Amount < 0 || r.Amount > queue.DefaultMaxOrder || r.Shipping < 0 || r.Shipping > queue.DefaultMaxOrder {
		t.Fatalf("amount %d, shipping %d out of range", r.Amount, r.Shipping)
	}
}

// FuzzTaobao feeds arbitrary rows under a real Taobao header, in both encodings.
func FuzzTaobao(f *testing.F) {
	h := header(f, "taobao_2019_header.csv")
	f.Add(`="35153131473293579","小鹿乱撞","","","","259.00","0.00","0","259.00","0","0.00","0","等待买家付款"`)
	f.Add(`'1,=",","0元","1,2,3","2026/11/11 0:05","-1","交易关闭"`)
	f.Add("\"88.00\t\",'13800001234,=\"\"")
	f.Fuzz(func(t *testing.T, row string) {
		for _, b := range [][]byte{[]byte(h + "\n" + row + "\n"), gb(t, h+"\n"+row+"\n")} {
			_, err := Read("fuzz.csv", bytes.NewReader(b), Options{}, noBatch)
			var fe *FileError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("not a refusal: %v", err)
			}
		}
	})
}

// fuzzMapper fuzzes two rows under a platform's real header, in UTF-8 and GB18030: the
// reader may reject rows or refuse the file, but must not panic, and every order it yields
// passes checkRecord.
func fuzzMapper(f *testing.F, headerFile string, seeds ...[2]string) {
	h := header(f, headerFile)
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		text := h + "\n" + a + "\n" + b + "\n"
		for _, file := range [][]byte{[]byte(text), gb(t, text)} {
			_, err := Read("fuzz.csv", bytes.NewReader(file), Options{}, func(rs []Record) error {
				for _, r := range rs {
					checkRecord(t, &r)
				}
				return nil
			})
			var fe *FileError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("not a refusal: %v", err)
			}
		}
	})
}

func FuzzJD(f *testing.F) {
	fuzzMapper(f, "jd_pop_header.csv",
		[2]string{"88001,100,电动牙刷,1,在线支付,2026/11/11 0:05,199.00,358.00,358.00,0,358.00,等待出库,,jd_小鹿", "88001,101,刷头,2,在线支付,2026/11/11 0:05,79.50,358.00,358.00,0,358.00,等待出库,,jd_小鹿"},
		[2]string{"1,,,x,,2026-13-01,abc,1元,,,,(删除)锁定", ",,,,,,,,,,,完成"})
}

func FuzzPDD(f *testing.F) {
	fuzzMapper(f, "pdd_header.csv",
		[2]string{"2026-11-11 00:05:09,五常大米,201111-1,待发货,\"168.99\t\",\"0.00\t\",,,,\"168.99\t\",,2", "2026-11-11 00:05:09,大米,201111-1,已取消,,,,,,\"1,0.0\t\""},
		[2]string{"\"\t\",\",\",\"\",\"\"", ",,,,"})
}

func FuzzDouyin(f *testing.F) {
	fuzzMapper(f, "douyin_header.csv",
		[2]string{"692001,6920011,羽绒服,,1,,,\"1,299.00\",\"1,299.00\",0.00,,,王*,1******6198,2026-11-11 20:00:00,,,待支付", "692001,6920012,围巾,,1,,,9.90,\"1,299.00\",0.00,,,王*,1******6198,2026-11-11 20:00:00,,,已关闭"},
		[2]string{"\ufeff1,2,3", "1,,,,,,,,,,,,,,,,,"})
}

func FuzzShopify(f *testing.F) {
	fuzzMapper(f, "shopify_orders_header.csv",
		[2]string{"#1001,amy@example.com,pending,,,,,CNY,1289.00,10.00,0,1299.00,,,,2026-11-11 10:00:00 +0000,1,Wool coat,1289.00", "#1001,,,,,,,,,,,,,,,,2,Scarf,0.00"},
		[2]string{"#1002,,voided", "#1003,,,,,,,,,,,,,,,,1,Gloves"})
}

func FuzzTaobaoDetail(f *testing.F) {
	fuzzMapper(f, "taobao_2017_detail_header.csv",
		[2]string{`="3515313147000000002","原木抽纸","49.90","2","","","","","","ZJ-24",`, `="3515313147000000002","厨房湿巾","19.90","1",`},
		[2]string{`="x",,"-1","0"`, `,,,`})
}
