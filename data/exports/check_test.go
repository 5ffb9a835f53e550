package exports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
)

// endsInQuotes runs b through a checker, as Read does, and reports whether it ended inside a
// quoted field.
func endsInQuotes(b []byte) bool {
	c := newChecker(bytes.NewReader(b), "f.csv", false)
	_, err := io.Copy(io.Discard, c)
	return err != nil && strings.Contains(err.Error(), string(CodeCutQuote))
}

// FuzzQuotes: the checker follows quotes as encoding/csv does. A text that the strict CSV
// reader reads to the end never ends inside a quoted field; the same text cut inside a
// quoted field always does.
func FuzzQuotes(f *testing.F) {
	f.Add(`a,"b""c",d` + "\n" + `"multi` + "\nline\",e\r\n")
	f.Add(`"x"` + "\r\n" + `y,"z"`)
	f.Add(`a b,"",","` + "\n")
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\x00\r") || !validUTF8Prefix([]byte(s)) {
			return // the checker refuses these for other reasons; a bare \r is read apart by csv
		}
		r := csv.NewReader(strings.NewReader(s))
		r.FieldsPerRecord = -1
		for {
			_, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return // not strict CSV: no oracle
			}
		}
		if endsInQuotes([]byte(s)) {
			t.Fatalf("%q reads as CSV to the end, but the checker says it ends inside a quoted field", s)
		}
		// Cut inside the first quoted field that holds something.
		if i := strings.Index(s, `"`); i >= 0 && (i == 0 || s[i-1] == ',' || s[i-1] == '\n') && i+2 < len(s) && s[i+1] != '"' && s[i+1] < 0x80 {
			if !endsInQuotes([]byte(s[:i+2])) {
				t.Fatalf("%q ends inside a quoted field, but the checker did not see it", s[:i+2])
			}
		}
	})
}

func TestQuotes(t *testing.T) {
	for _, tt := range []struct {
		text string
		open bool
	}{
		{"a,b\n", false},
		{`a,"b` + "\n" + `c"` + "\n", false},
		{`a,"b""`, true},
		{`a,"b"""`, false},
		{`a,b"c`, false},
		{`a, "b`, false},
		{`"a"b`, true},
		{`"a"b"`, false},
		{`"a"` + "\r\n" + `"b`, true},
	} {
		if got := endsInQuotes([]byte(tt.text)); got != tt.open {
			t.Errorf("%q: ends inside a quoted field %v, want %v", tt.text, got, tt.open)
		}
	}
}
