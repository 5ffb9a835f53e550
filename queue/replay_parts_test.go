package queue

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// randomHistory makes a day of n orders over a few buyers, learned, paid and closed at
// random moments, and a log of contacts (with outcomes minutes later, some in the same
// second as another contact), snoozes, claims and revocations.
func randomHistory(rng *rand.Rand, n, events int) *History {
	day := at("00:00").Unix()
	h := &History{Operators: []string{"小美"}}
	for b := 0; b < n/3+1; b++ {
		h.Buyers = append(h.Buyers, Buyer{Nick: "买家" + strconv.Itoa(b), Phone: "1380000" + strconv.Itoa(1000+b)})
	}
	for i := 0; i < n; i++ {
		created := day + rng.Int64N(86400)
		p := PastOrder{Order: Order{Platform: PlatformTaobao, ID: strconv.Itoa(i), Amount: Fen(1000 + rng.IntN(100_000)),
			Created: created, Buyer: int32(rng.IntN(len(h.Buyers))), Agent: int32(rng.IntN(2)) - 1}}
		if rng.IntN(3) == 0 {
			p.Learned = created + rng.Int64N(7200)
		}
		switch rng.IntN(4) {
		case 0:
			p.Status, p.PaidAt = StatusPaid, created+rng.Int64N(20000)
			if rng.IntN(2) == 0 {
				p.StatusLearned = p.PaidAt + rng.Int64N(3600)
			}
		case 1:
			p.Status = StatusClosed
			if rng.IntN(2) == 0 {
				p.StatusLearned = created + rng.Int64N(30000)
			} else {
				p.Order.Deadline = created + rng.Int64N(30000) // closed by the platform then
			}
		}
		h.Orders = append(h.Orders, p)
	}
	ops := []string{"小美", "阿杰", "婷婷", "新人"}
	results := []Result{ResultSent, ResultReplied, ResultPromised, ResultDeclined, ResultNoAnswer}
	for i := 0; i < events; i++ {
		o := h.Orders[rng.IntN(n)].Order
		e := Event{ID: int64(i + 1), At: day + 8*3600 + rng.Int64N(12*3600), Operator: ops[rng.IntN(len(ops))],
			Kind: EventContact, Order: o.Key(), Channel: Channel(rng.IntN(3)), Result: results[rng.IntN(len(results))]}
		switch k := rng.IntN(20); {
		case k == 0:
			e.Kind, e.Until = EventSnooze, e.At+3600
		case k == 1:
			e.Kind, e.Until = EventClaim, e.At+1800
		case k == 2 && i > 0:
			e.Kind, e.Revokes = EventRevoke, int64(rng.IntN(i)+1)
		case k < 6 && i > 0:
			e.At = h.Events[i-1].At // the same second as the one before
		}
		h.Events = append(h.Events, e)
		if e.Kind == EventContact && rng.IntN(3) == 0 { // the buyer's answer, minutes on
			h.Events = append(h.Events, Event{ID: int64(len(h.Events) + 1), At: e.At + rng.Int64N(900), Operator: e.Operator,
				Kind: EventContact, Order: e.Order, Channel: e.Channel, Result: ResultPromised})
		}
	}
	return h
}

// TestPastQueueChangesOnlyWhatChanged: the past queue, moved forward moment by moment (and
// so rewritten only from its first changed order on), holds at each moment exactly the
// orders the store knew of and did not know paid or closed, in the history's order, with the
// same contact state as a queue rebuilt at that moment alone.
func TestPastQueueChangesOnlyWhatChanged(t *testing.T) {
	cfg := testConfig()
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 18))
		h := randomHistory(rng, 60, 120)
		moving := newPastQueue(h, cfg)
		for t0 := at("00:00").Unix() - 60; t0 < at("23:59").Unix()+30000; t0 += rng.Int64N(1800) {
			got := moving.at(t0)
			var want []string
			for i := range h.Orders {
				if p := &h.Orders[i]; p.knownBy(t0) && !p.paidBy(t0) && !p.closedBy(t0, cfg) {
					want = append(want, p.Order.ID)
				}
			}
			var ids []string
			for _, o := range got.Orders {
				ids = append(ids, o.ID)
			}
			if !slices.Equal(ids, want) {
				t.Fatalf("seed %d, at %d: the queue holds %v, want %v", seed, t0, ids, want)
			}
			alone := newPastQueue(h, cfg).at(t0)
			for j := range got.Orders {
				if got.Orders[j] != alone.Orders[j] {
					t.Fatalf("seed %d, at %d: order %s is %+v moved forward, %+v rebuilt", seed, t0, got.Orders[j].ID, got.Orders[j].Contact, alone.Orders[j].Contact)
				}
			}
			if !slices.Equal(got.Buyers, alone.Buyers) {
				t.Fatalf("seed %d, at %d: the buyers differ moved forward and rebuilt", seed, t0)
			}
		}
	}
}

// TestAuditPartsAgree: the audit split over several parts flags every contact as one pass
// over the whole day does, also when contacts share a second across a part's edge. Silent
// orders rotate among a roster whose newest specialist appears in the log only in the day.
func TestAuditPartsAgree(t *testing.T) {
	cfg := testConfig()
	cfg.Roster.Operators = []string{"新人", "小美", "阿杰"}
	flagged := 0
	for seed := uint64(1); seed <= 20; seed++ {
		h := randomHistory(rand.New(rand.NewPCG(seed, 15)), 80, 150)
		one, oneSkipped := h.audit(cfg, func(int) int { return 1 })
		for _, w := range []int{2, 3, 7} {
			flags, skipped := h.audit(cfg, func(int) int { return w })
			for i := range flags {
				if flags[i] != one[i] || skipped[i] != oneSkipped[i] {
					t.Fatalf("seed %d, %d parts: event %d (%+v) flagged %v %v, in one part %v %v", seed, w, i, h.Events[i],
						FlagWords(flags[i], LangEN), skipped[i], FlagWords(one[i], LangEN), oneSkipped[i])
				}
			}
		}
		for _, f := range one {
			if f&(FlagSkippedUrgent|FlagOverCap) != 0 {
				flagged++
			}
		}
	}
	if flagged == 0 {
		t.Fatal("no contact was flagged: the histories test nothing")
	}
}
