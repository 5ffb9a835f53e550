package ui

import (
	"strings"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/queue"
)

// TestHeaderShowsTheDaysLift: with a holdout the header shows the shop's lift of the day, or
// says there is not enough data yet; without one it shows none.
func TestHeaderShowsTheDaysLift(t *testing.T) {
	lift := 0.083
	tests := []struct {
		name string
		row  *queue.ReportRow
		lang queue.Lang
		want string
		not  string
	}{
		{"no holdout", nil, queue.LangZH, "成功率", "对照提升"},
		{"lift", &queue.ReportRow{Lift: &lift}, queue.LangZH, "对照提升 +8.3pp", ""},
		{"too early to tell", &queue.ReportRow{}, queue.LangZH, "对照提升 数据不足", ""},
		{"in English", &queue.ReportRow{Lift: &lift}, queue.LangEN, "lift +8.3pp", "对照"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTest(t, 160, 30, tt.lang)
			m.Update(tallyMsg{t: data.Tally{Contacts: 12, OrdersContacted: 10, Recovered: 3, RecoveredFen: 345600, Lift: tt.row}})
			top := strings.Join(strings.Split(screen(m), "\n")[:2], "\n")
			if !strings.Contains(top, tt.want) || (tt.not != "" && strings.Contains(top, tt.not)) {
				t.Fatalf("header:\n%s\nwant %q and not %q", top, tt.want, tt.not)
			}
		})
	}
}

// TestHeaderRateAsTheReplay: the header's success rate is the replay's and the payroll's, to
// a tenth of a percent: 3 of 103 orders is 2.9%, and 1 of 110 is 0.9%. It was cut to whole
// percents, 2% and 0%.
func TestHeaderRateAsTheReplay(t *testing.T) {
	for _, tt := range []struct {
		recovered, contacted int
		want                 string
	}{{3, 103, "成功率 2.9%"}, {1, 110, "成功率 0.9%"}, {3, 10, "成功率 30.0%"}, {0, 0, "成功率 0.0%"}} {
		m, _ := newTest(t, 160, 30, queue.LangZH)
		m.Update(tallyMsg{t: data.Tally{Contacts: tt.contacted, OrdersContacted: tt.contacted, Recovered: tt.recovered}})
		top := strings.Join(strings.Split(screen(m), "\n")[:2], "\n")
		if !strings.Contains(top, tt.want) {
			t.Errorf("%d of %d: header\n%s\nwant %q", tt.recovered, tt.contacted, top, tt.want)
		}
		st := queue.OperatorStats{OrdersContacted: tt.contacted, Recovered: tt.recovered}
		if line := StatsLine(st, queue.LangZH); tt.contacted > 0 && !strings.Contains(line, strings.TrimPrefix(tt.want, "成功率 ")) {
			t.Errorf("the replay says %q, the header %q", line, tt.want)
		}
	}
}

// TestHoldoutEventWords: the replay names the day's holdout record in the user's words.
func TestHoldoutEventWords(t *testing.T) {
	e := queue.Event{Kind: queue.EventHoldout, Reason: "0.05", Note: "ab12"}
	if got := EventWords(&e, queue.LangZH, time.UTC); got != "对照组 5%" {
		t.Errorf("zh: %q", got)
	}
	if got := EventWords(&e, queue.LangEN, time.UTC); got != "holdout 5%" {
		t.Errorf("en: %q", got)
	}
}
