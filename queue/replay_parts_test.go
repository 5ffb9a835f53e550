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
			open := make([]uint8, len(h.Buyers))
			for _, o := range got.Orders {
				open[o.Buyer]++
			}
			for b := range open {
				if got.Buyers[b].Open != open[b] {
					t.Fatalf("seed %d, at %d: buyer %d has %d open orders in the queue, Open says %d", seed, t0, b, open[b], got.Buyers[b].Open)
				}
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

// TestAuditTakesTheBuyerAsTheUnit: the past queue groups a buyer's open orders as the live
// one does, so a contact on an order grouped under its buyer's urgent lead skipped nothing
// (the buyer was contacted), nor did the group touch the contact on the lead logged on the
// buyer's other order; a contact on another buyer's order while that lead waited did skip
// it, and is flagged once, not again on its group touch. Before, the replay ranked every
// order alone and blamed the first two.
func TestAuditTakesTheBuyerAsTheUnit(t *testing.T) {
	cfg := testConfig()
	key := func(id string) OrderKey { return OrderKey{PlatformTaobao, id} }
	h := &History{
		Orders: []PastOrder{
			{Order: Order{Platform: PlatformTaobao, ID: "lead", Amount: 90000, Created: at("13:00").Unix(), Buyer: 0, Agent: -1}},
			{Order: Order{Platform: PlatformTaobao, ID: "other", Amount: 5000, Created: at("14:45").Unix(), Buyer: 0, Agent: -1}},
			{Order: Order{Platform: PlatformTaobao, ID: "stranger", Amount: 5000, Created: at("14:45").Unix(), Buyer: 1, Agent: -1}},
			{Order: Order{Platform: PlatformTaobao, ID: "stranger2", Amount: 5000, Created: at("14:50").Unix(), Buyer: 1, Agent: -1}},
		},
		Buyers: []Buyer{{Nick: "a", Phone: "13800000001"}, {Nick: "b", Phone: "13800000002"}},
	}
	contact := func(id int64, hhmm, order string) Event {
		return Event{ID: id, At: at(hhmm).Unix(), Operator: "小美", Kind: EventContact, Order: key(order), Channel: ChannelIM, Result: ResultSent}
	}
	onGroup := contact(1, "15:00", "other")
	touch, _ := GroupTouch(&onGroup, key("lead"))
	touch.ID = 2
	onLead := contact(3, "15:10", "lead")
	leadTouch, _ := GroupTouch(&onLead, key("other"))
	leadTouch.ID = 4
	early := contact(5, "14:58", "stranger")
	earlyTouch, _ := GroupTouch(&early, key("stranger2"))
	earlyTouch.ID = 6
	h.Events = []Event{onGroup, touch, onLead, leadTouch, early, earlyTouch}
	past := newPastQueue(h, cfg)
	if snap := past.at(at("14:59").Unix()); snap.Buyers[0].Open != 2 {
		t.Fatalf("the buyer has %d open orders in the past queue, want 2", snap.Buyers[0].Open)
	}
	flags, skipped := h.Audit(cfg)
	for i, name := range []string{"the contact on the grouped order", "its group touch", "the contact on the lead", "its group touch"} {
		if flags[i]&FlagSkippedUrgent != 0 {
			t.Errorf("%s is flagged as skipping %v", name, skipped[i])
		}
	}
	if flags[4]&FlagSkippedUrgent == 0 || skipped[4] != key("lead") {
		t.Errorf("the contact on another buyer's order: %v, skipped %v; want it to skip lead", FlagWords(flags[4], LangEN), skipped[4])
	}
	if flags[5] != 0 {
		t.Errorf("the group touch of that contact is flagged too (%v): one decision, one flag", FlagWords(flags[5], LangEN))
	}
}
