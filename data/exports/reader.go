package exports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/transform"

	"cuifu/queue"
)

// Options control how an export is read.
type Options struct {
	Platform  queue.Platform                             // PlatformUnknown: detect it from the header
	Location  *time.Location                             // the shop's zone, for dates without one (default Asia/Shanghai)
	StatusMap map[queue.Platform]map[string]queue.Status // overrides of the built-in status words
	MaxAmount queue.Fen                                  // the most an order may cost (a row above it is a row error); 0 = queue.DefaultMaxOrder
	StageMap  map[string]queue.Stage                     // overrides of the built-in presale stage words, by queue.StageKey
}

// Result says what a read found.
type Result struct {
	Platform queue.Platform
	Encoding string // "UTF-8" or "GB18030"
	Rows     int    // data rows read
	Records  int    // orders yielded
	// ItemsOnly says the file is an item-detail file (Taobao's ExportOrderDetailList): it
	// adds items to orders the store has, so it is imported after the order lists.
	ItemsOnly bool
	Errors    []RowError
}

// BatchSize is how many records Read hands over at a time.
const BatchSize = 4096

// sniffSize is how much of a file decides its encoding.
const sniffSize = 64 << 10

// Read reads an order export from r (name is used in messages, and a name ending in .xlsx
// is read as an Excel workbook) and hands its orders to batch, a few thousand at a time;
// batch owns each slice it gets. Multi-line orders (JD products, Douyin sub-orders, Shopify
// line items) come out as one record. Bad rows are skipped and reported in the result; a
// file that is not a readable export at all is refused with a *FileError.
func Read(name string, r io.Reader, opt Options, batch func([]Record) error) (*Result, error) {
	if opt.Location == nil {
		opt.Location = shanghai
	}
	if IsWorkbook(name) {
		src, err := openWorkbook(name, r)
		if err != nil {
			return nil, err
		}
		defer src.close()
		return readRows(name, src, &Result{Encoding: "XLSX"}, opt, batch)
	}
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &FileError{File: name, Code: CodeUnreadable, Args: []string{err.Error()}, Err: err}
	}
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return nil, &FileError{File: name, Code: CodeEmpty}
	case bytes.HasPrefix(head, zipMagic):
		return nil, &FileError{File: name, Code: CodeWorkbookCSV}
	case bytes.IndexByte(head, 0) >= 0:
		return nil, &FileError{File: name, Code: CodeBinary}
	}
	res := &Result{Encoding: "UTF-8"}
	var text io.Reader
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		// A BOM says UTF-8: a body in another encoding is refused at its first bad line.
		br.Discard(3)
		text = newChecker(br, name, false)
	case validUTF8Prefix(head):
		text = newChecker(br, name, false)
	default:
		if line, ok := utf8Until(head); ok {
			// UTF-8 text, then another encoding: taken for GB18030 whole, the file was refused
			// at its first line, where nothing is wrong.
			return nil, &FileError{File: name, Line: line, Code: CodeUTF8First}
		}
		res.Encoding = "GB18030"
		text = transform.NewReader(newChecker(br, name, true), newGBDecoder())
	}
	cr := csv.NewReader(text)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return readRows(name, csvRows{cr}, res, opt, batch)
}

// Detect reads only an export's header and says what it is: the platform, the encoding, and
// whether it is an item-detail file. It refuses what Read would refuse for its header.
func Detect(name string, r io.Reader, opt Options) (*Result, error) {
	return Read(name, r, opt, nil)
}

// zipMagic starts every xlsx file (a zip archive).
var zipMagic = []byte("PK\x03\x04")

// rowSource yields an export's rows, header first: a CSV file or a workbook's sheet.
type rowSource interface {
	// next returns the next row and its line (row number), io.EOF at the end, or a
	// *csv.ParseError for a row that cannot be read.
	next() ([]string, int, error)
}

type csvRows struct{ r *csv.Reader }

func (c csvRows) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil || len(rec) == 0 {
		return rec, 0, err // FieldPos has no field to place: a parse error carries its line
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, err
}

// readRows maps an export's rows to records, groups multi-line orders and hands them over
// in batches.
func readRows(name string, src rowSource, res *Result, opt Options, batch func([]Record) error) (*Result, error) {
	header, _, err := src.next()
	var fe *FileError
	if errors.As(err, &fe) {
		return nil, fe
	}
	if err != nil {
		return nil, &FileError{File: name, Code: CodeNoHeaderLine, Args: []string{err.Error()}}
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.Trim(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), `"`)
	}
	m, err := mapperFor(name, cols, opt)
	if err != nil {
		return nil, err
	}
	res.Platform, res.ItemsOnly = m.platform(), m.items
	if batch == nil {
		return res, nil
	}
	grouped := m.grouped()
	// out holds the current batch; an order's lines may continue past a full batch, so the
	// last order is held back until the next one starts.
	out := make([]Record, 0, BatchSize+1)
	at := make(map[string]int, BatchSize+1) // order id → index in out
	flush := func(keep int) error {
		n := len(out) - keep
		if n <= 0 {
			return nil
		}
		res.Records += n
		next := make([]Record, keep, BatchSize+1)
		copy(next, out[n:])
		if err := batch(out[:n:n]); err != nil {
			return err
		}
		out = next
		clear(at)
		for i := range out {
			at[out[i].ID] = i
		}
		return nil
	}
	for {
		rec, line, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				re := RowError{File: name, Line: pe.Line, Code: CodeCSV, Args: []string{pe.Err.Error()}}
				if errors.Is(pe.Err, csv.ErrQuote) {
					re.Code, re.Args = CodeCSVQuote, nil
				}
				res.Errors = append(res.Errors, re)
				continue
			}
			if errors.As(err, &fe) {
				return nil, fe // refused by the checker: damage somewhere in the file
			}
			return nil, &FileError{File: name, Code: CodeUnreadable, Args: []string{err.Error()}, Err: err}
		}
		res.Rows++
		if blank(rec) {
			continue
		}
		r, p := m.row(rec, line)
		if p == nil && grouped {
			if i, ok := at[r.ID]; ok {
				mergeLine(&out[i], &r)
				continue
			} else if r.part {
				p = bad(CodeOrphanLine, queue.ShortField(r.ID))
			}
		}
		if p != nil {
			res.Errors = append(res.Errors, RowError{File: name, Line: line, Code: p.code, Args: p.args})
			continue
		}
		at[r.ID] = len(out)
		out = append(out, r)
		if len(out) > BatchSize {
			if err := flush(1); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(0); err != nil {
		return nil, err
	}
	return res, nil
}

