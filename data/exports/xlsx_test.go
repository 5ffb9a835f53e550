package exports

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cuifu/queue"
)

// workbook writes rows (header first) to an .xlsx file in memory, as a seller re-saving an
// export in Excel would.
func workbook(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestXLSX: a workbook is read by the same header rules as CSV (trimmed names, ="…"
// guards, apostrophes); a workbook named .csv, a CSV named .xlsx and a cut workbook are
// refused.
func TestXLSX(t *testing.T) {
	cols := strings.Split(header(t, "taobao_2019_header.csv"), ",")
	for i := range cols {
		cols[i] = strings.Trim(cols[i], `"`)
	}
	row := make([]string, len(cols))
	set := func(name, v string) {
		for i, c := range cols {
			if strings.TrimSpace(c) == name {
				row[i] = v
			}
		}
	}
	set("订单编号", `="3515313147000000001"`)
	set("买家会员名", "小鹿乱撞")
	set("订单状态", "等待买家付款")
	set("总金额", "2,599.00")
	set("订单创建时间", "2026/11/11 0:05")
	set("联系手机", "'13800001234")
	book := workbook(t, [][]string{cols, row, make([]string, len(cols))})

	var got []Record
	res, err := Read("orders.xlsx", bytes.NewReader(book), Options{}, func(rs []Record) error { got = append(got, rs...); return nil })
	if err != nil || res.Encoding != "XLSX" || res.Platform != queue.PlatformTaobao || len(got) != 1 {
		t.Fatalf("%+v %+v %v", got, res, err)
	}
	if g := got[0]; g.ID != "3515313147000000001" || g.Amount != 259900 || g.Phone != "13800001234" || g.Created != ts("2026-11-11 00:05:00") || g.Line != 2 {
		t.Fatalf("%+v", g)
	}
	for _, c := range []struct {
		name string
		b    []byte
		want Code
	}{
		{"orders.csv", book, CodeWorkbookCSV},
		{"orders.xlsx", []byte("订单编号,订单状态\n1,等待买家付款\n"), CodeNotWorkbook},
		// A cut workbook (a download that broke off) says so in the user's words, not with
		// the zip reader's English (zip: not a valid zip file).
		{"orders.xlsx", book[:len(book)/2], CodeCutWorkbook},
		{"orders.xlsx", nil, CodeEmpty},
		{"orders.xlsx", workbook(t, [][]string{{"a", "b"}, {"1", "2"}}), CodeNoHeader},
	} {
		_, err := Read(c.name, bytes.NewReader(c.b), Options{}, noBatch)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Code != c.want {
			t.Errorf("%s (%d bytes): %v, want a refusal saying %q", c.name, len(c.b), err, c.want)
		}
	}
}
