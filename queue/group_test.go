package queue

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTwoOrdersOfOneBuyerGiveOneDueRow(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	created := now.Add(-3 * time.Hour).Unix()
	s := &Snapshot{Buyers: []Buyer{{Nick: "甲", Phone: "13800000001"}, {Nick: "乙", Phone: "13800000002"}}}
	add := func(id string, buyer int32, amount Fen, created int64, edit func(o *Order)) {
		o := Order{ID: id, Title: "沙发", Amount: amount, Created: created, Buyer: buyer, Agent: -1, Platform: PlatformTaobao,
			Contact: ContactState{ClaimBy: -1}}
		if edit != nil {
			edit(&o)
		}
		s.Orders = append(s.Orders, o)
	}
	add("a1", 0, 20000, created, nil)
	add("b1", 1, 30000, created, nil)
	add("a2", 0, 18900, created-600, nil)
	add("a3", 0, 5000, created, func(o *Order) { o.Contact.Closed = true }) // blocked: stays blocked
	add("a4", 0, 7000, now.Unix()-120, nil)                                 // in its grace period: grouped too
	MarkDuplicates(s)
	var r Ranker
	rows := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
	var got []string
	for _, row := range rows {
		got = append(got, s.Orders[row.Order].ID+":"+row.Section().String())
	}
	// b1 is worth more, so it leads the queue; a2 is a's oldest due order, as urgent as a1
	// otherwise, so it stands for a, with a1 and a4 under it.
	want := []string{"b1:due", "a2:due", "a1:grouped", "a4:grouped", "a3:blocked"}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("rows %v, want %v", got, want)
		}
	}
	if r.Due != 2 || r.Grouped != 2 || r.Blocked != 1 || r.Upcoming != 0 {
		t.Fatalf("counts due %d grouped %d blocked %d upcoming %d", r.Due, r.Grouped, r.Blocked, r.Upcoming)
	}
	if lead := rows[2].Lead(); s.Orders[lead].ID != "a2" || rows[1].Lead() != -1 {
		t.Fatalf("lead of a1 is %d", lead)
	}
	n, total := GroupOf(rows, 1, s)
	if n != 2 || total != 27000 {
		t.Fatalf("group of a2: %d, %v", n, total)
	}
	if got := ExplainIn(rows, 1, s, cfg, now, LangZH); !strings.HasPrefix(got, "+2单 共¥270.00 · ") {
		t.Fatalf("lead's why %q", got)
	}
	if got := ExplainIn(rows, 2, s, cfg, now, LangEN); !strings.HasPrefix(got, "with a2 · ") {
		t.Fatalf("grouped why %q", got)
	}
	// A warning comes before what the lead stands for.
	rows[1].Why |= WhyDuplicate
	if got := ExplainIn(rows, 1, s, cfg, now, LangZH); !strings.HasPrefix(got, "疑似重复单 · +2单 共¥270.00 · ") {
		t.Fatalf("lead's why with a warning %q", got)
	}
}

// TestNoBuyerHasTwoDueRows is the property: whatever the orders and their histories, no
// buyer ever has two due rows, every grouped row stands under its lead (a due row of the
// same buyer), and every order has exactly one row.
func TestNoBuyerHasTwoDueRows(t *testing.T) {
	cfg := testConfig()
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		now := at("15:00").Add(time.Duration(rng.IntN(86400)) * time.Second)
		n := 50 + rng.IntN(3000)
		if seed == 30 {
			n = 40000 // several workers
		}
		s := &Snapshot{Buyers: make([]Buyer, 1+n/3)}
		for i := range s.Buyers {
			s.Buyers[i] = Buyer{Nick: "b" + strconv.Itoa(i), Phone: "1380000" + strconv.Itoa(1000+i%9000), Paid: int32(rng.IntN(2))}
		}
		for i := 0; i < n; i++ {
			o := Order{ID: strconv.Itoa(i), Title: "t", Amount: Fen(1000 + rng.IntN(200000)), Created: now.Unix() - int64(rng.IntN(3*86400)),
				Buyer: int32(rng.IntN(len(s.Buyers))), Agent: -1, Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}}
			if rng.IntN(3) == 0 {
				o.Contact.Touches = uint8(rng.IntN(4))
				o.Contact.LastAt = now.Unix() - int64(rng.IntN(86400))
				o.Contact.LastChannel = ChannelIM
				if o.Contact.Touches > 0 && rng.IntN(4) == 0 { // a callback the buyer asked for, due or not yet
					o.Contact.LastResult, o.Contact.Until = ResultPromised, now.Unix()+int64(rng.IntN(7200))-3600
				}
			}
			if o.Contact.Touches > 0 { // the buyer's contact, as the store lists it for the daily cap
				s.AddContact(o.Buyer, &Event{Kind: EventContact, At: o.Contact.LastAt, Channel: ChannelIM}, false)
			}
			o.Contact.Closed = rng.IntN(20) == 0
			s.Orders = append(s.Orders, o)
		}
		MarkDuplicates(s)
		c := *cfg
		if seed%3 == 0 {
			c.Caps.PerBuyer = 2 // some buyers capped for all their orders
		}
		if seed%4 == 1 {
			c.Caps.PerBuyerDay = 1 // some buyers waiting for their daily cap
		}
		var r Ranker
		rows := r.Rank(Input{Snap: s, Config: &c, Now: now, Me: -1})
		seen := make([]bool, n)
		due := map[int32]int32{} // buyer → their due row's order
		lastLead := int32(-1)
		for i, row := range rows {
			if seen[row.Order] {
				t.Fatalf("seed %d: order %d twice", seed, row.Order)
			}
			seen[row.Order] = true
			b := s.Orders[row.Order].Buyer
			switch row.Section() {
			case SectionDue:
				if other, ok := due[b]; ok {
					t.Fatalf("seed %d: buyer %d has due rows %d and %d", seed, b, other, row.Order)
				}
				due[b] = row.Order
				lastLead = row.Order
			case SectionGrouped:
				lead := row.Lead()
				if lead != lastLead || s.Orders[lead].Buyer != b || i == 0 {
					t.Fatalf("seed %d: grouped row %d (buyer %d) under %d, lead %d", seed, row.Order, b, lastLead, lead)
				}
			default:
				lastLead = -1
			}
		}
		if len(rows) != n || r.Due+r.Grouped+r.Upcoming+r.Blocked != n {
			t.Fatalf("seed %d: %d rows of %d orders", seed, len(rows), n)
		}
	}
}

