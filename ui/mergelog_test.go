package ui

import (
	"testing"

	"cuifu/queue"
)

// TestALoggedContactFollowsItsOrderThroughAMerge: a colleague's import lands while my contact
// is on its way to the store and moves the orders (an older order now comes first). When the
// store answers, my contact is applied in memory to the order where it now lies, at once,
// not a second later with the store's next change.
func TestALoggedContactFollowsItsOrderThroughAMerge(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	st.snap.LayOut() // as the store hands it out, so a merge keeps it laid out
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 2, snap: st.snap})
	settle(m, cmd)
	_, first := m.current()
	key := first.Key()
	cmds := press(m, "a", "s") // the log is sent, not yet answered
	older := m.snap.Orders[0]
	older.ID, older.Created = "990", older.Created-60
	ch := &queue.Changes{Seq: m.snap.Seq + 1, Orders: []queue.Changed{{Order: older, Buyer: queue.Buyer{Nick: "新来的买家"}}}}
	_, cmd = m.Update(changesMsg{gen: m.gen, version: 3, ch: ch})
	for _, msg := range runCmd(cmd) { // the re-rank after the merge, before the store answers
		if _, ok := msg.(listedMsg); ok {
			m.Update(msg)
		}
	}
	if m.listing {
		t.Fatal("the re-rank after the merge did not end")
	}
	if m.snap.Orders[0].ID != "990" {
		t.Fatalf("the older order is at %q, not first: the merge moved nothing", m.snap.Orders[0].ID)
	}
	for _, msg := range runCmd(cmds[1]) {
		if _, ok := msg.(loggedMsg); ok {
			m.Update(msg) // (the re-rank it asks for is not run: the contact is in memory at once)
		}
	}
	if len(st.events) != 1 {
		t.Fatalf("events logged: %+v", st.events)
	}
	for i := range m.snap.Orders {
		if o := &m.snap.Orders[i]; o.Key() == key && o.Contact.Touches != 1 {
			t.Fatalf("the contact was not applied to the order where it now lies: %+v", o.Contact)
		}
	}
}
