package ui

import (
	"strings"
	"testing"

	"cuifu/queue"
)

// TestOwnActionIsConfirmedAtOnce: the confirmation of my own action shows on the status line
// as soon as the log takes it, ahead of a colleague's news or a warning already on screen,
// and what it put off still shows after it. Before, it queued behind them and showed only
// when the news faded or the next key read the warning.
func TestOwnActionIsConfirmedAtOnce(t *testing.T) {
	for _, ahead := range []string{"news", "warning"} {
		t.Run(ahead, func(t *testing.T) {
			m, st := newTest(t, 100, 30, queue.LangZH)
			m.snap.Seq = 7
			want := "离开队列"
			switch ahead {
			case "news": // another order paid, announced before my outcome comes back
				paid := m.snap.Orders[len(m.snap.Orders)-1]
				st.changes = &queue.Changes{Seq: 9, Orders: []queue.Changed{
					{Order: paid, Status: queue.StatusPaid, Buyer: m.snap.Buyers[paid.Buyer]}}}
				settle(m, m.onVersion(2))
			case "warning": // u with nothing to take back, just before
				press(m, "u")
				want = "没有可撤销"
			}
			if !strings.Contains(screen(m), want) {
				t.Fatalf("the %s is not on screen:\n%s", ahead, screen(m))
			}
			settle(m, press(m, "o", "p")...)
			if len(st.events) != 1 {
				t.Fatalf("events %+v", st.events)
			}
			if v := screen(m); !strings.Contains(v, "已记录 ✓") || !strings.Contains(v, "承诺付款") {
				t.Fatalf("the outcome is not confirmed at once:\n%s", v)
			}
			if !said(m, want) {
				t.Fatalf("the %s put off is lost: %v", ahead, m.notices)
			}
			// A burst of news past the queue's bound gives way itself, not the confirmation.
			for i := range maxNotices + 2 {
				m.say(strings.Repeat("新", i+1), false)
			}
			if !strings.Contains(m.notice, "已记录 ✓") || len(m.notices) != maxNotices {
				t.Fatalf("after a burst of news the status line says %q (%d queued)", m.notice, len(m.notices))
			}
		})
	}
}
