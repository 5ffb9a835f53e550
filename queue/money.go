package queue

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"cuifu/queue/words"
)

// Fen is an amount of money in fen (1/100 yuan). Money is never a float in cuifu.
type Fen int64

// ErrMoneyOverflow means a sum or product of money does not fit in a Fen: a total is never
// allowed to wrap around into a wrong (or negative) amount.
var ErrMoneyOverflow = errors.New("amount of money out of range")

// Plus returns f+g, or ErrMoneyOverflow when the sum does not fit.
func (f Fen) Plus(g Fen) (Fen, error) {
	s := f + g
	if (g > 0 && s < f) || (g < 0 && s > f) {
		return 0, ErrMoneyOverflow
	}
	return s, nil
}

// Minus returns f−g, or ErrMoneyOverflow when the difference does not fit.
func (f Fen) Minus(g Fen) (Fen, error) {
	s := f - g
	if (g < 0 && s < f) || (g > 0 && s > f) {
		return 0, ErrMoneyOverflow
	}
	return s, nil
}

// Times returns f×n, or ErrMoneyOverflow when the product does not fit.
func (f Fen) Times(n int64) (Fen, error) {
	if f == 0 || n == 0 {
		return 0, nil
	}
	p := Fen(int64(f) * n)
	if int64(p)/n != int64(f) || (n == -1 && f == math.MinInt64) {
		return 0, ErrMoneyOverflow
	}
	return p, nil
}

// Yuan renders the amount as a decimal string in yuan with two decimals: 20112 → "201.12".
func (f Fen) Yuan() string {
	neg := f < 0
	if neg {
		f = -f
	}
	s := strconv.FormatInt(int64(f/100), 10) + "." + fmt.Sprintf("%02d", int64(f%100))
	if neg {
		return "-" + s
	}
	return s
}

// Short renders the amount for a narrow column: ¥201.12 below ten thousand yuan, above it
// in the language's big unit with one decimal: ¥1.2万 in Chinese, ¥12.3k in English.
func (f Fen) Short(l Lang) string {
	if f >= 1000000 {
		w := words.For(l)
		tenths := int64(f) / (w.BigUnit * 10) // tenths of the unit: a unit is BigUnit*100 fen
		return fmt.Sprintf(w.BigAmount, tenths/10, tenths%10)
	}
	return "¥" + f.Yuan()
}

// ParseYuan reads a yuan amount as exports write it: "201.12", "1,299.00", "0元", "¥35",
// " 168.99\t", or "" (zero). It never goes through a float.
func ParseYuan(s string) (Fen, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "¥")
	t = strings.TrimPrefix(t, "￥")
	t = strings.TrimSuffix(t, "元")
	t = strings.TrimSpace(t)
	if t == "" {
		return 0, nil
	}
	neg := false
	if t[0] == '-' {
		neg = true
		t = t[1:]
	}
	intPart, frac, hasFrac := strings.Cut(t, ".")
	if intPart == "" && !hasFrac {
		return 0, fmt.Errorf("not an amount: %q", s)
	}
	var v int64
	digits := 0
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		switch {
		case c == ',':
			continue
		case c >= '0' && c <= '9':
			if v > (1<<62)/10 {
				return 0, fmt.Errorf("amount too large: %q", s)
			}
			v = v*10 + int64(c-'0')
			digits++
		default:
			return 0, fmt.Errorf("not an amount: %q", s)
		}
	}
	if hasFrac {
		if digits == 0 && frac == "" {
			return 0, fmt.Errorf("not an amount: %q", s)
		}
		if len(frac) > 2 {
			// Exports never carry fractions of a fen; accept trailing zeros only.
			if strings.Trim(frac[2:], "0") != "" {
				return 0, fmt.Errorf("amount has fractions of a fen: %q", s)
			}
			frac = frac[:2]
		}
		for len(frac) < 2 {
			frac += "0"
		}
		for i := 0; i < 2; i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return 0, fmt.Errorf("not an amount: %q", s)
			}
		}
	}
	// In fen the amount must still fit: 100000000000000000 yuan must not wrap to a debt.
	cents := int64(0)
	if hasFrac {
		cents = int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	if v > (math.MaxInt64-cents)/100 {
		return 0, fmt.Errorf("amount too large: %q", s)
	}
	v = v*100 + cents
	if digits == 0 && !hasFrac {
		return 0, fmt.Errorf("not an amount: %q", s)
	}
	if neg {
		v = -v
	}
	return Fen(v), nil
}
