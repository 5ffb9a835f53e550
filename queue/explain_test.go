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
