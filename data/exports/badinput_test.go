package exports

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"cuifu/queue"
)

// taobaoFile is a Taobao order list of n unpaid orders, each row with the given amount and
// creation time, padded with a long title so that a few hundred rows pass the first 64 KiB.
func taobaoFile(t testing.TB, n int, amount, created string) string {
	h := header(t, "taobao_2019_header.csv")
	var b strings.Builder
	b.WriteString(h + "\n")
	for i := range n {
		b.WriteString(taobaoRow(h, map[string]string{"订单编号": strconv.Itoa(1000 + i), "订单状态": "等待买家付款",
			"订单创建时间": created, "总金额": amount, "宝贝标题": `"` + strings.Repeat("纯棉四件套", 20) + `"`}) + "\n")
	}
	return b.String()
}

// TestBadFilesAreRefusedWhole: damage anywhere in a file refuses the whole file, naming the
// line, so that nothing of it is imported (the import rolls back on a refusal).
func TestBadFilesAreRefusedWhole(t *testing.T) {
	body := taobaoFile(t, 400, "10.00", "2026-11-11 00:05:09") // about 150 KB
	if len(body) < 3*sniffSize/2 {
		t.Fatalf("the test file is %d bytes: too short to test past the first 64 KiB", len(body))
	}
	lines := strings.Split(body, "\n")
	late := 300 // a line well past the first 64 KiB
	withLine := func(i int, s string) string {
		l := append([]string{}, lines...)
		l[i] = s
		return strings.Join(l, "\n")
	}
	gbLate := string(gb(t, lines[late]))
	early := 50 // a line well inside the first 64 KiB, which the encoding is sniffed from
	gbEarly := string(gb(t, lines[early]))
	cut := body[:strings.LastIndex(body, `"纯棉`)+1+len("纯棉四件套")] // inside the last row's quoted title
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"truncated inside a quoted field", []byte(cut), string(CodeCutQuote)},
		{"GB18030 truncated inside a quoted field", gb(t, cut), string(CodeCutQuote)},
		{"UTF-8, then GB18030 after 64 KiB", []byte(withLine(late, gbLate)), "line 301"},
		// Before, the first 64 KiB were taken for GB18030 as a whole and the file was
		// refused at line 1, valid UTF-8 that it is: the user looked for the fault at the top.
		{"UTF-8, then GB18030 within the first 64 KiB", []byte(withLine(early, gbEarly)), "line 51 " + string(CodeUTF8First)},
		{"GB18030, then UTF-8 after 64 KiB", append(gb(t, strings.Join(lines[:late], "\n")+"\n"), []byte(strings.Join(lines[late:], "\n"))...), "line 301"},
		{"an invalid byte late in a GB18030 file", append(gb(t, strings.Join(lines[:late], "\n")+"\n"), []byte("\xff\xff"+strings.Join(lines[late+1:], "\n"))...), "line 301"},
		{"a UTF-8 BOM on a GB18030 body", append([]byte("\ufeff"), gb(t, body)...), "line 1"},
		{"a NUL after 64 KiB", []byte(withLine(late, strings.Replace(lines[late], "纯棉", "纯\x00棉", 1))), "line 301"},
		{"a NUL after 64 KiB, GB18030", gb(t, withLine(late, strings.Replace(lines[late], "纯棉", "纯\x00棉", 1))), "line 301"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, res, err := readAll(t, "bad.csv", tt.file)
			var fe *FileError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.want) {
				n := 0
				if res != nil {
					n = len(res.Errors)
				}
				t.Fatalf("%d records, %d row errors, error %v; want a refusal saying %q", len(recs), n, err, tt.want)
			}
		})
	}
	// The same file whole, in either encoding, is read whole.
	for _, b := range [][]byte{[]byte(body), gb(t, body), []byte("\ufeff" + body)} {
		recs, res, err := readAll(t, "good.csv", b)
		if err != nil || len(recs) != 400 || len(res.Errors) != 0 {
			t.Fatalf("the good file: %d records, %v", len(recs), err)
		}
	}
}

// TestOutOfRangeValuesAreRowErrors: an amount outside 0..¥10,000,000 (or the configured
// most), however large, and a date outside 2000–2100 reject their row, and never wrap.
func TestOutOfRangeValuesAreRowErrors(t *testing.T) {
	for _, tt := range []struct {
		amount, created string
		max             queue.Fen
		want            string
	}{
		{"100000000000000000", "2026-11-11 00:05:09", 0, "总金额"},
		{"99999999999999999999999", "2026-11-11 00:05:09", 0, "总金额"},
		{"10000000.01", "2026-11-11 00:05:09", 0, "总金额"},
		{"-1.00", "2026-11-11 00:05:09", 0, "总金额"},
		{"501.00", "2026-11-11 00:05:09", 500_00, "总金额"},
		{"10.00", "9999-01-01 00:00:00", 0, "订单创建时间"},
		{"10.00", "1999-12-31 23:59:59", 0, "订单创建时间"},
	} {
		file := taobaoFile(t, 1, tt.amount, tt.created)
		var recs []Record
		res, err := Read("shop.csv", strings.NewReader(file), Options{MaxAmount: tt.max}, func(rs []Record) error {
			recs = append(recs, rs...)
			return nil
		})
		if err != nil || len(recs) != 0 || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), tt.want) {
			t.Errorf("amount %s, created %s: %d records %+v, errors %v, %v", tt.amount, tt.created, len(recs), recs, res, err)
		}
	}
	// The edges are orders.
	for _, tt := range [][2]string{{"10000000.00", "2000-01-01 00:00:00"}, {"0.00", "2100-12-31 23:59:59"}} {
		recs, res, err := readAll(t, "shop.csv", []byte(taobaoFile(t, 1, tt[0], tt[1])))
		if err != nil || len(recs) != 1 || len(res.Errors) != 0 {
			t.Errorf("%v: %d records, %v %v", tt, len(recs), res.Errors, err)
		}
	}
}

