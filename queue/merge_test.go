package queue

import (
	"cmp"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// mergeModel is a store in small: its unpaid orders, each with its buyer's key, and its
// buyers' data and recent contacts. fresh loads a snapshot of it as the store would.
type mergeModel struct {
	orders   map[OrderKey]mergeOrder
	buyers   map[buyerOf]Buyer
	contacts map[buyerOf][]uint32
}

// buyerOf names a buyer as the store does: a nick on a platform.
type buyerOf struct {
	p    Platform
	nick string
}

type mergeOrder struct {
	o     Order // its Buyer is not set
	buyer buyerOf
}

// fresh is the model's snapshot as a full load makes it: buyers and orders in any order
// (rng's), laid out, duplicates marked.
func (m *mergeModel) fresh(rng *rand.Rand) *Snapshot {
	s := &Snapshot{Contacts: DayContacts{Loaded: true}}
	index := map[buyerOf]int32{}
	keys := sortedKeys(m.orders)
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	for _, k := range keys {
		mo := m.orders[k]
		b, ok := index[mo.buyer]
		if !ok {
			b = int32(len(s.Buyers))
			index[mo.buyer] = b
			s.Buyers = append(s.Buyers, m.buyers[mo.buyer])
			s.Contacts.Set(b, m.contacts[mo.buyer])
		}
		mo.o.Buyer = b
		s.Orders = append(s.Orders, mo.o)
	}
	s.LayOut()
	MarkDuplicates(s)
	return s
}

// mergeRound makes random changes to the model, as the store's changes since the last
// look: new orders of new and known buyers (some older than all of the buyer's), orders
// paid or closed (some a buyer's oldest), moved to another buyer, placed at another time,
// contacted, and buyers changed (which changes all of their orders).
func (m *mergeModel) mergeRound(rng *rand.Rand, seq int64) *Changes {
	times := func() int64 { return int64(1_700_000_000 + rng.IntN(6)*60) } // many orders at one second
	changed := map[OrderKey]Changed{}
	touch := func(k OrderKey) { changed[k] = Changed{Order: m.orders[k].o, Buyer: m.buyers[m.orders[k].buyer]} }
	someOrder := func() (OrderKey, bool) {
		if len(m.orders) == 0 {
			return OrderKey{}, false
		}
		keys := sortedKeys(m.orders)
		return keys[rng.IntN(len(keys))], true
	}
	oldest := func(b buyerOf) (OrderKey, bool) {
		var first *Order
		for _, mo := range m.orders {
			if mo.buyer == b && (first == nil || orderBefore(&mo.o, first) < 0) {
				first = &mo.o
			}
		}
		if first == nil {
			return OrderKey{}, false
		}
		return first.Key(), true
	}
	newBuyer := func(p Platform) buyerOf {
		b := buyerOf{p, "n" + strconv.Itoa(rng.IntN(1000))}
		if _, ok := m.buyers[b]; !ok {
			m.buyers[b] = Buyer{Nick: b.nick, Paid: int32(rng.IntN(3))}
		}
		return b
	}
	someBuyer := func(p Platform) buyerOf {
		var on []buyerOf
		for _, mo := range m.orders {
			if mo.buyer.p == p {
				on = append(on, mo.buyer)
			}
		}
		if len(on) == 0 || rng.IntN(4) == 0 {
			return newBuyer(p)
		}
		slices.SortFunc(on, func(a, b buyerOf) int { return cmp.Compare(a.nick, b.nick) }) // (one run a seed)
		return on[rng.IntN(len(on))]
	}
	for n := 1 + rng.IntN(6); n > 0; n-- {
		k, ok := someOrder()
		switch op := rng.IntN(7); {
		case op == 0 || !ok: // a new order, of a known buyer or a new one
			p := Platform(1 + rng.IntN(3))
			b := someBuyer(p)
			o := m.newOrder(rng, p, times())
			if first, ok := oldest(b); ok && rng.IntN(2) == 0 {
				o.Created = m.orders[first].o.Created - int64(rng.IntN(2))*60 // as old as the buyer's oldest, or older
			}
			m.orders[o.Key()] = mergeOrder{o, b}
			touch(o.Key())
		case op == 1: // paid or closed: any order, or a buyer's oldest
			if rng.IntN(2) == 0 {
				k, _ = oldest(m.orders[k].buyer)
			}
			c := Changed{Order: m.orders[k].o, Buyer: m.buyers[m.orders[k].buyer], Status: Status(1 + rng.IntN(2))}
			delete(m.orders, k)
			changed[k] = c
		case op == 2: // moved to another buyer of its platform
			mo := m.orders[k]
			mo.buyer = someBuyer(k.Platform)
			m.orders[k] = mo
			touch(k)
		case op == 3: // placed at another time
			mo := m.orders[k]
			mo.o.Created = times()
			m.orders[k] = mo
			touch(k)
		case op == 4: // contacted
			mo := m.orders[k]
			mo.o.Contact.Touches++
			m.orders[k] = mo
			touch(k)
		default: // the buyer changed, or was contacted (a group touch): each of their orders changes
			b := m.orders[k].buyer
			if op == 5 {
				u := m.buyers[b]
				u.Paid++
				m.buyers[b] = u
			} else {
				m.contacts[b] = append(m.contacts[b], uint32(1_700_100_000+rng.IntN(1000)))
				slices.Sort(m.contacts[b])
			}
			for k2, mo := range m.orders {
				if mo.buyer == b {
					touch(k2)
				}
			}
		}
	}
	ch := &Changes{Seq: seq, DayContacts: true}
	keys := sortedKeys(changed)
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	listed := map[buyerOf]bool{}
	for _, k := range keys {
		// Each change as the store has it now: the order's last state, its buyer's.
		c := changed[k]
		b := buyerOf{k.Platform, c.Buyer.Nick}
		if mo, ok := m.orders[k]; ok {
			c.Order, b = mo.o, mo.buyer
		}
		c.Buyer = m.buyers[b]
		ch.Orders = append(ch.Orders, c)
		if at := m.contacts[b]; len(at) > 0 && !listed[b] {
			listed[b] = true
			ch.Contacts = append(ch.Contacts, BuyerContacts{Platform: b.p, Nick: b.nick, At: slices.Clone(at)})
		}
	}
	return ch
}

// sortedKeys returns the keys of m in one order, so that a seed makes one run of a test
// (a map's own order is random).
func sortedKeys[V any](m map[OrderKey]V) []OrderKey {
	return slices.SortedFunc(maps.Keys(m), func(a, b OrderKey) int {
		return cmp.Or(cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.ID, b.ID))
	})
}