// TestThePerBuyerCapCountsAllTheirOrders: with [caps] per_buyer = 2, a buyer contacted twice
// (on their older order) has every order blocked, the one placed since too; a buyer with one
// order is capped at 2 as well; another buyer contacted once is not.
func TestThePerBuyerCapCountsAllTheirOrders(t *testing.T) {
	cfg := testConfig()
	cfg.Caps.PerBuyer = 2
	now := at("15:00")
	created := now.Add(-26 * time.Hour).Unix()
	s := &Snapshot{Buyers: []Buyer{{Nick: "甲", Phone: "13800000001"}, {Nick: "乙", Phone: "13800000002"}, {Nick: "丙", Phone: "13800000003"}}}
	add := func(id string, buyer int32, created int64, touches uint8) {
		s.Orders = append(s.Orders, Order{ID: id, Title: "沙发", Amount: 20000, Created: created, Buyer: buyer, Agent: -1,
			Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1, Touches: touches, LastAt: now.Unix() - 7200, LastChannel: ChannelIM}})
	}
	add("a1", 0, created, 2)
	add("a2", 0, now.Unix()-3*3600, 0)
	add("b1", 1, created, 2)
	add("c1", 2, created, 1)
	add("c2", 2, now.Unix()-3*3600, 0)
	MarkDuplicates(s)
	var r Ranker
	got := map[string]string{}
	for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1}) {
		got[s.Orders[row.Order].ID] = row.Section().String() + "/" + BlockText(row.Block(), LangEN)
	}
	for id, want := range map[string]string{"a1": "blocked/contact cap reached", "a2": "blocked/contact cap reached",
		"b1": "blocked/contact cap reached"} {
		if got[id] != want {
			t.Errorf("%s: %s, want %s", id, got[id], want)
		}
	}
	if strings.HasPrefix(got["c1"], "blocked") || strings.HasPrefix(got["c2"], "blocked") {
		t.Errorf("c: %s, %s", got["c1"], got["c2"])
	}
	if r.Blocked != 3 {
		t.Errorf("blocked %d", r.Blocked)
	}
}

// TestACallbackIsMadeAtThePerBuyerCap: with [caps] per_buyer = 2, a buyer who promised on
// their second contact and asked to be called back at 14:30 has that callback made: the
// callback leads (and a second callback of theirs is grouped under it), while their order
// with no callback is blocked at the cap. A buyer at the cap with no callback is blocked whole.
func TestACallbackIsMadeAtThePerBuyerCap(t *testing.T) {
	cfg := testConfig()
	cfg.Caps.PerBuyer = 2
	now := at("15:00")
	created := now.Add(-26 * time.Hour).Unix()
	s := &Snapshot{Buyers: []Buyer{{Nick: "甲", Phone: "13800000001"}, {Nick: "乙", Phone: "13800000002"}}}
	add := func(id string, buyer int32, callback bool) {
		c := ContactState{ClaimBy: -1, Touches: 2, LastAt: now.Unix() - 7200, LastChannel: ChannelPhone, LastResult: ResultSent}
		if callback {
			c.LastResult, c.Answered, c.Until = ResultPromised, true, at("14:30").Unix()
		}
		s.Orders = append(s.Orders, Order{ID: id, Title: "沙发", Amount: 20000, Created: created, Buyer: buyer, Agent: -1,
			Platform: PlatformTaobao, Contact: c})
	}
	add("a1", 0, false)
	add("a2", 0, true)
	add("a3", 0, true)
	add("b1", 1, false)
	add("b2", 1, false)
	MarkDuplicates(s)
	var r Ranker
	got := map[string]string{}
	rows := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
	for _, row := range rows {
		sec := row.Section().String()
		if row.Section() == SectionGrouped {
			sec += " under " + s.Orders[row.Lead()].ID
		}
		got[s.Orders[row.Order].ID] = sec
	}
	want := map[string]string{"a1": "blocked", "a2": "due", "a3": "grouped under a2", "b1": "blocked", "b2": "blocked"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %s, want %s", id, got[id], w)
		}
	}
}
