package ui

import (
	"fmt"
	"strings"
	"testing"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// TestHeaderTallyFits: the header's tally keeps its success rate whole at 80 columns, and at
// 60, in both languages and with a busy day's figures (the busiest at 80): the queue's less needed counts give
// way first (blocked, then upcoming, then a holdout's lift, then due). English at 80 cut the
// rate off: "today: contacts 12 · recovered 3 · ¥3456.00 · …".
func TestHeaderTallyFits(t *testing.T) {
	lift := 0.042
	for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
		for _, w := range []int{MinWidth, 80, 100} {
			tallies := []data.Tally{
				{Contacts: 12, OrdersContacted: 10, Recovered: 3, RecoveredFen: 345600},
				{Contacts: 312, OrdersContacted: 300, Recovered: 41, RecoveredFen: 876543},
				{Contacts: 312, OrdersContacted: 300, Recovered: 41, RecoveredFen: 876543, Lift: &queue.ReportRow{Lift: &lift}},
			}
			if w >= 80 { // a specialist's busiest day
				tallies = append(tallies, data.Tally{Contacts: 1234, OrdersContacted: 1100, Recovered: 456, RecoveredFen: 12345678,
					Lift: &queue.ReportRow{Lift: &lift}})
			}
			for _, tl := range tallies {
				m, _ := newTest(t, w, 24, l)
				m.Update(tallyMsg{t: tl})
				second := strings.Split(screen(m), "\n")[1]
				rate := strings.Fields(strings.ReplaceAll(words.For(l).Tally, "%.1f%%", ""))
				want := []string{rate[len(rate)-1], "%", "¥" + tl.RecoveredFen.Yuan()}
				for _, s := range want {
					if !strings.Contains(second, s) || strings.HasSuffix(strings.TrimSpace(second), "…") {
						t.Errorf("%v at %d, %+v: the tally is cut: %q", l, w, tl, second)
						break
					}
				}
				if w == 100 && tl.Lift == nil && !strings.Contains(second, fmt.Sprintf(words.For(l).Counts[2], 2)) {
					t.Errorf("%v at 100: the queue's counts gave way: %q", l, second)
				}
			}
		}
	}
}
