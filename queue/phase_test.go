package queue

import (
	"strings"
	"testing"
	"time"
)

func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPhaseAt(t *testing.T) {
	cfg := testConfig()
	tests := []struct {
		at   string
		want Phase
	}{
		{"2026-11-10 23:59", PhaseOrdinary},
		{"2026-11-11 00:00", PhaseFrenzy},
		{"2026-11-11 01:29", PhaseFrenzy},
		{"2026-11-11 01:30", PhaseRational},
		{"2026-11-11 19:59", PhaseRational},
		{"2026-11-11 20:00", PhaseLate},
		{"2026-11-12 10:00", PhaseDayAfter},
		{"2026-11-13 10:00", PhaseOrdinary},
	}
	for _, tt := range tests {
		now, _ := time.ParseInLocation("2006-01-02 15:04", tt.at, shanghai)
		if got := cfg.PhaseAt(now); got != tt.want {
			t.Errorf("PhaseAt(%s) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

// TestOrderPhase takes the phase from when the order was placed, relative to the sale: an
// order of 11-10 hears that the sale price is on (not 零点), one placed during 双11 hears the
// part of the sale it is in and, the next day, the day-after words; one placed on the
// morning of 11-12 hears ordinary words.
func TestOrderPhase(t *testing.T) {
	cfg := DefaultConfig() // the built-in 双11, no other sale
	tests := []struct {
		created, now string
		want         Phase
		sale         string
	}{
		{"2026-11-10 21:00", "2026-11-10 22:00", PhaseOrdinary, ""},
		{"2026-11-10 21:00", "2026-11-11 00:40", PhasePreSale, "双11"},
		{"2026-11-10 21:00", "2026-11-11 15:00", PhasePreSale, "双11"},
		{"2026-11-10 21:00", "2026-11-12 10:00", PhaseOrdinary, ""},
		{"2026-11-11 00:05", "2026-11-11 00:40", PhaseFrenzy, "双11"},
		{"2026-11-11 00:05", "2026-11-11 01:30", PhaseRational, "双11"},
		{"2026-11-11 00:05", "2026-11-11 19:59", PhaseRational, "双11"},
		{"2026-11-11 00:05", "2026-11-11 20:00", PhaseLate, "双11"},
		{"2026-11-11 23:59", "2026-11-12 00:00", PhaseDayAfter, "双11"},
		{"2026-11-11 15:00", "2026-11-12 23:59", PhaseDayAfter, "双11"},
		{"2026-11-11 15:00", "2026-11-13 00:00", PhaseOrdinary, ""},
		{"2026-11-12 09:00", "2026-11-12 10:00", PhaseOrdinary, ""},
		{"2026-11-12 09:00", "2026-11-13 10:00", PhaseOrdinary, ""},
	}
	for _, tt := range tests {
		got, sale := cfg.OrderPhase(local(tt.created), local(tt.now))
		if got != tt.want || sale.Name != tt.sale {
			t.Errorf("order of %s at %s: %v (%q), want %v (%q)", tt.created, tt.now, got, sale.Name, tt.want, tt.sale)
		}
	}
}

// TestSaleCalendar reads [[sale]] tables over the built-in sales, or instead of them.
func TestSaleCalendar(t *testing.T) {
	c, err := ParseConfig([]byte(`
[[sale]]
name = "年货节"
start = "2027-01-20 20:00"
end = "2027-01-25"
balance_start = "2027-01-25 00:00"
balance_end = "2027-01-25 24:00"
`))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := c.SaleAt(local("2027-01-25 23:59"))
	if !ok || s.Name != "年货节" || !s.End.Equal(local("2027-01-26 00:00")) || !s.BalanceStart.Equal(local("2027-01-25 00:00")) {
		t.Fatalf("sale at 01-25 23:59: %+v %v", s, ok)
	}
	if _, ok := c.SaleAt(local("2027-01-20 19:59")); ok {
		t.Fatal("the sale is on before its start")
	}
	if ph := c.PhaseAt(local("2027-01-20 21:00")); ph != PhaseFrenzy {
		t.Fatalf("90 minutes into the sale: %v, want frenzy", ph)
	}
	if ph := c.PhaseAt(local("2027-01-25 20:00")); ph != PhaseLate {
		t.Fatalf("four hours before its end: %v, want late", ph)
	}
	if s, ok := c.SaleAt(local("2026-06-18 12:00")); !ok || s.Name != "618" {
		t.Fatalf("the built-in 618 is gone: %+v %v", s, ok)
	}
	c, err = ParseConfig([]byte("[shop]\nbuiltin_sales = false"))
	if err != nil {
		t.Fatal(err)
	}
	if ph := c.PhaseAt(local("2026-11-11 12:00")); ph != PhaseOrdinary {
		t.Fatalf("11-11 without the built-in sales: %v", ph)
	}
	for _, tc := range []struct{ toml, want string }{
		{"[[sale]]\nstart = \"2027-01-20\"\nend = \"2027-01-21\"", "name is missing"},
		{"[[sale]]\nname = \"x\"\nstart = \"2027-01-20\"\nend = \"01-21\"", "sale[1].end"},
		{"[[sale]]\nname = \"x\"\nstart = \"2027-01-21\"\nend = \"2027-01-20\"", "is not after sale[1].start"},
		{"[[sale]]\nname = \"x\"\nstart = \"2027-01-20 25:00\"\nend = \"2027-01-21\"", "start"},
		{"[[sale]]\nname = \"x\"\nstart = \"2027-01-20\"\nend = \"2027-01-21\"\nbalance_start = \"2027-01-21\"", "go together"},
	} {
		_, err := ParseConfig([]byte(tc.toml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.toml, err, tc.want)
		}
	}
}

// TestSaleLabel: a built-in sale (and shop.sale_day's) is named in the reader's language,
// a sale the config names keeps its name in both.
func TestSaleLabel(t *testing.T) {
	cfg := testConfig()
	cfg.Shop.BuiltinSales, cfg.Shop.SaleDay = true, "2026-09-09"
	cfg.Sales = []SaleConfig{{Name: "店庆", Start: "2026-08-08", End: "2026-08-08"}}
	tests := []struct {
		at     string
		zh, en string
	}{
		{"2026-11-11 12:00", "双11", "Double 11"},
		{"2026-06-18 12:00", "618", "618"},
		{"2026-12-12 12:00", "双12", "Double 12"},
		{"2026-09-09 12:00", "大促", "Sale day"},
		{"2026-08-08 12:00", "店庆", "店庆"},
	}
	for _, tt := range tests {
		sale, on := cfg.SaleAt(local(tt.at))
		if !on {
			t.Fatalf("%s: no sale", tt.at)
		}
		if zh, en := sale.Label(LangZH), sale.Label(LangEN); zh != tt.zh || en != tt.en {
			t.Errorf("%s: %q / %q, want %q / %q", tt.at, zh, en, tt.zh, tt.en)
		}
	}
}
