package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
)

// TestAHeldKeyActsOnce: a key held down repeats (about 30 presses a second after the first
// half second or so) and the store answers between the repeats. The key that logged an
// action acts once: held m claimed and released the order by turns (12 events from one
// hold in team mode), held v logged a reveal after each answer, and a u held on the outcome
// menu's 重复单 logged the outcome and then undid it with its repeat. Another key between
// the presses, or a pause longer than a repeat's, makes the next press the specialist's own.
func TestAHeldKeyActsOnce(t *testing.T) {
	hold := func(m *Model, k string, times int) {
		for range times {
			settle(m, press(m, k)...) // each repeat comes after the store's answer
		}
	}
	count := func(evs []queue.Event, kind queue.EventKind) int {
		n := 0
		for _, e := range evs {
			if e.Kind == kind {
				n++
			}
		}
		return n
	}

	t.Run("claim", func(t *testing.T) {
		m, st := newTest(t, 80, 24, queue.LangZH)
		hold(m, "m", 12)
		if len(st.events) != 1 || st.events[0].Kind != queue.EventClaim {
			t.Fatalf("a held m logged %d events, want one claim: %+v", len(st.events), st.events)
		}
		press(m, "j", "k") // other keys: the hold is over
		settle(m, press(m, "m")...)
		if len(st.events) != 2 || st.events[1].Kind != queue.EventRelease {
			t.Fatalf("m pressed again after other keys: %+v, want the release", st.events)
		}
		m.holding.at = time.Now().Add(-holdGap) // the key was let go a while ago
		settle(m, press(m, "m")...)
		if len(st.events) != 3 || st.events[2].Kind != queue.EventClaim {
			t.Fatalf("m pressed again after a pause: %+v, want a claim", st.events)
		}
	})

	t.Run("reveal", func(t *testing.T) {
		m, st := newTest(t, 80, 24, queue.LangZH)
		hold(m, "v", 8)
		if n := count(st.events, queue.EventReveal); n != 1 || len(st.events) != 1 {
			t.Fatalf("a held v logged %d reveals (%d events), want one", n, len(st.events))
		}
	})

	t.Run("outcome then undo key", func(t *testing.T) {
		m, st := newTest(t, 80, 24, queue.LangZH)
		press(m, "o")
		hold(m, "u", 12) // 重复单 in the menu, undo outside it
		if len(st.events) != 1 || st.events[0].Result != queue.ResultDuplicate {
			t.Fatalf("a held u on the outcome menu logged %+v, want one duplicate and no undo", st.events)
		}
	})

	t.Run("terminal says repeat", func(t *testing.T) {
		m, st := newTest(t, 80, 24, queue.LangZH)
		settle(m, press(m, "m")...)
		m.holding.at = time.Now().Add(-holdGap) // a slow repeat, but the terminal tells
		_, cmd := m.Update(tea.KeyPressMsg{Code: 'm', Text: "m", IsRepeat: true})
		settle(m, cmd)
		if len(st.events) != 1 {
			t.Fatalf("a repeat the terminal marked logged again: %+v", st.events)
		}
	})

	t.Run("moving keys repeat", func(t *testing.T) {
		m, _ := newTest(t, 80, 24, queue.LangZH)
		press(m, "j", "j", "j")
		if m.qp.cursor != 3 {
			t.Fatalf("a held j moved to row %d, want 3", m.qp.cursor)
		}
	})
}