// mergeLine adds a further line of an order (a JD product, a Douyin sub-order, a Shopify
// line item) to the order's record. Order-level values repeat on each line (JD's 订单金额)
// or stand on the first line only (Shopify): either way they are taken once, never summed.
func mergeLine(dst, src *Record) {
	dst.Items = append(dst.Items, src.Items...)
	if dst.Title == "" {
		dst.Title = src.Title
	}
	fill := func(d *string, s string) {
		if *d == "" {
			*d = s
		}
	}
	fill(&dst.Buyer, src.Buyer)
	fill(&dst.Phone, src.Phone)
	fill(&dst.Receiver, src.Receiver)
	fill(&dst.Agent, src.Agent)
	if src.Note != "" && !strings.Contains(dst.Note, src.Note) {
		dst.Note = strings.Join(nonEmpty(dst.Note, src.Note), " / ")
	}
	if dst.Amount == 0 {
		dst.Amount = src.Amount
	}
	if dst.Shipping == 0 {
		dst.Shipping = src.Shipping
	}
	if dst.Created == 0 {
		dst.Created = src.Created
	}
	if dst.PaidAt == 0 {
		dst.PaidAt = src.PaidAt
	}
	dst.Flash = dst.Flash || src.Flash
	if !src.part && statusRank(src.Status) > statusRank(dst.Status) {
		dst.Status = src.Status
	}
}

// statusRank orders the statuses of an order's lines: one paid line means the buyer paid;
// one open line keeps an otherwise closed order open.
func statusRank(s queue.Status) int {
	switch s {
	case queue.StatusPaid:
		return 2
	case queue.StatusUnpaid:
		return 1
	}
	return 0
}

// validUTF8Prefix reports whether b is UTF-8, allowing the last character to be cut by the
// sniff window.
// utf8Until returns the line of head's first byte that is not UTF-8, when the whole lines
// before it are UTF-8 text (looksUTF8: Chinese, not only ASCII): a file that starts in UTF-8
// and goes on in another encoding.
func utf8Until(head []byte) (line int, ok bool) {
	off := 0
	for off < len(head) {
		r, n := utf8.DecodeRune(head[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	before := head[:bytes.LastIndexByte(head[:off], '\n')+1]
	if off == len(head) || !looksUTF8(before) {
		return 0, false
	}
	return bytes.Count(before, []byte("\n")) + 1, true
}

func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// clean strips what spreadsheets and platforms wrap values in: spaces and tabs, an Excel
// ="…" guard, and a leading apostrophe. Control characters inside are escaped
// (queue.Sanitize): an export's text is stored, shown and rendered into scripts, and must
// never carry an escape sequence to a terminal.
func clean(s string) string {
	s = queue.Sanitize(s)
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) && len(s) >= 3 {
		s = s[2 : len(s)-1]
	} else if s == `=""` {
		s = ""
	}
	s = strings.TrimPrefix(s, "'")
	return strings.TrimSpace(s)
}

var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return l
}()

// dateLayouts are the date forms seen in real exports.
var dateLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04", "2006-01-02"}

// parseDate reads a date in the shop's zone (Chinese exports carry none), or one with an
// offset (Shopify). "" is zero.
func parseDate(s string, loc *time.Location) (int64, error) {
	if v, ok := quickDate(s, loc); ok {
		return v, nil
	}
	return parseDateLayouts(s, loc)
}

// quickDate reads the form nearly every export writes, 2006-01-02 15:04:05, as
// time.ParseInLocation does, without trying one layout after another (two dates a row, a
// million rows). ok is false for anything else, a field out of range too: parseDateLayouts
// decides those.
func quickDate(s string, loc *time.Location) (v int64, ok bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	num := func(at, n int) int {
		v := 0
		for _, c := range []byte(s[at : at+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return 0, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc).Unix(), true
}

// daysIn returns the number of days in month mo (1-12) of year y.
func daysIn(mo, y int) int {
	if mo == 2 {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - (mo-1)%7%2
}

// parseDateLayouts is parseDate by time.Parse, layout after layout.
func parseDateLayouts(s string, loc *time.Location) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if t, err := time.Parse("2006-01-02 15:04:05 -0700", s); err == nil {
		return t.Unix(), nil
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.Unix(), nil
		}
	}
	return 0, fmt.Errorf("not a date: %q", s)
}
