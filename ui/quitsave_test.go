package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
)

// quits reports whether running cmd ends the program.
func quits(cmd tea.Cmd) bool {
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// A q (or ctrl+c) pressed right after an action waits for the store's answer: the program
// quit at once and the write still on its way died with it, so a contact logged with a s
// and q in one breath was lost (one in eight in a real terminal, more while an import held
// the store), though the specialist had logged it. The program quits once the store took
// it; a second ctrl+c quits at once.
func TestQuitWaitsForTheActionOnItsWay(t *testing.T) {
	ctrlC := tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	for _, quit := range []tea.KeyPressMsg{keyMsg("q"), ctrlC} {
		for _, keys := range [][]string{{"a", "s"}, {"z", "1"}, {"m"}} {
			m, st := newTest(t, 80, 24, queue.LangZH)
			cmds := press(m, keys...)
			_, cmd := m.Update(quit)
			if quits(cmd) {
				t.Fatalf("%v then %s: quit before the store had the action", keys, quit.String())
			}
			if press(m, "a", "s"); len(m.pending) != 1 {
				t.Fatalf("%v then %s: an action was taken while quitting: %v", keys, quit.String(), m.pending)
			}
			var last tea.Cmd
			for _, msg := range runCmd(cmds[len(cmds)-1]) {
				if _, ok := msg.(loggedMsg); ok {
					_, last = m.Update(msg)
				}
			}
			if len(st.events) != 1 {
				t.Fatalf("%v then %s: %d events logged", keys, quit.String(), len(st.events))
			}
			if !quits(last) {
				t.Fatalf("%v then %s: the program did not quit once the store took the action", keys, quit.String())
			}
		}
	}
	// Nothing on its way: q quits at once; with something on its way, a second ctrl+c does.
	m, _ := newTest(t, 80, 24, queue.LangZH)
	if _, cmd := m.Update(keyMsg("q")); !quits(cmd) {
		t.Fatal("q with nothing on its way did not quit")
	}
	m, _ = newTest(t, 80, 24, queue.LangZH)
	press(m, "a", "s")
	m.Update(keyMsg("q"))
	if _, cmd := m.Update(ctrlC); !quits(cmd) {
		t.Fatal("a second ctrl+c did not quit")
	}
}

// A write that fails while quitting keeps the program open, so the specialist sees that it
// was not logged.
func TestAFailedWriteStopsTheQuit(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	st.claimedBy = "阿杰" // the store refuses the contact for a colleague's claim
	cmds := press(m, "a", "s")
	m.Update(keyMsg("q"))
	for _, msg := range runCmd(cmds[1]) {
		if _, ok := msg.(loggedMsg); ok {
			if _, cmd := m.Update(msg); quits(cmd) {
				t.Fatal("quit after a refused write: the specialist never saw it was not logged")
			}
		}
	}
	if m.quitting {
		t.Fatal("still quitting after the refusal")
	}
}
