package ui

import (
	"strings"
	"testing"

	"cuifu/queue"
)

// TestAMergeKeepsTheGroupsOnScreen: a merge that moves every order (a new buyer's order older
// than all comes first) keeps each lead's group on its row (+1单) until the re-rank: the rows
// on screen follow their orders, and their leads.
func TestAMergeKeepsTheGroupsOnScreen(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	for _, o := range st.snap.Orders { // every order is open: buyers with two are grouped
		st.snap.Buyers[o.Buyer].Open++
	}
	st.snap.LayOut() // as the store hands it out, so a merge keeps it laid out
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 2, snap: st.snap})
	settle(m, cmd)
	before := strings.Count(screen(m), "+1单")
	if before == 0 {
		t.Fatalf("the test snapshot has no grouped buyer:\n%s", screen(m))
	}
	older := m.snap.Orders[0]
	older.ID, older.Created = "990", older.Created-60
	ch := &queue.Changes{Seq: m.snap.Seq + 1, Orders: []queue.Changed{{Order: older, Buyer: queue.Buyer{Nick: "新来的买家"}}}}
	m.Update(changesMsg{gen: m.gen, version: 3, ch: ch}) // (the re-rank it asks for is not run)
	if m.snap.Orders[0].ID != "990" {
		t.Fatalf("the older order is at %q, not first", m.snap.Orders[0].ID)
	}
	if after := strings.Count(screen(m), "+1单"); after != before {
		t.Fatalf("after the merge %d groups on screen, want %d:\n%s", after, before, screen(m))
	}
}
