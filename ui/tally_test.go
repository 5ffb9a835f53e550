package ui

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/scripts"
)

// tallyStore answers Tally with the contacts its log holds when it is read.
type tallyStore struct{ *fakeStore }

func (s tallyStore) Tally(context.Context, string, int64, int64, int64) (data.Tally, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return data.Tally{Contacts: len(s.events), OrdersContacted: len(s.events)}, nil
}

// TestAnOlderTallyNeverHidesANewerOne: the header's tally is read again after each of my
// contacts and each change the team makes, and the reads run side by side. A read that
// began before my second contact was in the log and answered after the read that began
// once it was in put the header back to one contact, until the next change. The newest
// read asked for wins; one asked for before it is dropped, whenever it answers.
func TestAnOlderTallyNeverHidesANewerOne(t *testing.T) {
	st := tallyStore{&fakeStore{snap: testSnapshot()}}
	m := New(Options{Store: st, Advisor: scripts.Default(), Config: testConfig(), Clock: queue.FixedClock{T: shopNow},
		Operator: "小美", Session: "s1", Lang: queue.LangZH})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
	settle(m, cmd)

	logged := func() tea.Cmd { // a s, the store logs it, and its answer comes back
		t.Helper()
		cmds := press(m, "a", "s")
		var after tea.Cmd
		for _, msg := range runCmd(cmds[1]) {
			if _, ok := msg.(loggedMsg); ok {
				_, after = m.Update(msg)
			}
		}
		if after == nil {
			t.Fatal("the contact was not logged")
		}
		return after
	}
	first := runCmd(logged()) // its tally is read now, with one contact in the log…
	second := runCmd(logged())
	for _, msg := range append(second, first...) { // …and answers after the second's
		if _, ok := msg.(tallyMsg); ok {
			m.Update(msg)
		}
	}
	if len(st.events) != 2 {
		t.Fatalf("%d events, want 2", len(st.events))
	}
	if m.tally.Contacts != 2 {
		t.Fatalf("the header says %d contacts today after my 2: an older read's answer won", m.tally.Contacts)
	}
}
