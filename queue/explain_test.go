package queue

import (
	"testing"
	"time"
)

func TestExplain(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := one(now.Add(-2*time.Hour), 80000, func(o *Order, b *Buyer) { o.Deadline = now.Add(3 * time.Hour).Unix() })
	row := rankOne(t, s, cfg, now)
	got := Explain(row, &s.Orders[0], cfg, now, LangZH)
	want := "高客单 · 新客 · 错过第一波 · 3h后关闭"
	if got != want {
		t.Fatalf("why = %q, want %q", got, want)
	}
	if en := Explain(row, &s.Orders[0], cfg, now, LangEN); en != "high ticket · new buyer · first wave missed · closes in 3h" {
		t.Fatalf("english why = %q", en)
	}
}

func TestWithShipping(t *testing.T) {
	tests := []struct {
		why  string
		fen  Fen
		l    Lang
		want string
	}{
		{"高客单 · 运费重复 · 刚下单", 800, LangZH, "高客单 · 运费重复 ¥8.00 · 刚下单"},
		{"运费重复", 1250, LangZH, "运费重复 ¥12.50"},
		{"high ticket · shipping charged twice", 800, LangEN, "high ticket · shipping twice ¥8.00"},
		{"高客单 · 新客", 800, LangZH, "高客单 · 新客"},
	}
	for _, tt := range tests {
		if got := WithShipping(tt.why, tt.fen, tt.l); got != tt.want {
			t.Errorf("WithShipping(%q, %d) = %q, want %q", tt.why, tt.fen, got, tt.want)
		}
	}
}

// TestMinutes: a duration to the minute, in each language; Span keeps only its largest unit.
func TestMinutes(t *testing.T) {
	for _, c := range []struct {
		secs   int64
		zh, en string
	}{
		{-5, "0分钟", "0m"},
		{59, "0分钟", "0m"},
		{45 * 60, "45分钟", "45m"},
		{3600, "1小时00分", "1h00m"},
		{7140, "1小时59分", "1h59m"},
		{50*3600 + 5*60, "50小时05分", "50h05m"},
	} {
		if got := Minutes(c.secs, LangZH); got != c.zh {
			t.Errorf("Minutes(%d, zh) = %q, want %q", c.secs, got, c.zh)
		}
		if got := Minutes(c.secs, LangEN); got != c.en {
			t.Errorf("Minutes(%d, en) = %q, want %q", c.secs, got, c.en)
		}
	}
}
