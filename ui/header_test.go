package ui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// TestHeaderTallyFits: the header's tally keeps its success rate whole at 80 columns, and at
// 60, in both languages and with a busy day's figures: the queue's less needed counts give
// way first (blocked, then upcoming, then a holdout's lift, then due), then the tally's
// words take their shorter form. English at 80 cut the rate off: "today: contacts 12 ·
// recovered 3 · ¥3456.00 · …", and the busiest day at 60 too: "today: contacts 1234 ·
// recovered 456 · ¥123456.78 · rate…".
func TestHeaderTallyFits(t *testing.T) {
	lift := 0.042
	for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
		for _, w := range []int{MinWidth, 80, 100} {
			tallies := []data.Tally{
				{Contacts: 12, OrdersContacted: 10, Recovered: 3, RecoveredFen: 345600},
				{Contacts: 312, OrdersContacted: 300, Recovered: 41, RecoveredFen: 876543},
				{Contacts: 312, OrdersContacted: 300, Recovered: 41, RecoveredFen: 876543, Lift: &queue.ReportRow{Lift: &lift}},
			}
			// A specialist's busiest day.
			tallies = append(tallies, busyTally(&lift))
			for _, tl := range tallies {
				m, _ := newTest(t, w, 24, l)
				m.Update(tallyMsg{t: tl})
				second := strings.Split(screen(m), "\n")[1]
				rate := fmt.Sprintf("%.1f%%", float64(tl.Recovered)*100/float64(tl.OrdersContacted))
				want := []string{rate, "¥" + tl.RecoveredFen.Yuan(), strconv.Itoa(tl.Contacts), strconv.Itoa(tl.Recovered)}
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

// busyTally is a specialist's busiest day: 1234 contacts, ¥123456.78 recovered, with a
// holdout's lift.
func busyTally(lift *float64) data.Tally {
	return data.Tally{Contacts: 1234, OrdersContacted: 1100, Recovered: 456, RecoveredFen: 12345678, Lift: &queue.ReportRow{Lift: lift}}
}

// TestHeaderBusyTallyGolden: the workstation at 60 columns in English on the busiest day,
// whose tally takes its shorter words to stay whole.
func TestHeaderBusyTallyGolden(t *testing.T) {
	lift := 0.042
	m, _ := newTest(t, MinWidth, 24, queue.LangEN)
	m.Update(tallyMsg{t: busyTally(&lift)})
	v := screen(m)
	checkWidths(t, v, MinWidth, 24)
	golden(t, "english_busy_60x24", v)
}
