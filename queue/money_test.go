package queue

import "testing"

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
		f           Fen
		yuan, short string
	}{
		{20112, "201.12", "¥201.12"},
		{5, "0.05", "¥0.05"},
		{-1230, "-12.30", "¥-12.30"},
		{1234500, "12345.00", "¥1.2万"},
	}
	for _, tt := range tests {
		if got := tt.f.Yuan(); got != tt.yuan {
			t.Errorf("%d.Yuan() = %q, want %q", tt.f, got, tt.yuan)
		}
		if got := tt.f.Short(); got != tt.short {
			t.Errorf("%d.Short() = %q, want %q", tt.f, got, tt.short)
		}
	}
}
