package exports

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// checker reads a CSV file's raw bytes on their way to the decoder and the CSV reader, and
// refuses the whole file, naming the line, for what must never be imported in part:
//   - a NUL byte anywhere (a binary or damaged file);
//   - a byte that is not of the file's encoding, anywhere (not only in the first 64 KiB that
//     chose the encoding), and a UTF-8 line inside a GB18030 file (a file saved from two
//     sources): either would import as mojibake;
//   - an end of file inside a character, or inside a quoted field: the file was cut short,
//     and its last row would be read as if whole;
//   - a last line without a line end that stops short of a row: fewer fields than the
//     header, or inside an Excel ="…" guard. A complete last row needs no line end.
//
// It works on the raw bytes: in GB18030 as in UTF-8, the bytes of '"', ',' and '\n' never
// occur inside a multi-byte character, so quotes and lines are found the same way in both.
type checker struct {
	r    io.Reader
	name string
	gb   bool // the file is GB18030 (else UTF-8)

	line    int    // the current line, 1-based
	partial []byte // the current line so far, when a read ended inside it
	long    bool   // the current line outgrew maxCarry: its start is checked, the rest streamed
	quote   quoteState
	err     error

	// How the current row stands, to tell a complete last row from a cut one.
	want    int   // the header's fields; 0 until the header is read
	fields  int   // the current row's field separators so far
	started bool  // the current row has begun: it has something besides separators
	guard   uint8 // the current field: 1 began with '=', 2 began with `="`
	pos     int64 // bytes read so far
	guardAt int64 // where the current field's `="` quote is
	last    byte  // the last byte read
}

// maxCarry bounds how much of a line the checker holds between reads; a longer line (a
// 50 MB header) is checked in pieces.
const maxCarry = 64 << 10

// quoteState follows encoding/csv's reading of quotes with LazyQuotes set.
type quoteState uint8

const (
	qStart  quoteState = iota // at the start of a field
	qField                    // inside an unquoted field
	qQuoted                   // inside a quoted field
	qClose                    // just after a quote inside a quoted field
)

func newChecker(r io.Reader, name string, gb bool) *checker {
	return &checker{r: r, name: name, gb: gb, line: 1}
}

func (c *checker) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	c.scan(p[:n])
	if n > 0 {
		c.last = p[n-1]
	}
	if c.err == nil && err == io.EOF {
		c.end()
	}
	if c.err != nil {
		return 0, c.err
	}
	return n, err
}

// refuse records the file's refusal at the current line.
func (c *checker) refuse(code Code) {
	if c.err == nil {
		c.err = &FileError{File: c.name, Line: c.line, Code: code}
	}
}

func (c *checker) scan(b []byte) {
	for len(b) > 0 && c.err == nil {
		seg, whole := b, false
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			seg, whole = b[:i+1], true
		}
		b = b[len(seg):]
		c.quotes(seg)
		if bytes.IndexByte(seg, 0) >= 0 {
			c.refuse(CodeNUL)
			return
		}
		text := seg
		if len(c.partial) > 0 {
			c.partial = append(c.partial, seg...)
			text = c.partial
		}
		if !whole {
			if len(c.partial) == 0 {
				c.partial = append(c.partial, seg...)
			}
			if len(c.partial) > maxCarry {
				c.checkLong()
			}
			continue
		}
		c.checkLine(text)
		c.partial, c.long = c.partial[:0], false
		c.line++
	}
}

// checkLine checks one whole line (or the rest of a long one).
func (c *checker) checkLine(line []byte) {
	if !c.gb {
		if !utf8.Valid(line) {
			c.refuse(CodeNotUTF8)
		}
		return
	}
	if bad, _ := gb18030Scan(line); bad >= 0 {
		c.refuse(CodeNotGB18030)
		return
	}
	if !c.long && looksUTF8(line) {
		c.refuse(CodeMixed)
	}
}

// checkLong checks the complete characters of a long line held so far and keeps only an
// incomplete one at its end.
func (c *checker) checkLong() {
	keep := 0
	if c.gb {
		var bad int
		if bad, keep = gb18030Scan(c.partial); bad >= 0 {
			c.refuse(CodeNotGB18030)
			return
		}
	} else {
		keep = incompleteUTF8(c.partial)
		if !utf8.Valid(c.partial[:len(c.partial)-keep]) {
			c.refuse(CodeNotUTF8)
			return
		}
	}
	c.partial = append(c.partial[:0], c.partial[len(c.partial)-keep:]...)
	c.long = true
}