// newOrder is a new unpaid order on platform p placed at created: some order numbers are
// on two platforms, and some items and shipping repeat, so duplicates are marked.
func (m *mergeModel) newOrder(rng *rand.Rand, p Platform, created int64) Order {
	for {
		o := Order{ID: strconv.Itoa(100 + rng.IntN(400)), Platform: p, Created: created, Items: uint16(1 + rng.IntN(2)),
			Amount: Fen(100 * (1 + rng.IntN(3))), Agent: -1, Contact: ContactState{ClaimBy: -1}}
		if rng.IntN(2) == 0 {
			o.Flags |= FlagShipping
		}
		if _, ok := m.orders[o.Key()]; !ok {
			return o
		}
	}
}

// TestMergeKeepsTheLayout: whatever changes come, a merged snapshot holds its orders in the
// order a full load of the same orders lays them out (LayOut), each with its own buyer's
// data and contacts and the same flags; the buyers it had keep their numbers; Merge and
// MergeMoved agree; and Reindex makes rows ranked before the merge point at their orders,
// dropping those that left.
func TestMergeKeepsTheLayout(t *testing.T) {
	for seed := uint64(0); seed < 500; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		m := &mergeModel{orders: map[OrderKey]mergeOrder{}, buyers: map[buyerOf]Buyer{}, contacts: map[buyerOf][]uint32{}}
		for nb := 1 + rng.IntN(8); nb > 0; nb-- {
			b := buyerOf{Platform(1 + rng.IntN(3)), "b" + strconv.Itoa(rng.IntN(6))} // one nick on two platforms is two buyers
			m.buyers[b] = Buyer{Nick: b.nick, Paid: int32(rng.IntN(3))}
			if rng.IntN(2) == 0 {
				m.contacts[b] = []uint32{uint32(1_700_000_000 + rng.IntN(100))}
			}
			for k := 1 + rng.IntN(4); k > 0; k-- {
				o := m.newOrder(rng, b.p, int64(1_700_000_000+rng.IntN(6)*60))
				m.orders[o.Key()] = mergeOrder{o, b}
			}
		}
		s := m.fresh(rng)
		for round := int64(1); round <= 4; round++ {
			nicks := make([]string, len(s.Buyers)) // the buyers the snapshot had, by number
			for i := range s.Buyers {
				nicks[i] = s.Buyers[i].Nick
			}
			rows := make([]Row, len(s.Orders)) // a ranking's rows: every order, in any order
			for i, j := range rng.Perm(len(s.Orders)) {
				rows[i].Order = int32(j)
			}
			var want []OrderKey // the rows' orders, then those that stay
			for _, r := range rows {
				want = append(want, s.Orders[r.Order].Key())
			}
			ch := m.mergeRound(rng, round)
			want = slices.DeleteFunc(want, func(k OrderKey) bool { _, ok := m.orders[k]; return !ok })
			other := s.Clone()
			other.Merge(ch)
			_, _, moved := s.MergeMoved(ch)
			f := m.fresh(rng)
			if len(s.Orders) != len(f.Orders) {
				t.Fatalf("seed %d round %d: %d orders after the merge, want %d", seed, round, len(s.Orders), len(f.Orders))
			}
			for i := range s.Orders {
				x, y := s.Orders[i], f.Orders[i]
				if x.Key() != y.Key() {
					t.Fatalf("seed %d round %d: order %d is %v after the merge, want %v (the layout of a full load)", seed, round, i, x.Key(), y.Key())
				}
				if other.Orders[i].Key() != x.Key() {
					t.Fatalf("seed %d round %d: Merge and MergeMoved put %v and %v at %d", seed, round, other.Orders[i].Key(), x.Key(), i)
				}
				if xb, yb := s.Buyers[x.Buyer], f.Buyers[y.Buyer]; xb != yb {
					t.Fatalf("seed %d round %d: order %v has buyer %+v, want %+v", seed, round, x.Key(), xb, yb)
				}
				if xc, yc := s.BuyerContacts(x.Buyer), f.BuyerContacts(y.Buyer); !slices.Equal(xc, yc) {
					t.Fatalf("seed %d round %d: order %v's buyer has contacts %v, want %v", seed, round, x.Key(), xc, yc)
				}
				x.Buyer, y.Buyer = 0, 0
				if x != y {
					t.Fatalf("seed %d round %d: order %d is\n%+v after the merge, want\n%+v", seed, round, i, x, y)
				}
			}
			for i, n := range nicks {
				if s.Buyers[i].Nick != n {
					t.Fatalf("seed %d round %d: buyer %d is %s after the merge, was %s", seed, round, i, s.Buyers[i].Nick, n)
				}
			}
			var got []OrderKey
			for _, r := range Reindex(rows, moved) {
				got = append(got, s.Orders[r.Order].Key())
			}
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d round %d: the rows show %v after Reindex, want %v", seed, round, got, want)
			}
		}
	}
}

