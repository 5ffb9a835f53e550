package ui

import (
	"strings"
	"testing"
	"time"

	"cuifu/queue"
)

// TestTheOverrideHintGoesWithTheOffer: a contact refused for a colleague's claim says
// "按 F 越过认领照样记录" and F is offered for [roster] undo_window. Before, the hint is a
// warning that stays until read, so it outlived the offer: past the window the status line
// still said to press F, and F then logged nothing and said nothing. And an F pressed at
// once logged the override, yet the refusal with its hint came back after the confirmation.
// The hint now leaves with the offer: past the window the refusal is said without it, and
// once F has logged it the refusal is not said again.
func TestTheOverrideHintGoesWithTheOffer(t *testing.T) {
	refuse := func(t *testing.T) (*Model, *fakeStore) {
		t.Helper()
		m, st := newTest(t, 80, 24, queue.LangZH)
		st.claimedBy = "阿杰"
		i := m.shown[m.qp.cursor].Order
		m.snap.Orders[i].Contact.ClaimBy, m.snap.Orders[i].Contact.ClaimUntil = 1, queue.UnixTime(shopNow.Add(time.Hour).Unix())
		settle(m, press(m, "a", "s")...)
		if !strings.Contains(screen(m), "按 F 越过认领照样记录") {
			t.Fatalf("the refusal does not offer F:\n%s", screen(m))
		}
		return m, st
	}

	t.Run("past the window", func(t *testing.T) {
		m, st := refuse(t)
		m.refusedAt = time.Now().Add(-m.cfg.Roster.UndoWindow.D() - time.Second)
		m.Update(tickMsg(time.Now()))
		v := screen(m)
		if strings.Contains(v, "F 越过认领") {
			t.Fatalf("the offer lapsed, yet the screen still offers F:\n%s", v)
		}
		if !strings.Contains(v, "已被阿杰认领") {
			t.Fatalf("the refusal itself is no longer said:\n%s", v)
		}
		if settle(m, press(m, "F")...); len(st.events) != 0 {
			t.Fatalf("F logged past the window: %+v", st.events)
		}
	})

	t.Run("F at once", func(t *testing.T) {
		m, st := refuse(t)
		settle(m, press(m, "F")...)
		if len(st.events) != 1 || !st.events[0].Force {
			t.Fatalf("F logged %+v", st.events)
		}
		for _, n := range m.notices {
			if strings.Contains(n.text, "F 越过认领") {
				t.Fatalf("after the override the hint waits to be shown again: %v", m.notices)
			}
		}
	})
}
