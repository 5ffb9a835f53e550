package ui

import (
	"testing"

	"cuifu/queue"
)

// A u pressed while the last action is still on its way to the store takes back nothing:
// it took back the action before it (its number was the last one the store had answered),
// so a specialist undoing a wrong key on a slow store revoked the right contact and kept
// the wrong one. It says the action is still being logged; once it is, u takes it back.
func TestUndoWaitsForTheLastAction(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	settle(m, press(m, "a", "s")...)
	first := st.events[0]
	second := press(m, "a", "s")[1] // on its way: its command has not run
	if cmd := press(m, "u")[0]; cmd != nil {
		for _, msg := range runCmd(cmd) {
			if r, ok := msg.(revokedMsg); ok && r.ev.Revokes == first.ID {
				t.Fatalf("u while the second contact was on its way revoked the first, #%d", first.ID)
			}
		}
		t.Fatal("u while the last action was on its way sent something to the store")
	}
	if !said(m, "正在记录") {
		t.Fatalf("u said nothing of the action on its way: %v", m.notices)
	}
	settle(m, second)
	m.holding.at = m.holding.at.Add(-holdGap) // the u was let go
	settle(m, press(m, "u")...)
	last := st.events[len(st.events)-1]
	if last.Kind != queue.EventRevoke || last.Revokes != st.events[1].ID {
		t.Fatalf("u after the second contact came back: %+v, want a revoke of #%d", last, st.events[1].ID)
	}
}
