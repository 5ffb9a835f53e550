package scripts

import (
	"strings"
	"testing"
	"time"

	"cuifu/queue"
)

func request(ch queue.Channel, edit func(o *queue.Order, b *queue.Buyer)) Request {
	cfg := queue.DefaultConfig()
	cfg.Shop.Name = "小美家居"
	loc := cfg.Location
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, loc)
	o := &queue.Order{ID: "1001", Title: "北欧布艺沙发", Amount: 259900, Created: now.Add(-2 * time.Hour).Unix()}
	b := &queue.Buyer{Nick: "小鹿乱撞", Phone: "13800001234"}
	if edit != nil {
		edit(o, b)
	}
	return Request{Order: o, Buyer: b, Channel: ch, Config: &cfg, Now: now}
}

func TestSMSParts(t *testing.T) {
	sig := Signature("小美家居") // 6 characters
	tests := []struct{ total, parts int }{{70, 1}, {71, 2}, {134, 2}, {135, 3}, {7, 1}}
	for _, tt := range tests {
		text := sig + strings.Repeat("好", tt.total-6)
		if got := SMSParts(text); got != tt.parts {
			t.Errorf("%d characters: %d parts, want %d", tt.total, got, tt.parts)
		}
	}
}

func TestSuggestRendersEveryChannel(t *testing.T) {
	lib := Default()
	for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone} {
		sg := lib.Suggest(request(ch, nil))
		if len(sg) == 0 {
			t.Fatalf("%v: no suggestion", ch)
		}
		for _, s := range sg {
			if strings.Contains(s.Text, "{") || strings.Contains(s.Text, "<no value>") {
				t.Errorf("%s: unfilled variable in %q", s.ID, s.Text)
			}
			if !strings.Contains(s.Text, "小鹿乱撞") && !strings.Contains(s.Text, "北欧布艺沙发") {
				t.Errorf("%s: the order's data is missing: %q", s.ID, s.Text)
			}
			if ch == queue.ChannelSMS && (s.SMSParts < 1 || SMSBreaks(s.Text, s.Marketing, "小美家居") != "") {
				t.Errorf("%s: a rule-breaking SMS: %q", s.ID, s.Text)
			}
			if ch == queue.ChannelPhone && len(s.Steps) != 4 {
				t.Errorf("%s: phone guide has %d steps", s.ID, len(s.Steps))
			}
		}
	}
	if sg := lib.Suggest(request(queue.ChannelNone, nil)); sg != nil {
		t.Fatal("a suggestion for an opted-out buyer")
	}
}

func TestMissingValuesNeverLeaveGaps(t *testing.T) {
	r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Title = ""; b.Nick = "" })
	r.Config.Shop.Name = ""
	for _, s := range Default().Suggest(r) {
		if strings.Contains(s.Text, "「」") || strings.Contains(s.Text, "{") || strings.HasPrefix(s.Text, "您好") {
			t.Errorf("%s: a gap in %q", s.ID, s.Text)
		}
	}
}

func TestCushionRotation(t *testing.T) {
	lib := Default()
	b := &queue.Buyer{}
	seen := map[int]bool{}
	for i := 0; i < len(lib.Cushions); i++ {
		c := lib.nextCushion(b)
		if seen[c] {
			t.Fatalf("cushion %d given twice to one buyer", c)
		}
		seen[c] = true
		b.Cushions |= 1 << c
	}
	if c := lib.nextCushion(b); c < 0 || c >= len(lib.Cushions) {
		t.Fatalf("after every cushion: %d", c)
	}
	sg := lib.Suggest(request(queue.ChannelIM, func(o *queue.Order, bb *queue.Buyer) { bb.Cushions = 1 }))
	if sg[0].CushionID != 1 || !strings.Contains(sg[0].Text, lib.Cushions[1].ZH) {
		t.Fatalf("cushion: %d %q", sg[0].CushionID, sg[0].Text)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"unknown variable", "[a]\nchannel: im\nkind: positive\nzh: 你好{name}\nen: hi", 4, "unknown variable {name}"},
		{"unclosed brace", "[a]\nchannel: im\nkind: positive\nzh: 你好{buyer\nen: hi", 4, "without its }"},
		{"no channel", "[a]\nkind: positive\nzh: 你好\nen: hi", 1, "no channel"},
		{"bad key", "[a]\nchannel: im\ncolour: red", 3, "unknown key"},
		{"stray line", "zh: 你好", 1, "outside"},
	}
	for _, tt := range tests {
		l := &Library{}
		probs := parseFile(l, "x.txt", tt.text)
		if len(probs) == 0 || probs[0].Line != tt.line || !strings.Contains(probs[0].Msg, tt.msg) {
			t.Errorf("%s: problems %v, want line %d %q", tt.name, probs, tt.line, tt.msg)
		}
	}
}
