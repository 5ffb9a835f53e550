package queue

import (
	"strings"
	"testing"
	"time"
)

func TestBlacklistTarget(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{" 小明 ", "小明", false},
		{"+86 138-0013-8000", "13800138000", false},
		{"8613800138000", "13800138000", false},
		{"tb_1234567", "tb_1234567", false},
		{"138****8000", "", true},
		{"", "", true},
		{"evil\x1b[2J", "", true},
		{strings.Repeat("长", 30), "", true},
	}
	for _, tt := range tests {
		got, err := BlacklistTarget(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("BlacklistTarget(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestBlacklistMatchesNickOrPhone(t *testing.T) {
	bl := Blacklist{"小明": "刷单", "13800138000": "恶意差评"}
	tests := []struct {
		b      Buyer
		reason string
		ok     bool
	}{
		{Buyer{Nick: "小明"}, "刷单", true},
		{Buyer{Nick: "别人", Phone: "13800138000"}, "恶意差评", true},
		{Buyer{Nick: "别人", Phone: "138****8000"}, "", false},
		{Buyer{Nick: "小明明"}, "", false},
	}
	for _, tt := range tests {
		r, ok := bl.Reason(&tt.b)
		if r != tt.reason || ok != tt.ok {
			t.Errorf("%+v: %q %v, want %q %v", tt.b, r, ok, tt.reason, tt.ok)
		}
	}
}

func TestExplainRowSaysWhyBlacklisted(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := one(now.Add(-3*time.Hour), 20000, func(o *Order, b *Buyer) { b.Nick = "小明" })
	s.Blacklist = Blacklist{"小明": "刷单\x1b[31m"}
	s.ApplyBlacklist()
	row := rankOne(t, s, cfg, now)
	if got := ExplainRow(row, s, cfg, now, LangZH); !strings.HasPrefix(got, "黑名单: 刷单 · ") {
		t.Fatalf("why = %q", got)
	}
	if got := ExplainRow(row, s, cfg, now, LangEN); !strings.HasPrefix(got, "blacklisted: ") {
		t.Fatalf("why = %q", got)
	}
}

// TestCleanReason: an operator's reason shows as plain text in a row: a colour escape, a bell,
// a bidirectional override and an escape written out before it was stored are gone whole,
// line breaks are spaces, the ends trimmed, a long reason cut at maxReason characters.
func TestCleanReason(t *testing.T) {
	long := strings.Repeat("刷", maxReason+5)
	for _, tt := range []struct{ in, want string }{
		{"刷单", "刷单"},
		{"  刷单\n", "刷单"},
		{"刷单\x1b[31m", "刷单"},
		{"\x1b[2J恶意\x07下单", "恶意下单"},
		{"\u202e单刷", "单刷"},
		{`刷单\x1b[31m`, "刷单"},
		{"恶意\n下单", "恶意 下单"},
		{"刷单 \x1b[0m", "刷单"},
		{long, strings.Repeat("刷", maxReason-1) + "…"},
	} {
		if got := CleanReason(tt.in); got != tt.want {
			t.Errorf("CleanReason(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
