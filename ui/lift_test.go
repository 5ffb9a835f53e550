package ui

import (
	"strings"
	"testing"

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

// TestHoldoutEventWords: the replay names the day's holdout record in the user's words.
func TestHoldoutEventWords(t *testing.T) {
	e := queue.Event{Kind: queue.EventHoldout, Reason: "0.05", Note: "ab12"}
	if got := EventWords(&e, queue.LangZH); got != "对照组 5%" {
		t.Errorf("zh: %q", got)
	}
	if got := EventWords(&e, queue.LangEN); got != "holdout 5%" {
		t.Errorf("en: %q", got)
	}
}
