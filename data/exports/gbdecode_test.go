package exports

import (
	"bytes"
	"io"
	"math/rand"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// TestGBDecoderDecodesAsTheLibrary: the decoder that copies runs of ASCII gives, for any
// bytes, what GB18030's decoder gives: random bytes weighted to ASCII, 0x80, lead bytes,
// the digits of four-byte characters and 0xFF, real text, and cut sequences at the end,
// whole and through readers that hand over one byte or a few bytes at a time, and with
// destinations of a few bytes.
func TestGBDecoderDecodesAsTheLibrary(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pick := func() byte {
		switch rng.Intn(6) {
		case 0, 1:
			return byte(rng.Intn(0x80))
		case 2:
			return byte(0x30 + rng.Intn(10))
		case 3:
			return byte(0x81 + rng.Intn(0x7e))
		case 4:
			return []byte{0x80, 0xff, 0x7f, 0x40, 0xa1}[rng.Intn(5)]
		}
		return byte(rng.Intn(256))
	}
	real, _, err := transform.Bytes(simplifiedchinese.GB18030.NewEncoder(), []byte(`="3515313147001000055","抹茶控9183",,"257.00","买家已付款，等待卖家发货","黄*","'19900001139","2026-11-11 12:14:28","丝绒哑光口红 三支装 😀 €"`+"\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := [][]byte{nil, real, bytes.Repeat(real, 50), {0x81}, {0x81, 0x30}, {0x81, 0x30, 0x81}, {0x81, 0x30, 'x', 'y'}, {0x81, 0x30, 0x81, 0x30}, {'a', 0x81, 0x30, 0x81}}
	for i := 0; i < 3000; i++ {
		b := make([]byte, rng.Intn(64))
		for j := range b {
			b[j] = pick()
		}
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		want, _, wantErr := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), in)
		got, _, err := transform.Bytes(newGBDecoder(), in)
		if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
			t.Fatalf("% x: % x (%v), the library % x (%v)", in, got, err, want, wantErr)
		}
		for _, r := range []io.Reader{iotest.OneByteReader(bytes.NewReader(in)), iotest.HalfReader(bytes.NewReader(in))} {
			got, err := io.ReadAll(transform.NewReader(r, newGBDecoder()))
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("% x read in pieces: % x (%v), the library % x", in, got, err, want)
			}
		}
		if got := smallDst(t, in); !bytes.Equal(got, want) {
			t.Fatalf("% x into small destinations: % x, the library % x", in, got, want)
		}
	}
}

// smallDst decodes in with newGBDecoder into destinations of 4 to 10 bytes (a rune fits).
func smallDst(t *testing.T, in []byte) []byte {
	d := newGBDecoder()
	var out []byte
	for n := 0; ; n++ {
		dst := make([]byte, 4+n%7)
		nDst, nSrc, err := d.Transform(dst, in, true)
		out, in = append(out, dst[:nDst]...), in[nSrc:]
		if err == nil {
			return out
		}
		if err != transform.ErrShortDst || n > len(out)+len(in)+10 {
			t.Fatalf("small destinations: %v after % x", err, out)
		}
	}
}
