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
