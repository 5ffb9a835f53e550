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

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"cuifu/queue"
)

// Options control how an export is read.
type Options struct {
	Platform  queue.Platform                             // PlatformUnknown: detect it from the header
	Location  *time.Location                             // the shop's zone, for dates without one (default Asia/Shanghai)
	StatusMap map[queue.Platform]map[string]queue.Status // overrides of the built-in status words
}

// RowError is a row the import skipped, with where and why.
type RowError struct {
	File   string
	Line   int
	Reason string
}

func (e RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// Result says what a read found.
type Result struct {
	Platform queue.Platform
	Encoding string // "UTF-8" or "GB18030"
	Rows     int    // data rows read
	Records  int    // orders yielded
	Errors   []RowError
}

// FileError refuses a whole file: it cannot be read as an export at all. The store must stay
// unchanged.
type FileError struct {
	File   string
	Reason string
}

func (e *FileError) Error() string {
	return fmt.Sprintf("%s: %s; expected an order export with columns such as %s", e.File, e.Reason, expectedColumns())
}

// BatchSize is how many records Read hands over at a time.
const BatchSize = 4096

// sniffSize is how much of a file decides its encoding.
const sniffSize = 64 << 10

// Read reads an order export in CSV form from r (name is used in messages) and hands its
// orders to batch, a few thousand at a time. Bad rows are skipped and reported in the
// result; a file that is not a readable export at all is refused with a *FileError.
func Read(name string, r io.Reader, opt Options, batch func([]Record) error) (*Result, error) {
	if opt.Location == nil {
		opt.Location = shanghai
	}
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &FileError{name, "cannot read it: " + err.Error()}
	}
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return nil, &FileError{name, "the file is empty"}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return nil, &FileError{name, "this is an Excel workbook (xlsx), not CSV: give it its .xlsx name"}
	case bytes.IndexByte(head, 0) >= 0:
		return nil, &FileError{name, "this is a binary file, not CSV"}
	}
	res := &Result{Encoding: "UTF-8"}
	var src io.Reader = br
	tail := &tailReader{r: br}
	if validUTF8Prefix(head) {
		src = tail
		if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
			br.Discard(3)
		}
	} else {
		res.Encoding = "GB18030"
		tail.r = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		src = tail
	}
	cr := csv.NewReader(src)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, &FileError{name, "no header line: " + err.Error()}
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.Trim(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), `"`)
	}
	m, err := mapperFor(name, cols, opt)
	if err != nil {
		return nil, err
	}
	res.Platform = m.platform()
	out := make([]Record, 0, BatchSize)
	flush := func() error {
		if len(out) == 0 {
			return nil
		}
		res.Records += len(out)
		err := batch(out)
		out = out[:0]
		return err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				res.Errors = append(res.Errors, RowError{name, pe.Line, pe.Err.Error()})
				continue
			}
			return nil, &FileError{name, "cannot read it: " + err.Error()}
		}
		res.Rows++
		if blank(rec) {
			continue
		}
		r, reason := m.row(rec, line)
		if reason != "" {
			res.Errors = append(res.Errors, RowError{name, line, reason})
			continue
		}
		out = append(out, r)
		if len(out) == BatchSize {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if tail.truncated(res.Encoding) {
		return nil, &FileError{name, "the file ends in the middle of a character (truncated)"}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return res, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing the last character to be cut by the
// sniff window.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// tailReader remembers the last bytes that went through it, to tell a truncated file.
type tailReader struct {
	r    io.Reader
	tail []byte
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.tail = append(t.tail, p[:n]...)
		if len(t.tail) > 4 {
			t.tail = append(t.tail[:0], t.tail[len(t.tail)-4:]...)
		}
	}
	return n, err
}

// truncated reports whether the file stopped inside a character: an incomplete UTF-8
// sequence, or a GB18030 one that the decoder could only replace.
func (t *tailReader) truncated(encoding string) bool {
	if encoding == "GB18030" {
		return bytes.HasSuffix(t.tail, []byte("\uFFFD"))
	}
	b := t.tail
	for i := len(b) - 1; i >= 0 && i >= len(b)-4; i-- {
		if utf8.RuneStart(b[i]) {
			return !utf8.FullRune(b[i:])
		}
	}
	return false
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
// ="…" guard, and a leading apostrophe.
func clean(s string) string {
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
