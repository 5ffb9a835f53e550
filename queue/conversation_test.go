package queue

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// step is one contact of a test's log: who, through which channel, what, and minutes after
// the first.
type step struct {
	op  string
	ch  Channel
	r   Result
	min int
}

// logSteps folds steps into order 0 of s as the store does, from 10:00 on the sale day, and
// returns the events.
func logSteps(s *Snapshot, steps []step) []Event {
	base := at("10:00").Unix()
	var evs []Event
	for i, st := range steps {
		e := Event{ID: int64(i + 1), Kind: EventContact, At: base + int64(st.min)*60, Operator: st.op, Order: s.Orders[0].Key(),
			Channel: st.ch, Result: st.r}
		if st.r == ResultPromised {
			e.Until = e.At + 24*3600
		}
		s.AddContact(s.Orders[0].Buyer, &e, s.Orders[0].Contact.Apply(&e, s.OperatorIndex(e.Operator)))
		evs = append(evs, e)
	}
	return evs
}

// TestAnOutcomeJoinsItsAttempt: an outcome the same specialist logs within ten minutes of
// their attempt, on its channel, is that contact: no second touch.
func TestAnOutcomeJoinsItsAttempt(t *testing.T) {
	const day = 24 * 60
	tests := []struct {
		name    string
		steps   []step
		touches uint8
	}{
		{"sent, promised 4 min later", []step{{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultPromised, 4}}, 1},
		{"sent, promised 11 min later", []step{{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultPromised, 11}}, 2},
		{"sent, promised 9 min later", []step{{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultPromised, 9}}, 1},
		{"a colleague's outcome", []step{{"小美", ChannelIM, ResultSent, 0}, {"阿杰", ChannelIM, ResultPromised, 4}}, 2},
		{"an outcome on another channel", []step{{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelSMS, ResultDeclined, 4}}, 2},
		{"a second attempt", []step{{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultReplied, 4}}, 2},
		{"a second outcome", []step{{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultPromised, 2}, {"小美", ChannelIM, ResultDeclined, 4}}, 2},
		{"a call and its claim of payment", []step{{"小美", ChannelPhone, ResultNoAnswer, 0}, {"小美", ChannelPhone, ResultClaimedPaid, 3}}, 1},
		{"two conversations a day apart", []step{
			{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultPromised, 4},
			{"小美", ChannelIM, ResultSent, day}, {"小美", ChannelIM, ResultDeclined, day + 5}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(at("09:00"), 20000, nil)
			evs := logSteps(s, tt.steps)
			c := &s.Orders[0].Contact
			if c.Touches != tt.touches {
				t.Fatalf("touches = %d, want %d", c.Touches, tt.touches)
			}
			// The state still moves on with the outcome: its result, its time, its callback.
			last := evs[len(evs)-1]
			if c.LastResult != last.Result || c.LastAt != last.At || c.Answered != last.Result.Answered() {
				t.Fatalf("state %+v after %+v", c, last)
			}
			if last.Result == ResultPromised && c.Until != last.Until {
				t.Fatalf("callback %d, want %d", c.Until, last.Until)
			}
			// The log's readers count what the fold counts.
			open := Openers(evs)
			own := 0
			for i := range open {
				if open[i] == i {
					own++
				}
			}
			if own != int(tt.touches) || len(s.BuyerContacts(0)) != int(tt.touches) {
				t.Fatalf("contacts of their own %d, the buyer's contacts %v, want %d", own, s.BuyerContacts(0), tt.touches)
			}
		})
	}
}

// TestConversationsStayUnderTheCap: two conversations of an attempt and its outcome are two
// contacts, so the cap of 3 still allows a third, and a buyer cap of 3 too.
func TestConversationsStayUnderTheCap(t *testing.T) {
	cfg := testConfig()
	cfg.Caps.PerBuyer = 3
	s := one(at("09:00").AddDate(0, 0, -3), 20000, nil)
	const day = 24 * 60
	logSteps(s, []step{
		{"小美", ChannelIM, ResultSent, -2 * day}, {"小美", ChannelIM, ResultDeclined, -2*day + 4},
		{"小美", ChannelIM, ResultSent, -day}, {"小美", ChannelIM, ResultPromised, -day + 4},
	})
	o := &s.Orders[0]
	if o.Contact.Touches != 2 || int(o.Contact.Touches) >= cfg.Cap(o) {
		t.Fatalf("touches %d, cap %d", o.Contact.Touches, cfg.Cap(o))
	}
	now := at("10:00")
	if b := cfg.Breaks(o, &s.Buyers[0], s.BuyerContacts(0), s.OperatorIndex("小美"), ChannelIM, ResultSent, now); slices.Contains(b, BreakOverCap) {
		t.Fatalf("a third contact breaks %q", b)
	}
	if row := rankOne(t, s, cfg, now); row.Section() == SectionBlocked && row.Block() == BlockCap {
		t.Fatalf("blocked by the cap after two conversations: %+v", row)
	}
}

