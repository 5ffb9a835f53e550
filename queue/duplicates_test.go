package queue

import "testing"

// TestMergeUnflagsTheOrderAMovedOrderLeaves: when the earlier of two look-alike orders moves
// to another buyer, the later one is no longer a duplicate.
func TestMergeUnflagsTheOrderAMovedOrderLeaves(t *testing.T) {
	t0 := at("10:00").Unix()
	s := &Snapshot{
		Buyers: []Buyer{{Nick: "甲"}},
		Orders: []Order{
			{ID: "1", Title: "沙发", Amount: 20000, Created: t0, Buyer: 0, Platform: PlatformTaobao},
			{ID: "2", Title: "沙发", Amount: 20000, Created: t0 + 300, Buyer: 0, Platform: PlatformTaobao},
		},
	}
	MarkDuplicates(s)
	if s.Orders[1].Flags&FlagDuplicate == 0 {
		t.Fatal("the later look-alike order is not flagged")
	}
	moved := s.Orders[0]
	s.Merge(&Changes{Seq: 1, Orders: []Changed{{Order: moved, Buyer: Buyer{Nick: "乙"}}}})
	for i := range s.Orders {
		if s.Orders[i].Flags&FlagDuplicate != 0 {
			t.Fatalf("order %s still flagged after its partner moved to another buyer", s.Orders[i].ID)
		}
	}
}
