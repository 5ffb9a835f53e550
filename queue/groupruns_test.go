package queue

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestGroupRunsRanksAsScattered: a laid out snapshot's buyers are grouped where their orders
// lie (groupRun, leadFirst), and the rows are exactly those of grouping them as if they lay
// apart (noteLeads, group, placeGroups), whatever the orders, their histories and the caps,
// on one core and on several. A snapshot not laid out is grouped the general way.
func TestGroupRunsRanksAsScattered(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		in := groupingInput(seed, 11)
		s, n := in.Snap, len(in.Snap.Orders)
		var scattered Ranker
		scattered.scattered = true
		want := append([]Row(nil), scattered.Rank(in)...)
		if scattered.inRuns {
			t.Fatal("a ranking told to group the general way grouped in runs")
		}
		// Not laid out: the same rows, the general way.
		var r Ranker
		if got := r.Rank(in); !sameRows(got, want) {
			t.Fatalf("seed %d: a snapshot in store order ranks otherwise than grouped the general way", seed)
		}
		if r.inRuns && scattered.Grouped > 0 {
			t.Fatalf("seed %d: a snapshot in store order was grouped in runs", seed)
		}
		s.LayOut()
		want = append(want[:0], scattered.Rank(in)...)
		r = Ranker{} // (it would rank the snapshot it found apart the general way from now on)
		got := r.Rank(in)
		if !r.inRuns && scattered.Grouped > 0 {
			t.Fatalf("seed %d: a laid out snapshot was not grouped in runs", seed)
		}
		if r.Due != scattered.Due || r.Grouped != scattered.Grouped || r.Upcoming != scattered.Upcoming || r.Blocked != scattered.Blocked {
			t.Fatalf("seed %d: sections %d/%d/%d/%d, want %d/%d/%d/%d", seed, r.Due, r.Grouped, r.Upcoming, r.Blocked,
				scattered.Due, scattered.Grouped, scattered.Upcoming, scattered.Blocked)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("seed %d (%d orders): row %d is %+v, want %+v", seed, n, i, got[i], want[i])
			}
		}
	}
}

// groupingInput is seed's random ranking (rng stream stream) of a groupingSnapshot: a
// thousand orders or so, or some tens of thousands (several workers) every tenth seed, at any
// time of the sale day, with a per-buyer cap, a daily cap, both or none, by a viewer or none.
func groupingInput(seed, stream uint64) Input {
	rng := rand.New(rand.NewPCG(seed, stream))
	now := at("15:00").Add(time.Duration(rng.IntN(86400)) * time.Second)
	n := 20 + rng.IntN(2000)
	if seed%10 == 0 {
		n = 30000 + rng.IntN(20000) // several workers
	}
	s := groupingSnapshot(rng, n, now)
	cfg := testConfig()
	switch seed % 4 {
	case 1:
		cfg.Caps.PerBuyer = 2
	case 2:
		cfg.Caps.PerBuyerDay = 1
	case 3:
		cfg.Caps.PerBuyer, cfg.Caps.PerBuyerDay = 3, 2
	}
	return Input{Snap: s, Config: cfg, Now: now, Me: int32(rng.IntN(3)) - 1}
}

func sameRows(a, b []Row) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// groupingSnapshot is n random orders of buyers with one to several of them, in no order:
// touched and not, callbacks, claims, suspicious receivers, due and not.
func groupingSnapshot(rng *rand.Rand, n int, now time.Time) *Snapshot {
	s := &Snapshot{Buyers: make([]Buyer, 1+n/3), Operators: []string{"小美", "阿杰", "婷婷"}}
	for i := range s.Buyers {
		s.Buyers[i] = Buyer{Nick: "b" + strconv.Itoa(i), Phone: "1380000" + strconv.Itoa(1000+i%9000), Paid: int32(rng.IntN(2))}
	}
	for i := 0; i < n; i++ {
		o := Order{ID: strconv.Itoa(i), Title: "t", Amount: Fen(1000 + rng.IntN(2000000)), Created: now.Unix() - int64(rng.IntN(3*86400)),
			Buyer: int32(rng.IntN(len(s.Buyers))), Agent: int32(rng.IntN(4)) - 1, Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}}
		if i > 0 && rng.IntN(8) == 0 {
			o.Created = s.Orders[rng.IntN(i)].Created // the same second as another
		}
		if rng.IntN(10) == 0 {
			o.Flags |= FlagReceiverMismatch
		}
		if rng.IntN(3) == 0 {
			o.Contact.Touches = uint8(rng.IntN(4))
			o.Contact.LastAt = now.Unix() - int64(rng.IntN(86400))
			o.Contact.LastChannel = Channel(1 + rng.IntN(3))
			o.Contact.Answered = rng.IntN(3) == 0
			if o.Contact.Touches > 0 && rng.IntN(4) == 0 {
				o.Contact.LastResult, o.Contact.Until = ResultPromised, now.Unix()+int64(rng.IntN(7200))-3600
			}
		}
		if rng.IntN(15) == 0 {
			o.Contact.ClaimBy, o.Contact.ClaimUntil = int32(rng.IntN(3)), uint32(now.Unix()+600)
		}
		if o.Contact.Touches > 0 {
			s.AddContact(o.Buyer, &Event{Kind: EventContact, At: o.Contact.LastAt, Channel: o.Contact.LastChannel}, false)
		}
		o.Contact.Closed = rng.IntN(20) == 0
		s.Orders = append(s.Orders, o)
	}
	MarkDuplicates(s)
	return s
}