// TestMessagesCutLongValues: a huge column name or field is quoted cut to about 80
// characters, with its control characters escaped.
func TestMessagesCutLongValues(t *testing.T) {
	huge := strings.Repeat("列", 100_000) + "\x1b[2J"
	_, _, err := readAll(t, "bad.csv", []byte(huge+",b,c\n1,2,3\n"))
	if err == nil || utf8.RuneCountInString(err.Error()) > 1000 || strings.Contains(err.Error(), "\x1b") {
		t.Fatalf("header refusal is %d characters: %.200q", utf8.RuneCountInString(err.Error()), err)
	}
	h := header(t, "taobao_2019_header.csv")
	file := h + "\n" + taobaoRow(h, map[string]string{"订单编号": "1001", "订单状态": huge, "订单创建时间": "2026-11-11 00:05:09"}) + "\n" +
		taobaoRow(h, map[string]string{"订单编号": "1002", "订单状态": "等待买家付款", "订单创建时间": huge}) + "\n" +
		taobaoRow(h, map[string]string{"订单编号": "1003", "订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09", "总金额": huge}) + "\n" +
		taobaoRow(h, map[string]string{"订单编号": "1" + huge, "订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09"}) + "\n"
	_, res, err := readAll(t, "shop.csv", []byte(file))
	if err != nil || len(res.Errors) != 4 {
		t.Fatalf("%v %v", res, err)
	}
	for _, e := range res.Errors {
		if n := utf8.RuneCountInString(e.Error()); n > 200 || strings.Contains(e.Error(), "\x1b") {
			t.Errorf("a row error of %d characters: %.200q", n, e.Error())
		}
	}
}

// TestExportTextCarriesNoControlCharacters: a nick, a title or a note with escape codes,
// line breaks or a bell is stored escaped, so no output can pass it to a terminal raw.
func TestExportTextCarriesNoControlCharacters(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	file := h + "\n" + taobaoRow(h, map[string]string{"订单编号": "1001", "订单状态": "等待买家付款", "订单创建时间": "2026-11-11 00:05:09",
		"买家会员名": "evil\x1b[2J\x1b]52;c;aGk=\a", "宝贝标题": "\x1b[31m红色\x1b[0m", "买家留言": "\"第一行\n第二行\r\u202e\""}) + "\n"
	recs, _, err := readAll(t, "shop.csv", []byte(file))
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	r := recs[0]
	for _, s := range []string{r.Buyer, r.Title, r.Note} {
		if strings.ContainsAny(s, "\x1b\a\n\r\u202e") {
			t.Errorf("a control character is kept: %q", s)
		}
	}
	if r.Buyer != `evil\x1b[2J\x1b]52;c;aGk=\x07` {
		t.Errorf("nick %q: want it escaped, not dropped", r.Buyer)
	}
}

// TestCutLastRowIsRefused: a file whose last line has no line end and stops short of a row
// (fewer fields than the header, or inside an Excel ="…" guard) was cut short and is refused
// whole; a complete last row without a line end is read.
func TestCutLastRowIsRefused(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	cols := strings.Split(h, ",")
	lastCol := strings.TrimSpace(strings.Trim(cols[len(cols)-1], `"`))
	row := func(id string) string {
		return taobaoRow(h, map[string]string{"订单编号": `="` + id + `"`, "订单状态": "等待买家付款",
			"订单创建时间": "2026-11-11 00:05:09", "总金额": "10.00", lastCol: `="12"`})
	}
	body := h + "\n" + row("1001") + "\n" + row("1002") + "\n"
	for _, tt := range []struct {
		name string
		file string
		want int // records; -1: refused as cut
	}{
		{"cut inside the guard of a new row's first field", body + `="35153131`, -1},
		{"cut right after a comma", body + `="3515313100",`, -1},
		{"cut after a guard's opening quote", body + `="`, -1},
		{"cut inside the guard of the last field", strings.TrimSuffix(body+row("1003"), `"`), -1},
		{"cut inside the guard of the last field, CRLF", strings.ReplaceAll(strings.TrimSuffix(body+row("1003"), `"`), "\n", "\r\n"), -1},
		{"a complete last row without a line end", body + row("1003"), 3},
		{"a complete last row without a line end, CRLF", strings.ReplaceAll(body+row("1003"), "\n", "\r\n"), 3},
		{"a short last row with a line end is a row error", body + `="3515313100",` + "\n", 2},
		{"a stray comma after the last line end", body + ",", 2},
	} {
		for _, enc := range []string{"UTF-8", "GB18030"} {
			file := []byte(tt.file)
			if enc == "GB18030" {
				file = gb(t, tt.file)
			}
			recs, res, err := readAll(t, "cut.csv", file)
			if tt.want < 0 {
				var fe *FileError
				if !errors.As(err, &fe) || fe.Code != CodeCutRow {
					t.Errorf("%s, %s: %d records, error %v; want a refusal as cut", tt.name, enc, len(recs), err)
				}
				continue
			}
			if err != nil || len(recs) != tt.want {
				t.Errorf("%s, %s: %d records, %v %v; want %d", tt.name, enc, len(recs), res, err, tt.want)
			}
		}
	}
}
