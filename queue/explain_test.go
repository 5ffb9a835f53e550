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

// TestWarningsFirst: the suspicious, duplicate and double-shipping reasons lead a row's
// reasons, before what a lead stands for, the group a row is in or the block reason (a narrow
// row cuts its reasons from the end); the shipping says its amount once known; the other
// reasons keep their order.
func TestWarningsFirst(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	o := &Order{Deadline: now.Add(3 * time.Hour).Unix()}
	due := func(why Why) Row { return Row{Why: why} }
	blocked := func(why Why, b Block) Row {
		return Row{Why: why, bits: uint16(SectionBlocked)<<rowSection | uint16(b)<<rowBlock}
	}
	const twice, receiver, dup = WhyDoubleShipping, WhySuspectReceiver, WhyDuplicate
	const high, newBuyer, first = WhyHighTicket, WhyNewBuyer, WhyFirstWave
	for _, tt := range []struct {
		row      Row
		lead     string
		shipping Fen
		l        Lang
		want     string
	}{
		{due(high | newBuyer | twice | WhyClosingSoon), "", 800, LangZH, "运费重复 ¥8.00 · 高客单 · 新客 · 3h后关闭"},
		{due(high | newBuyer | twice | WhyClosingSoon), "", 0, LangZH, "运费重复 · 高客单 · 新客 · 3h后关闭"},
		{due(newBuyer | twice), "+2单 共¥389.00", 800, LangZH, "运费重复 ¥8.00 · +2单 共¥389.00 · 新客"},
		{due(twice), "", 800, LangZH, "运费重复 ¥8.00"},
		{due(newBuyer | twice), "", 800, LangEN, "shipping twice ¥8.00 · new buyer"},
		{due(high | newBuyer | first | receiver), "", 0, LangZH, "可疑: 收件人与买家不符 · 高客单 · 新客 · 第一波"},
		{due(high | newBuyer | twice | WhySuspectUnpaid | receiver), "", 800, LangZH,
			"可疑: 多单未付且从未付款 · 可疑: 收件人与买家不符 · 运费重复 ¥8.00 · 高客单 · 新客"},
		{due(high | receiver), "", 0, LangEN, "suspicious: masked receiver does not match the buyer · high ticket"},
		{due(newBuyer | first | dup | twice), "并入 35153", 800, LangZH, "疑似重复单 · 运费重复 ¥8.00 · 并入 35153 · 新客 · 第一波"},
		{due(newBuyer | dup), "", 0, LangEN, "likely duplicate · new buyer"},
		{blocked(newBuyer|dup, BlockBlacklist), blockLead(blocked(0, BlockBlacklist), "刷单", LangZH), 0, LangZH,
			"疑似重复单 · 黑名单: 刷单 · 新客"},
		{blocked(high|WhySuspectAmount, BlockCap), blockLead(blocked(0, BlockCap), "", LangEN), 0, LangEN,
			"suspicious: far above the usual amount, new account · contact cap reached · high ticket"},
	} {
		got := explain(tt.row, o, tt.lead, cfg, now, tt.l)
		if tt.shipping > 0 {
			got = WithShipping(got, tt.shipping, tt.l)
		}
		if got != tt.want {
			t.Errorf("explain(%b, %q) = %q, want %q", tt.row.Why, tt.lead, got, tt.want)
		}
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
