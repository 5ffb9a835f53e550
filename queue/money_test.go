package queue

import (
	"math"
	"testing"
)

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in   string
		want Fen
		err  bool
	}{
		{"201.12", 20112, false},
		{"1,299.00", 129900, false},
		{"0元", 0, false},
		{"", 0, false},
		{"168.99\t", 16899, false},
		{"¥35", 3500, false},
		{"35.5", 3550, false},
		{"-12.30", -1230, false},
		{"12.300", 1230, false},
		{"12.305", 0, true},
		{"abc", 0, true},
		{"1.2.3", 0, true},
		{".", 0, true},
		{"-", 0, true},
		{"100000000000000000", 0, true},   // ×100 fen would wrap to a negative amount
		{"92233720368547758.08", 0, true}, // one fen past the largest int64
		{"92233720368547759", 0, true},
		{"92233720368547758.07", 9223372036854775807, false},
	}
	for _, tt := range tests {
		got, err := ParseYuan(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d, err %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestFenFormat(t *testing.T) {
	tests := []struct {
		f               Fen
		yuan, short, en string
	}{
		{20112, "201.12", "¥201.12", "¥201.12"},
		{5, "0.05", "¥0.05", "¥0.05"},
		{-1230, "-12.30", "¥-12.30", "¥-12.30"},
		{1234500, "12345.00", "¥1.2万", "¥12.3k"},
		{110000000, "1100000.00", "¥110.0万", "¥1100.0k"},
	}
	for _, tt := range tests {
		if got := tt.f.Yuan(); got != tt.yuan {
			t.Errorf("%d.Yuan() = %q, want %q", tt.f, got, tt.yuan)
		}
		if got := tt.f.Short(LangZH); got != tt.short {
			t.Errorf("%d.Short(zh) = %q, want %q", tt.f, got, tt.short)
		}
		if got := tt.f.Short(LangEN); got != tt.en {
			t.Errorf("%d.Short(en) = %q, want %q", tt.f, got, tt.en)
		}
	}
}

func TestFenArithmeticIsChecked(t *testing.T) {
	const maxF, minF = Fen(math.MaxInt64), Fen(math.MinInt64)
	for _, tc := range []struct {
		name string
		got  func() (Fen, error)
		want Fen
		ok   bool
	}{
		{"plus", func() (Fen, error) { return Fen(1).Plus(2) }, 3, true},
		{"minus below the top", func() (Fen, error) { return maxF.Minus(1) }, maxF - 1, true},
		{"plus over the top", func() (Fen, error) { return maxF.Plus(1) }, 0, false},
		{"plus under the bottom", func() (Fen, error) { return minF.Plus(-1) }, 0, false},
		{"minus", func() (Fen, error) { return Fen(5).Minus(7) }, -2, true},
		{"minus over the top", func() (Fen, error) { return Fen(0).Minus(minF) }, 0, false},
		{"minus under the bottom", func() (Fen, error) { return minF.Minus(1) }, 0, false},
		{"times", func() (Fen, error) { return Fen(-3).Times(4) }, -12, true},
		{"times zero", func() (Fen, error) { return maxF.Times(0) }, 0, true},
		{"times over", func() (Fen, error) { return Fen(math.MaxInt64/2 + 1).Times(2) }, 0, false},
		{"times minus one at the bottom", func() (Fen, error) { return minF.Times(-1) }, 0, false},
	} {
		got, err := tc.got()
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("%s: %d, %v; want %d, ok %v", tc.name, got, err, tc.want, tc.ok)
		}
	}
}
