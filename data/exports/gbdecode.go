package exports

import (
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// gbDecoder decodes GB18030 as simplifiedchinese.GB18030's decoder does, byte for byte,
// but copies runs of ASCII as they are. An export is mostly digits, dates, commas and
// quotes, and the library's decoder writes every one of them as a rune: at a million rows
// that was most of the decoding's second.
//
// A byte below 0x80 that starts a character is that character, and so is the next such
// byte. The run is copied only from where a character is known to start: the input's start,
// a run's end, or where the library's decoder stopped (it consumes whole characters). Each
// stretch from a byte of 0x80 or more goes to the library's decoder up to the next byte
// below 0x80 and three bytes past it, all it looks ahead from a character before that byte,
// so it decodes them as it would in the whole input; a character cut at the stretch's end
// is left for the next stretch.
type gbDecoder struct{ dec transform.Transformer }

func newGBDecoder() *gbDecoder { return &gbDecoder{simplifiedchinese.GB18030.NewDecoder()} }

// Reset implements transform.Transformer.
func (d *gbDecoder) Reset() { d.dec.Reset() }

// Transform implements transform.Transformer.
func (d *gbDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		if src[nSrc] < 0x80 {
			n := nSrc + 1
			for n < len(src) && src[n] < 0x80 {
				n++
			}
			if room := len(dst) - nDst; n-nSrc > room {
				n = nSrc + room
				err = transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], src[nSrc:n])
			nSrc = n
			if err != nil {
				return nDst, nSrc, err
			}
			continue
		}
		end := nSrc + 1
		for end < len(src) && src[end] >= 0x80 {
			end++
		}
		end = min(end+3, len(src))
		last := end == len(src)
		dn, sn, e := d.dec.Transform(dst[nDst:], src[nSrc:end], atEOF && last)
		nDst, nSrc = nDst+dn, nSrc+sn
		if e != nil && (e != transform.ErrShortSrc || last || sn == 0) {
			return nDst, nSrc, e
		}
	}
	return nDst, nSrc, nil
}