// TestDayCapCountsConversations: with per_buyer_day = 2, one conversation of two events is
// one contact of the day (the buyer may be contacted again), two are the cap.
func TestDayCapCountsConversations(t *testing.T) {
	cfg := testConfig()
	cfg.Caps.PerBuyerDay = 2
	cfg.Timing.Cooldown = Duration(time.Hour)
	tests := []struct {
		name  string
		steps []step
		atCap bool
	}{
		{"one conversation of two events", []step{{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultPromised, 4}}, false},
		{"two conversations", []step{
			{"小美", ChannelIM, ResultSent, 0}, {"小美", ChannelIM, ResultPromised, 4},
			{"小美", ChannelIM, ResultSent, 180}, {"小美", ChannelIM, ResultDeclined, 185}}, true},
		{"an attempt and a colleague's outcome", []step{{"小美", ChannelIM, ResultSent, 0}, {"阿杰", ChannelIM, ResultPromised, 4}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(at("09:00"), 20000, nil)
			logSteps(s, tt.steps)
			now := at("16:00")
			b := cfg.Breaks(&s.Orders[0], &s.Buyers[0], s.BuyerContacts(0), s.OperatorIndex("小美"), ChannelIM, ResultSent, now)
			if got := slices.Contains(b, BreakDayCap); got != tt.atCap {
				t.Fatalf("day cap %v (contacts %v), want %v", got, s.BuyerContacts(0), tt.atCap)
			}
		})
	}
}

