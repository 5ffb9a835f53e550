package exports

import (
	"bytes"
	"errors"
	"testing"
)

func noBatch([]Record) error { return nil }

// FuzzReadCSV feeds arbitrary files to the reader: it may refuse them or reject rows, but it
// must never panic or yield a record without an order number.
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
				if r.ID == "" {
					t.Fatalf("a record without an order number: %+v", r)
				}
			}
			return nil
		})
		if err == nil && res == nil {
			t.Fatal("no result and no error")
		}
	})
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
