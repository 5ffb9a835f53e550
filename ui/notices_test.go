package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
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

// TestSmallDetailShowsTheScript: at the smallest sizes the detail pane keeps the script's
// first lines, the text the specialist copies, and gives up info lines for them; the order
// and the advice stay. At 60x16 the info lines filled the pane and no line of the script
// showed, in either language.
func TestSmallDetailShowsTheScript(t *testing.T) {
	full := data.Detail{Receiver: "张*", Phone: "13800001234", BuyerOrders: 2, BuyerPaid: 1, Note: "请尽快发货",
		Group: []data.GroupOrder{{ID: "3515313147329357999", Title: "抱枕", Amount: 3900}}}
	for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
		wd := words.For(l)
		for _, size := range [][2]int{{MinWidth, MinHeight}, {80, 16}, {100, 18}, {120, MinHeight}} {
			for _, d := range []data.Detail{{}, full} {
				m, _ := newTest(t, size[0], size[1], l)
				m.Update(detailMsg{key: m.selected, d: d})
				s := m.suggestion()
				if s == nil {
					t.Fatal("no script for the first order")
				}
				v := screen(m)
				checkWidths(t, v, size[0], size[1])
				first := wrapLines(s.Text, m.lay.Detail.W, 2)
				for _, want := range append(first, wd.Order, wd.Advice) {
					if !strings.Contains(v, strings.TrimSuffix(want, "…")) {
						t.Errorf("%v %v note %q: %q is not on screen:\n%s", l, size, d.Note, want, v)
					}
				}
			}
		}
	}
}

// TestColleagueNewsIsNotShownLate: news of a colleague's action that waited behind a
// warning is shown when the warning is read soon enough, dropped when it waited longer than
// its own display time or no longer holds (the claim's lease ran out), and only the latest
// news of an order waits. The wall clock is the test's own.
func TestColleagueNewsIsNotShownLate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		wait  time.Duration // on the wall clock, before the warning is read
		shop  time.Duration // the shop clock moves on by this much
		shown bool
	}{
		{"read soon", 3 * time.Second, 0, true},
		{"read a minute later", time.Minute, 0, false},
		{"the lease ran out", 3 * time.Second, 11 * time.Minute, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, st := newTest(t, 80, 24, queue.LangZH)
			wall := time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)
			m.wall = func() time.Time { return wall }
			m.notices = nil
			m.say("认领被拒", true)
			m.snap.Seq = 7
			_, o := m.current()
			claimed := *o
			claimed.Contact.ClaimUntil = queue.UnixTime(shopNow.Add(10 * time.Minute).Unix())
			st.changes = &queue.Changes{Seq: 8, Orders: []queue.Changed{{Order: claimed, Status: queue.StatusUnpaid,
				Buyer: m.snap.Buyers[o.Buyer], Claim: "阿强", By: "阿强"}}}
			takeChanges(m)
			news := "阿强 刚认领了订单 " + claimed.ID
			if m.notice != "认领被拒" || !said(m, news) {
				t.Fatalf("shown %q, queued %v: want the warning shown and the news waiting", m.notice, m.notices)
			}
			wall = wall.Add(tc.wait)
			m.now = m.now.Add(tc.shop)
			press(m, "j") // reads the warning
			if got := m.notice == news; got != tc.shown {
				t.Fatalf("after %v (shop clock +%v) shown %q, want the news shown %v", tc.wait, tc.shop, m.notice, tc.shown)
			}
		})
	}
}

// TestNewerNewsOfAnOrderReplacesTheWaiting: of two pieces of news of one order waiting
// behind a warning, only the newer is left to show.
func TestNewerNewsOfAnOrderReplacesTheWaiting(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	wall := time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)
	m.wall = func() time.Time { return wall }
	m.notices = nil
	m.say("认领被拒", true)
	k := queue.OrderKey{Platform: queue.PlatformTaobao, ID: "1"}
	m.sayNews("阿强 刚认领了订单 1", k, 0)
	m.sayNews("阿强 刚联系了订单 1:电话 未接", k, 0)
	if len(m.notices) != 2 || m.notices[1].text != "阿强 刚联系了订单 1:电话 未接" {
		t.Fatalf("queued %v, want the warning and the newer news alone", m.notices)
	}
}

// takeChanges has m look at the store's version and take in the fake store's changes.
func takeChanges(m *Model) {
	for _, msg := range runAll(m.onVersion(2)) {
		if c, ok := msg.(changesMsg); ok {
			settle(m, func() tea.Msg { return c })
		}
	}
}
