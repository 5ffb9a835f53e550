package queue

import (
	"slices"
	"sync"
	"testing"
)

// A change made on a clone leaves the original as it was: orders, buyers, operators, the
// blacklist and the ranking's phone cache, so that workstations still reading the original
// see no write (go test -race checks the reads below).
func TestCloneSharesNothingAChangeWrites(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := benchSnapshot(2000, now)
	s.Blacklist = Blacklist{"buyer7": "刷单"}
	s.ApplyBlacklist()
	s.Prepare(cfg)
	before := s.Clone()
	var r Ranker
	want := slices.Clone(r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0}))

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a reader of the original while the clone is changed
		defer wg.Done()
		var r Ranker
		if got := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0}); !slices.Equal(got, want) {
			t.Error("the original ranks differently while its clone is changed")
		}
	}()
	c := s.Clone()
	gone := c.Orders[0]
	gone.Contact.Closed = true
	changed := c.Orders[1]
	for i := range c.Orders[1:] {
		if s.phoneOK[c.Orders[1+i].Buyer] {
			changed = c.Orders[1+i] // its buyer's number goes: the phone cache changes
			break
		}
	}
	changed.Contact.Touches = 9
	noPhone := s.Buyers[changed.Buyer]
	noPhone.Phone = ""
	newBuyer := Buyer{Nick: "新买家", Phone: "13900000000"}
	c.Merge(&Changes{Seq: 5, Blacklist: Blacklist{"buyer8": "骚扰"}, Orders: []Changed{
		{Order: gone, Status: StatusPaid, Buyer: s.Buyers[gone.Buyer]},
		{Order: changed, Buyer: noPhone, Claim: "新人"},
		{Order: Order{ID: "new", Platform: PlatformTaobao, Created: now.Unix()}, Buyer: newBuyer},
	}})
	c.OperatorIndex("又一个新人")
	wg.Wait()

	if !slices.Equal(s.Orders, before.Orders) || !slices.Equal(s.Buyers, before.Buyers) ||
		!slices.Equal(s.Operators, before.Operators) || len(s.Blacklist) != 1 || !slices.Equal(s.phoneOK, before.phoneOK) {
		t.Fatal("a change to the clone reached the original")
	}
	if len(c.Orders) != len(s.Orders) || len(c.Buyers) != len(s.Buyers)+1 || len(c.Operators) != len(s.Operators)+2 {
		t.Errorf("the clone did not take the change: %d orders, %d buyers, %d operators", len(c.Orders), len(c.Buyers), len(c.Operators))
	}
	if got := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0}); !slices.Equal(got, want) {
		t.Error("the original ranks differently after its clone changed")
	}
}

// RankInto ranks as Rank does, into the caller's memory, and leaves the Ranker's own rows
// alone; LookupOperator finds a name without adding it.
func TestRankIntoAndLookupOperator(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := benchBuyerSnapshot(3000, now)
	var a, b Ranker
	want := slices.Clone(a.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 1}))
	buf := make([]Row, 0, 10)
	got := b.RankInto(Input{Snap: s, Config: cfg, Now: now, Me: 1}, buf)
	if !slices.Equal(got, want) {
		t.Fatal("RankInto ranks differently from Rank")
	}
	mine := make([]Row, len(s.Orders))
	got = b.RankInto(Input{Snap: s, Config: cfg, Now: now, Me: 1}, mine)
	if &got[0] != &mine[0] || !slices.Equal(got, want) {
		t.Error("RankInto did not write into the memory it was given")
	}
	if again := b.RankInto(Input{Snap: s, Config: cfg, Now: now, Me: 2}, nil); &again[0] == &mine[0] {
		t.Error("a later RankInto wrote into the rows an earlier one returned")
	}
	if i := s.LookupOperator("阿杰"); i != 1 {
		t.Errorf("LookupOperator(阿杰) = %d, want 1", i)
	}
	n := len(s.Operators)
	if i := s.LookupOperator("没来过"); i != -1 || len(s.Operators) != n {
		t.Errorf("LookupOperator of a new name = %d and %d operators, want -1 and %d", i, len(s.Operators), n)
	}
}

// MergeMoved says where the orders went, and Reindex makes rows ranked before the merge
// point at the same orders after it, dropping those that left.
func TestMergeMovedAndReindex(t *testing.T) {
	s := &Snapshot{Buyers: []Buyer{{Nick: "甲"}, {Nick: "乙"}}}
	for i, id := range []string{"a", "b", "c", "d", "e"} {
		s.Orders = append(s.Orders, Order{ID: id, Buyer: int32(i % 2), Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}})
	}
	rows := []Row{{Order: 4}, {Order: 1}, {Order: 3}, {Order: 0}, {Order: 2}} // e b d a c
	paid := func(i int) Changed {
		return Changed{Order: s.Orders[i], Status: StatusPaid, Buyer: s.Buyers[s.Orders[i].Buyer]}
	}
	_, left, moved := s.MergeMoved(&Changes{Seq: 2, Orders: []Changed{paid(3), paid(1)}})
	if !slices.Equal(moved, []int32{0, -1, 1, -1, 2}) || len(left) != 2 {
		t.Fatalf("moved %v, left %d; want [0 -1 1 -1 2] and 2", moved, len(left))
	}
	rows = Reindex(rows, moved)
	var ids []string
	for _, r := range rows {
		ids = append(ids, s.Orders[r.Order].ID)
	}
	if want := []string{"e", "a", "c"}; !slices.Equal(ids, want) {
		t.Errorf("rows after the merge show %v, want %v", ids, want)
	}
	if got := Reindex(rows, nil); len(got) != 3 {
		t.Errorf("Reindex with nothing moved changed the rows: %v", got)
	}
}
