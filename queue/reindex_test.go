package queue

import (
	"math/rand/v2"
	"testing"
)

// TestReindexFollowsLeads: rows ranked before a merge that moved orders still name their
// orders after Reindex, and a grouped row still names its lead: GroupOf counts each lead's
// group as before. A group whose lead left is led, until the re-rank, by its first order
// still there.
func TestReindexFollowsLeads(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	now := at("15:00")
	s := groupingSnapshot(rng, 400, now)
	s.LayOut()
	MarkDuplicates(s)
	in := Input{Snap: s, Config: testConfig(), Now: now, Me: -1}
	var r Ranker
	rows := append([]Row(nil), r.Rank(in)...)
	if r.Grouped < 2 {
		t.Fatalf("only %d grouped rows: the test needs groups", r.Grouped)
	}
	keys := make([]OrderKey, len(s.Orders))
	for i := range s.Orders {
		keys[i] = s.Orders[i].Key()
	}
	groups := map[OrderKey]int{} // each lead's group size before the merge
	var gone OrderKey            // a lead with a group, paid
	for i := range rows {
		if n, _ := GroupOf(rows, i, s); n > 0 {
			groups[keys[rows[i].Order]] = n
			if gone == (OrderKey{}) && n > 1 {
				gone = keys[rows[i].Order]
			}
		}
	}
	lead := s.Orders[rows[0].Order] // (any order: its fields are those of an order the store has)
	for i := range s.Orders {
		if s.Orders[i].Key() == gone {
			lead = s.Orders[i]
		}
	}
	// A new buyer's order older than all the others comes first: every order moves down one.
	older := s.Orders[0]
	older.ID, older.Created = "older", s.Orders[0].Created-60
	ch := &Changes{Seq: 2, Orders: []Changed{
		{Order: older, Buyer: Buyer{Nick: "新买家"}},
		{Order: lead, Status: StatusPaid, Buyer: s.Buyers[lead.Buyer]},
	}}
	leadOf := map[OrderKey]OrderKey{} // each grouped order's lead, before the merge
	for _, row := range rows {
		if row.Section() == SectionGrouped {
			leadOf[keys[row.Order]] = keys[row.Lead()]
		}
	}
	_, _, moved := s.MergeMoved(ch)
	if moved == nil {
		t.Fatal("no order moved")
	}
	at := map[OrderKey]int32{}
	for i := range s.Orders {
		at[s.Orders[i].Key()] = int32(i)
	}
	rows = Reindex(rows, moved)
	head := map[OrderKey]int32{} // a group whose lead left: its first order still there
	for i, row := range rows {
		k := s.Orders[row.Order].Key()
		if row.Section() != SectionGrouped {
			if n, _ := GroupOf(rows, i, s); n != groups[k] {
				t.Errorf("row %d (%s): a group of %d after the merge, want %d", i, k.ID, n, groups[k])
			}
			continue
		}
		want, ok := at[leadOf[k]]
		if !ok {
			if _, seen := head[leadOf[k]]; !seen {
				head[leadOf[k]] = row.Order
			}
			want = head[leadOf[k]]
		}
		if row.Lead() != want {
			t.Errorf("row %d (%s) is grouped under order %d, want %d", i, k.ID, row.Lead(), want)
		}
	}
	if len(head) != 1 {
		t.Errorf("%d groups lost their lead, want 1", len(head))
	}
}
