package queue

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// layoutSnapshot is a small random snapshot: n orders of a few buyers on two platforms, in
// no particular order, with some orders at the same second and some buyers with contacts.
func layoutSnapshot(rng *rand.Rand, n int) *Snapshot {
	s := &Snapshot{Buyers: make([]Buyer, 1+rng.IntN(n))}
	for i := range s.Buyers {
		s.Buyers[i].Nick = "b" + strconv.Itoa(i)
	}
	plat := make([]Platform, len(s.Buyers))
	for i := range plat {
		plat[i] = Platform(rng.IntN(2))
	}
	for i := 0; i < n; i++ {
		b := int32(rng.IntN(len(s.Buyers)))
		s.Orders = append(s.Orders, Order{ID: strconv.Itoa(rng.IntN(1000)*1000 + i), Buyer: b, Platform: plat[b],
			Created: int64(1_700_000_000 + rng.IntN(20)*60)})
	}
	for b := range s.Buyers {
		if rng.IntN(3) == 0 {
			s.AddContact(int32(b), &Event{Kind: EventContact, At: int64(1_700_000_000 + b)}, false)
		}
	}
	s.CountOpen()
	return s
}

// TestLayOutIsCanonical: whatever order the orders come in, LayOut puts them in one order,
// each buyer's together and oldest first, the buyers numbered as their orders come, every
// order with its own buyer and every buyer with their own contacts.
func TestLayOutIsCanonical(t *testing.T) {
	for seed := uint64(0); seed < 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		s := layoutSnapshot(rng, 1+rng.IntN(40))
		type fact struct {
			nick     string
			contacts []uint32
		}
		want := map[string]fact{} // order ID → its buyer's nick and contacts
		for _, o := range s.Orders {
			want[o.ID] = fact{s.Buyers[o.Buyer].Nick, slices.Clone(s.BuyerContacts(o.Buyer))}
		}
		shuffled := s.Clone()
		rng.Shuffle(len(shuffled.Orders), func(i, j int) { shuffled.Orders[i], shuffled.Orders[j] = shuffled.Orders[j], shuffled.Orders[i] })
		s.LayOut()
		shuffled.LayOut()
		next := int32(0)
		for i, o := range s.Orders {
			if got := want[o.ID]; got.nick != s.Buyers[o.Buyer].Nick || !slices.Equal(got.contacts, s.BuyerContacts(o.Buyer)) {
				t.Fatalf("seed %d: order %s has buyer %s %v after LayOut, want %s %v", seed, o.ID, s.Buyers[o.Buyer].Nick, s.BuyerContacts(o.Buyer), got.nick, got.contacts)
			}
			if i > 0 && o.Buyer == s.Orders[i-1].Buyer {
				if orderBefore(&s.Orders[i-1], &o) >= 0 {
					t.Fatalf("seed %d: buyer %d's orders %s, %s not oldest first", seed, o.Buyer, s.Orders[i-1].ID, o.ID)
				}
				continue
			}
			if o.Buyer != next {
				t.Fatalf("seed %d: order %d has buyer %d, want the next buyer %d (a buyer's orders together, buyers numbered as they come)", seed, i, o.Buyer, next)
			}
			if i > 0 && orderBefore(&s.Orders[s.firstOf(i-1)], &o) >= 0 {
				t.Fatalf("seed %d: buyer %d comes after a buyer whose oldest order is newer", seed, o.Buyer)
			}
			next++
		}
		for i := range s.Orders {
			if s.Orders[i].ID != shuffled.Orders[i].ID {
				t.Fatalf("seed %d: the layout depends on the order the orders came in: %s, %s at %d", seed, s.Orders[i].ID, shuffled.Orders[i].ID, i)
			}
		}
	}
}

// firstOf returns the index of the first order of order i's buyer's run.
func (s *Snapshot) firstOf(i int) int {
	for i > 0 && s.Orders[i-1].Buyer == s.Orders[i].Buyer {
		i--
	}
	return i
}

// BenchmarkLayOut is what laying out costs a full load of a million orders.
func BenchmarkLayOut(b *testing.B) {
	s := benchBuyerSnapshot(benchN(), at("15:00"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := s.Clone()
		b.StartTimer()
		c.LayOut()
	}
}