// TestStatsCountAConversationOnce: payroll's numbers count an attempt and its outcome as one
// contact of one order, and the outcome, the last touch before the payment, earns the
// credit, which counts with the contact on its day, also when the outcome came after
// midnight and only the second day is asked for.
func TestStatsCountAConversationOnce(t *testing.T) {
	k := OrderKey{PlatformTaobao, "A"}
	sent := at("23:57").Unix()
	events := []Event{
		{ID: 1, At: sent, Operator: "小美", Kind: EventContact, Order: k, Channel: ChannelIM, Result: ResultSent},
		{ID: 2, At: sent + 5*60, Operator: "小美", Kind: EventContact, Order: k, Channel: ChannelIM, Result: ResultPromised, Until: sent + 86400},
	}
	pays := []Payment{{Order: k, PaidAt: sent + 3600, Amount: 5000}}
	rec := Attribute(events, pays, 72*3600)
	if len(rec) != 1 || rec[0].TouchID != 2 || rec[0].ContactID != 1 || rec[0].ContactAt != sent {
		t.Fatalf("recoveries %+v, want the promise credited, as part of the contact sent", rec)
	}
	stats, err := Stats(events, rec, 0, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 1 || stats[0].Contacts != 1 || stats[0].OrdersContacted != 1 || stats[0].Recovered != 1 || stats[0].Day != "2026-11-11" {
		t.Fatalf("stats %+v, want one contact of one order, recovered, on 11-11", stats)
	}
	// The second day alone: the outcome is 11-11's contact, and so is its recovery.
	from := at("00:00").AddDate(0, 0, 1).Unix()
	to := from + 86400
	rec = Credited(events, pays, 72*3600, from, to)
	if stats, err = Stats(events, rec, from, shanghai); err != nil || len(stats) != 0 || len(rec) != 0 {
		t.Fatalf("11-12 alone: stats %+v, recoveries %+v, %v", stats, rec, err)
	}
}

// TestPropertyTouchesAreConversations: for random logs of one order (two specialists,
// three channels, attempts and outcomes, minutes or hours apart, some revoked), the order's
// touches are its conversations (a contact that is no outcome of the same specialist's
// attempt on its channel within ten minutes), and the daily cap's contacts, payroll's and the
// report's count the same.
func TestPropertyTouchesAreConversations(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ops := []string{"小美", "阿杰"}
	chans := []Channel{ChannelIM, ChannelSMS, ChannelPhone}
	results := []Result{ResultSent, ResultNoAnswer, ResultReplied, ResultPromised, ResultDeclined, ResultClaimedPaid}
	cfg := testConfig()
	for n := 0; n < 500; n++ {
		k := OrderKey{PlatformTaobao, "1001"}
		t0 := at("09:00").Unix()
		var evs []Event
		at := t0
		for i := range 2 + rng.IntN(8) {
			at += int64([]int{0, 1, 4, 9, 10, 11, 30, 600}[rng.IntN(8)]) * 60
			evs = append(evs, Event{ID: int64(len(evs) + 1), Kind: EventContact, At: at, Operator: ops[rng.IntN(2)], Order: k,
				Channel: chans[rng.IntN(3)], Result: results[rng.IntN(len(results))]})
			if i > 0 && rng.IntN(6) == 0 { // revoke one
				evs = append(evs, Event{ID: int64(len(evs) + 1), Kind: EventRevoke, At: at, Operator: "小美", Order: k,
					Revokes: int64(1 + rng.IntN(len(evs)))})
			}
		}
		live := Live(evs)
		// The conversations, counted by the rule as the spec says it.
		want := 0
		var prev *Event
		for i := range live {
			e := &live[i]
			if e.Kind != EventContact {
				continue
			}
			if prev == nil || !e.Result.Outcome() || prev.Result.Outcome() || prev.Operator != e.Operator ||
				prev.Channel != e.Channel || e.At-prev.At >= 600 {
				want++
			}
			prev = e
		}
		s := one(time.Unix(t0-3600, 0), 20000, nil)
		for i := range live {
			s.AddContact(0, &live[i], s.Orders[0].Contact.Apply(&live[i], s.OperatorIndex(live[i].Operator)))
		}
		stats, err := Stats(evs, nil, 0, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		paid := 0
		for _, d := range stats {
			paid += d.Contacts
		}
		rows, err := Report(ReportInput{From: t0, To: t0 + 30*86400, By: ByAll, Events: evs, Config: cfg,
			Orders: []ReportOrder{{Key: k, Nick: "小鹿乱撞", Amount: 20000, Created: t0 - 3600}}})
		if err != nil {
			t.Fatal(err)
		}
		got := int(s.Orders[0].Contact.Touches)
		if got != want || len(s.BuyerContacts(0)) != want || paid != want || len(rows) != 1 || rows[0].Contacts != want {
			t.Fatalf("log %s: touches %d, day contacts %d, payroll %d, report %+v, want %d conversations",
				fmt.Sprint(live), got, len(s.BuyerContacts(0)), paid, rows, want)
		}
	}
}

// TestContactStateCostsNoMore: who logged the last touch fits in the order's contact state
// as it was (40 bytes; an order of 112), so the queue's memory per order does not grow.
func TestContactStateCostsNoMore(t *testing.T) {
	if c, o := unsafe.Sizeof(ContactState{}), unsafe.Sizeof(Order{}); c != 40 || o != 112 {
		t.Fatalf("ContactState %d bytes, Order %d, want 40 and 112", c, o)
	}
}

// TestPropertyGroupTouchesFollowTheirLead: for random logs on a buyer's lead order, each
// contact folded into their other order as its group touch, the other order has as many
// touches as the lead: a group touch joins its attempt's when the lead's contact joins the
// lead's attempt, a claim of payment (a reply on the other order) too.
func TestPropertyGroupTouchesFollowTheirLead(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ops := []string{"小美", "阿杰"}
	chans := []Channel{ChannelIM, ChannelSMS, ChannelPhone}
	results := []Result{ResultSent, ResultNoAnswer, ResultReplied, ResultPromised, ResultDeclined, ResultClaimedPaid}
	for n := 0; n < 500; n++ {
		s := one(at("08:00"), 20000, nil)
		s.Orders = append(s.Orders, s.Orders[0])
		s.Orders[1].ID = "1002"
		lead, other := &s.Orders[0], &s.Orders[1]
		t0 := at("09:00").Unix()
		var log []Event
		for range 2 + rng.IntN(8) {
			t0 += int64([]int{0, 1, 4, 9, 11, 30}[rng.IntN(6)]) * 60
			e := Event{Kind: EventContact, At: t0, Operator: ops[rng.IntN(2)], Order: lead.Key(), Channel: chans[rng.IntN(3)],
				Result: results[rng.IntN(len(results))]}
			log = append(log, e)
			lead.Contact.Apply(&e, s.OperatorIndex(e.Operator))
			g, ok := GroupTouch(&e, other.Key())
			if !ok {
				t.Fatalf("%+v touches no group", e)
			}
			other.Contact.Apply(&g, s.OperatorIndex(g.Operator))
		}
		if lead.Contact.Touches != other.Contact.Touches {
			t.Fatalf("log %v: the lead has %d touches, the other order %d", log, lead.Contact.Touches, other.Contact.Touches)
		}
	}
}
