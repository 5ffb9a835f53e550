package cli

import (
	"regexp"
	"strings"
	"testing"

	"cuifu/queue"
)

// TestReportSaysGroupsAndNumbersInWords: the report's cells name a channel, a phase and a
// segment in the user's language, and its lift and median to payment in that language's
// units (个百分点, 分钟; pp, m); a script id stays as it is.
func TestReportSaysGroupsAndNumbersInWords(t *testing.T) {
	rate, lift, low, high, med := 0.5, 0.083, -0.1, 0.2, int64(5250)
	row := func(g string) queue.ReportRow {
		return queue.ReportRow{Group: g, Rate: &rate, HoldoutRate: &rate, Lift: &lift, LiftLow: &low, LiftHigh: &high, MedianToPay: &med}
	}
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, tt := range []struct {
		by    queue.ReportBy
		group string
		zh    string
		en    string
	}{
		{queue.ByChannel, "sms", "短信", "SMS"},
		{queue.ByPhase, "frenzy", "零点抢购", "midnight frenzy"},
		{queue.BySegment, "mid-ticket/first-time", "中客单/新客", "mid-ticket/first-time"},
	} {
		zh := reportCells([]queue.ReportRow{row(tt.group)}, tt.by, queue.LangZH, false)[0]
		en := reportCells([]queue.ReportRow{row(tt.group)}, tt.by, queue.LangEN, false)[0]
		if zh[0] != tt.zh || en[0] != tt.en {
			t.Errorf("%s: group %q / %q, want %q / %q", tt.group, zh[0], en[0], tt.zh, tt.en)
		}
		if all := strings.Join(zh, " "); latin.MatchString(all) || !strings.Contains(all, "1小时27分") || !strings.Contains(all, "+8.3个百分点") {
			t.Errorf("zh cells %q", zh)
		}
		if all := strings.Join(en, " "); !strings.Contains(all, "1h27m") || !strings.Contains(all, "+8.3pp") {
			t.Errorf("en cells %q", en)
		}
	}
	if got := reportCells([]queue.ReportRow{row("im.care")}, queue.ByScript, queue.LangZH, false)[0][0]; got != "im.care" {
		t.Errorf("a script group reads %q", got)
	}
}