// benchChanges is a live queue's look at the store between two rankings on a sale day: a
// hundred orders contacted, ten paid, ten new orders of buyers it has and ten of new ones.
func benchChanges(s *Snapshot) *Changes {
	ch := &Changes{Seq: s.Seq + 1}
	n := len(s.Orders)
	order := func(i int, st Status) Changed {
		o := s.Orders[i]
		o.Contact.Touches++
		o.Contact.LastAt = o.Created + 60
		return Changed{Order: o, Status: st, Buyer: s.Buyers[o.Buyer], Agent: s.Operator(o.Agent)}
	}
	for i := 0; i < 100; i++ {
		ch.Orders = append(ch.Orders, order(i*(n/100), StatusUnpaid))
	}
	for i := 0; i < 10; i++ {
		ch.Orders = append(ch.Orders, order(i*(n/10)+n/20, StatusPaid))
	}
	for i := 0; i < 20; i++ {
		c := order(i*(n/20)+n/40, StatusUnpaid)
		c.Order.ID = "new" + strconv.Itoa(i)
		c.Order.Created -= 600
		if i%2 == 1 {
			c.Buyer = Buyer{Nick: "new buyer " + strconv.Itoa(i)}
		}
		ch.Orders = append(ch.Orders, c)
	}
	return ch
}

// BenchmarkMerge is what merging one look's changes (benchChanges) costs a queue of a
// million orders, as a workstation merges them (MergeGone, which says where the orders
// went) and as the shared queue and the snapshot file do (Merge).
func BenchmarkMerge(b *testing.B) {
	s := benchBuyerSnapshot(benchN(), at("15:00"))
	ch := benchChanges(s)
	for _, gone := range []bool{false, true} {
		b.Run("moved="+strconv.FormatBool(gone), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				c := s.Clone()
				c.Orders = slices.Grow(c.Orders, 1000) // the room a live queue's earlier merges left
				b.StartTimer()
				if gone {
					c.MergeMoved(ch)
				} else {
					c.Merge(ch)
				}
			}
		})
	}
}