// end checks the file's last line and how the file ends.
func (c *checker) end() {
	if len(c.partial) > 0 {
		cut := 0
		if c.gb {
			_, cut = gb18030Scan(c.partial)
		} else {
			cut = incompleteUTF8(c.partial)
		}
		if cut > 0 {
			c.refuse(CodeCutChar)
			return
		}
		c.checkLine(c.partial)
	}
	if c.err == nil && c.quote == qQuoted {
		c.refuse(CodeCutQuote)
	}
	if c.err == nil && c.last != '\n' && c.started && c.want > 0 {
		openGuard := c.quote == qField && c.guard == 2 && (c.last != '"' || c.pos-1 == c.guardAt)
		if c.fields+1 < c.want || openGuard {
			c.refuse(CodeCutRow)
		}
	}
}

// rowEnd ends the current row at a line end outside quotes; the first row is the header.
func (c *checker) rowEnd() {
	if c.started && c.want == 0 {
		c.want = c.fields + 1
	}
	c.fields, c.started, c.guard = 0, false, 0
}

// nextField starts a field after a separator.
func (c *checker) nextField() {
	c.fields++
	c.guard = 0
}

// quotes follows the quotes of seg, as encoding/csv reads them with LazyQuotes: a quote
// opens a quoted field only at the start of a field, "" inside one is a quote, and a quote
// followed by anything but a comma or a line end is taken as a character. It counts the
// row's fields and notes a field that starts with an Excel ="…" guard on the way.
func (c *checker) quotes(seg []byte) {
	base := c.pos
	c.pos += int64(len(seg))
	for i := 0; i < len(seg); {
		switch c.quote {
		case qQuoted:
			j := bytes.IndexByte(seg[i:], '"')
			if j < 0 {
				return
			}
			i += j + 1
			c.quote = qClose
			continue
		case qField:
			if c.guard == 1 {
				c.guard = 0
				if seg[i] == '"' {
					c.guard, c.guardAt = 2, base+int64(i)
				}
			}
			j := bytes.IndexByte(seg[i:], ',')
			if j < 0 {
				if seg[len(seg)-1] == '\n' {
					c.quote = qStart
					c.rowEnd()
				}
				return
			}
			i += j + 1
			c.quote = qStart
			c.nextField()
			continue
		case qClose:
			switch seg[i] {
			case ',':
				c.quote = qStart
				c.nextField()
			case '\n':
				c.quote = qStart
				c.rowEnd()
			case '\r':
				// "\r\n" ends the line after a closing quote
			default:
				c.quote = qQuoted // "" is a quote; a bare quote is a character
			}
		case qStart:
			switch seg[i] {
			case '"':
				c.quote, c.started = qQuoted, true
			case ',':
				c.nextField() // a line of commas alone is blank, not a row begun
			case '\n':
				c.rowEnd()
			case '\r':
			default:
				c.quote, c.started = qField, true
				if seg[i] == '=' {
					c.guard = 1
				}
			}
		}
		i++
	}
}

// incompleteUTF8 returns how many bytes at the end of b start a character that b cuts.
func incompleteUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return 0
			}
			return len(b) - i
		}
	}
	return 0
}

// gb18030Scan checks b as GB18030: it returns the index of the first byte that starts no
// valid sequence (-1 when none) and how many bytes at the end start a sequence b cuts.
func gb18030Scan(b []byte) (bad, cut int) {
	for i := 0; i < len(b); {
		c0 := b[i]
		if c0 < 0x80 {
			i++
			continue
		}
		if c0 == 0x80 { // the euro sign of Code Page 936, as the decoder reads it
			i++
			continue
		}
		if c0 == 0xff {
			return i, 0
		}
		if i+1 >= len(b) {
			return -1, len(b) - i
		}
		c1 := b[i+1]
		switch {
		case c1 >= 0x40 && c1 <= 0xfe && c1 != 0x7f:
			i += 2
		case c1 >= 0x30 && c1 <= 0x39:
			if i+3 >= len(b) {
				return -1, len(b) - i
			}
			c2, c3 := b[i+2], b[i+3]
			if c2 < 0x81 || c2 > 0xfe || c3 < 0x30 || c3 > 0x39 {
				return i, 0
			}
			i += 4
		default:
			return i, 0
		}
	}
	return -1, 0
}

// looksUTF8 reports whether a line of a GB18030 file is really UTF-8: valid UTF-8 with at
// least three multi-byte characters. A GB18030 line is valid UTF-8 by chance only when it
// has almost no Chinese, and every export row has some (its status word at least).
func looksUTF8(line []byte) bool {
	if !utf8.Valid(line) {
		return false
	}
	n := 0
	for _, c := range line {
		if c >= 0xc0 {
			if n++; n >= 3 {
				return true
			}
		}
	}
	return false
}
