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

func TestDuplicatesCompareItems(t *testing.T) {
	sofa, pillow := ItemLine{ID: "SKU-1", Title: "北欧布艺沙发", Quantity: 1}, ItemLine{Title: "抱枕", Quantity: 2}
	sig := func(ls ...ItemLine) uint16 { return ItemsSignature(ls) }
	t0 := at("10:00").Unix()
	tests := []struct {
		name         string
		first, later Order
		dup          bool
	}{
		{"same items in another order", Order{Items: sig(sofa, pillow), Title: "北欧布艺沙发", Amount: 30000},
			Order{Items: sig(pillow, sofa), Title: "抱枕", Amount: 29000}, true},
		{"same titles, other quantities", Order{Items: sig(pillow), Title: "抱枕", Amount: 6000},
			Order{Items: sig(ItemLine{Title: "抱枕", Quantity: 3}), Title: "抱枕", Amount: 6000}, false},
		{"same id, another title", Order{Items: sig(sofa)}, Order{Items: sig(ItemLine{ID: "SKU-1", Title: "沙发 三人位", Quantity: 1})}, true},
		{"other items, same title and amount", Order{Items: sig(sofa), Title: "沙发", Amount: 100},
			Order{Items: sig(pillow), Title: "沙发", Amount: 100}, false},
		{"signatures not known: title and amount", Order{Title: "沙发", Amount: 100}, Order{Title: "沙发", Amount: 100}, true},
	}
	for _, tt := range tests {
		s := &Snapshot{Buyers: []Buyer{{Nick: "甲"}}}
		tt.first.ID, tt.first.Created = "1", t0
		tt.later.ID, tt.later.Created = "2", t0+300
		s.Orders = []Order{tt.first, tt.later}
		MarkDuplicates(s)
		if got := s.Orders[1].Flags&FlagDuplicate != 0; got != tt.dup || s.Orders[0].Flags&FlagDuplicate != 0 {
			t.Errorf("%s: later flagged %v, want %v (first %v)", tt.name, got, tt.dup, s.Orders[0].Flags)
		}
	}
	if sig(sofa, pillow) == 0 || sig(sofa) == sig(pillow) {
		t.Fatal("signatures")
	}
}
