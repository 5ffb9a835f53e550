package queue

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// logContact folds contact e, logged on order oi, into the snapshot as the store does: the
// order's contact state and the buyer's contacts, and a group touch on each order of into
// (the buyer's other open orders the store folds it into).
func logContact(s *Snapshot, oi int, e Event, into ...int) {
	o := &s.Orders[oi]
	e.Order = o.Key()
	s.AddContact(o.Buyer, &e, o.Contact.Apply(&e, s.OperatorIndex(e.Operator)))
	for _, j := range into {
		g, ok := GroupTouch(&e, s.Orders[j].Key())
		if ok {
			s.AddContact(s.Orders[j].Buyer, &g, s.Orders[j].Contact.Apply(&g, s.OperatorIndex(g.Operator)))
		}
	}
}

func TestDayCapFree(t *testing.T) {
	const now = 1794412800 + 15*3600
	const h = 3600
	tests := []struct {
		name string
		at   []uint32
		cap  int
		want int64
	}{
		{"never touched", nil, 1, 0},
		{"no cap", []uint32{now - 2*h}, 0, 0},
		{"one touch, cap 1", []uint32{now - 2*h}, 1, now - 2*h + 24*h},
		{"one touch, cap 2", []uint32{now - 2*h}, 2, 0},
		{"two touches today, cap 2: the first falls out", []uint32{now - 6*h, now - 2*h}, 2, now - 6*h + 24*h},
		{"two touches, the first yesterday: one in the day", []uint32{now - 30*h, now - 2*h}, 2, 0},
		{"two touches, the first yesterday, cap 1", []uint32{now - 30*h, now - 2*h}, 1, now - 2*h + 24*h},
		{"the last a day ago", []uint32{now - 30*h, now - 24*h}, 1, 0},
		{"three today, cap 2: the second falls out last", []uint32{now - 6*h, now - 4*h, now - 2*h}, 2, now - 4*h + 24*h},
		{"one yesterday, two today, cap 2", []uint32{now - 27*h, now - 5*h, now - 4*h}, 2, now - 5*h + 24*h},
		{"two at the same second, cap 2", []uint32{now - 5*h, now - 5*h}, 2, now - 5*h + 24*h},
	}
	for _, tt := range tests {
		if got := dayCapFree(tt.at, now, tt.cap); got != tt.want {
			t.Errorf("%s: frees at %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestTheDailyCapCountsEveryContact: the buyer's contacts of the rolling day are counted one
// by one, over all their orders. A first touch yesterday does not hide the two since; two
// contacts logged on two of the buyer's orders (each order touched once) are two; a contact
// on the lead folded into the buyer's other orders is one, however many orders it touched.
// At the cap every order of the buyer waits until the oldest contact that counts is a day
// old, the rule check at log time says so too, and at that moment the buyer is free again.
func TestTheDailyCapCountsEveryContact(t *testing.T) {
	now := at("12:00")
	y9, t10, t11 := at("09:00").Add(-24*time.Hour).Unix(), at("10:00").Unix(), at("11:00").Unix()
	im := func(when int64) Event {
		return Event{Kind: EventContact, At: when, Channel: ChannelIM, Result: ResultSent}
	}
	tests := []struct {
		name   string
		orders int // of the one buyer
		cap    int
		log    func(s *Snapshot)
		free   int64 // when the buyer is free again; 0 = not at the cap
	}{
		{"one order, touched yesterday 09:00 and today 10:00 and 11:00", 1, 2, func(s *Snapshot) {
			logContact(s, 0, im(y9))
			logContact(s, 0, im(t10))
			logContact(s, 0, im(t11))
		}, t10 + dayCapWindow},
		{"the same at cap 3", 1, 3, func(s *Snapshot) {
			logContact(s, 0, im(y9))
			logContact(s, 0, im(t10))
			logContact(s, 0, im(t11))
		}, 0},
		{"one contact on each of two orders (before they were grouped)", 2, 2, func(s *Snapshot) {
			logContact(s, 0, im(t10))
			logContact(s, 1, im(t11))
		}, t10 + dayCapWindow},
		{"one contact on the lead, folded into 3 orders, counts once", 3, 2, func(s *Snapshot) {
			logContact(s, 0, im(t10), 1, 2)
		}, 0},
		{"three contacts on the lead of 3 orders, the first yesterday", 3, 2, func(s *Snapshot) {
			for _, when := range []int64{y9, t10, t11} {
				logContact(s, 0, im(when), 1, 2)
			}
		}, t10 + dayCapWindow},
		{"the same at cap 3: two in the day, not six", 3, 3, func(s *Snapshot) {
			for _, when := range []int64{y9, t10, t11} {
				logContact(s, 0, im(when), 1, 2)
			}
		}, 0},
		{"a contact on the lead folded in, then one on another order", 3, 2, func(s *Snapshot) {
			logContact(s, 0, im(t10), 1, 2)
			logContact(s, 2, im(t11), 0, 1)
		}, t10 + dayCapWindow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Snapshot{Buyers: []Buyer{{Nick: "小鹿乱撞", Phone: "13800001234"}, {Nick: "路人", Phone: "13800005678"}}}
			created := at("08:00").Add(-24 * time.Hour).Unix()
			for i := range tt.orders + 1 { // the last order is another buyer's, never contacted
				b := int32(0)
				if i == tt.orders {
					b = 1
				}
				s.Orders = append(s.Orders, Order{ID: string(rune('A' + i)), Title: "沙发", Amount: 20000, Created: created + int64(i)*60,
					Deadline: created + 5*86400, Buyer: b, Agent: -1, Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}})
			}
			tt.log(s)
			MarkDuplicates(s)
			cfg := testConfig()
			cfg.Caps.PerOrder, cfg.Caps.PerBuyerDay = 4, tt.cap
			var r Ranker
			for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1}) {
				o := &s.Orders[row.Order]
				capped := row.Why&WhyDayCap != 0
				switch {
				case o.Buyer != 0 || tt.free == 0:
					if capped {
						t.Errorf("%s waits for the daily cap until %s", o.ID, time.Unix(row.NextAt(), 0).In(shanghai))
					}
				case !capped || row.NextAt() != tt.free || row.Section() == SectionDue:
					t.Errorf("%s: %v at %s, capped %v; want to wait for the daily cap until %s", o.ID, row.Section(),
						time.Unix(row.NextAt(), 0).In(shanghai), capped, time.Unix(tt.free, 0).In(shanghai))
				}
			}
			breaks := cfg.Breaks(&s.Orders[0], &s.Buyers[0], s.BuyerContacts(0), 0, ChannelIM, ResultSent, now)
			if got := slices.Contains(breaks, BreakDayCap); got != (tt.free != 0) {
				t.Errorf("a contact now breaks the daily cap: %v (%q), want %v", got, breaks, tt.free != 0)
			}
			if tt.free != 0 {
				breaksAt := func(when int64) bool {
					return slices.Contains(cfg.Breaks(&s.Orders[0], &s.Buyers[0], s.BuyerContacts(0), 0, ChannelIM, ResultSent, time.Unix(when, 0)), BreakDayCap)
				}
				if breaksAt(tt.free) || !breaksAt(tt.free-1) {
					t.Errorf("the buyer is not free again at %s, or already before", time.Unix(tt.free, 0).In(shanghai))
				}
			}
		})
	}
}

// TestThePerBuyerDailyCap: with [caps] per_buyer_day = 2, a buyer contacted twice today (on
// one order, which touched the other too) has every order wait until the first of those
// contacts is a day old, the order placed since too; a buyer contacted once today and once
// yesterday does not wait; a callback the buyer asked for keeps its time; with no daily cap
// nobody waits for it.
func TestThePerBuyerDailyCap(t *testing.T) {
	now := at("15:00")
	first, last := at("09:00").Unix(), at("11:00").Unix()
	s := &Snapshot{Buyers: []Buyer{{Nick: "甲", Phone: "13800000001"}, {Nick: "乙", Phone: "13800000002"}, {Nick: "丙", Phone: "13800000003"}}}
	add := func(id string, buyer int32, created int64) int {
		s.Orders = append(s.Orders, Order{ID: id, Title: "沙发", Amount: 20000, Created: created, Buyer: buyer, Agent: -1, Platform: PlatformTaobao,
			Deadline: created + 5*86400, Contact: ContactState{ClaimBy: -1}})
		return len(s.Orders) - 1
	}
	im := func(at int64) Event { return Event{Kind: EventContact, At: at, Channel: ChannelIM, Result: ResultSent} }
	a1 := add("a1", 0, at("13:00").Unix()-86400) // due again at 13:00 without the cap
	a2 := add("a2", 0, first-3600)
	logContact(s, a1, im(first), a2)
	logContact(s, a1, im(last), a2)
	add("a3", 0, at("14:00").Unix())
	b1 := add("b1", 1, first-2*86400)
	logContact(s, b1, im(first-86400))
	logContact(s, b1, im(last))
	c1 := add("c1", 2, first-86400)
	logContact(s, c1, im(first))
	logContact(s, c1, Event{Kind: EventContact, At: last, Channel: ChannelIM, Result: ResultPromised, Until: at("15:30").Unix()})
	MarkDuplicates(s)
	tomorrow := first + 86400
	for _, cap := range []int{0, 2} {
		cfg := testConfig()
		cfg.Caps.PerBuyerDay = cap
		var r Ranker
		rows := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
		for _, row := range rows {
			o := &s.Orders[row.Order]
			capped := row.Why&WhyDayCap != 0
			switch {
			case cap == 0 || o.Buyer != 0:
				if capped {
					t.Errorf("cap %d: %s waits for the daily cap", cap, o.ID)
				}
			case row.Section() != SectionUpcoming || !capped || row.NextAt() != tomorrow:
				t.Errorf("cap %d: %s %v at %s, capped %v; want upcoming at %s", cap, o.ID, row.Section(),
					time.Unix(row.NextAt(), 0).In(shanghai), capped, time.Unix(tomorrow, 0).In(shanghai))
			}
			if o.ID == "c1" && row.NextAt() != at("15:30").Unix() {
				t.Errorf("cap %d: the callback moved to %s", cap, time.Unix(row.NextAt(), 0).In(shanghai))
			}
		}
	}
}

// TestTheDailyCapHoldsForEveryHistory is the property: for random contact histories of a few
// buyers with several orders (contacts on any order, folded into some of the buyer's others
// or not, at any time over three days, some the buyer's callbacks), the ranking never has an
// order of a buyer with cap or more contacts in the 24 hours before now due (but for a
// callback the buyer asked for), and an order it holds for the daily cap waits at least until
// the buyer has fewer again, and only when they have cap or more. The count it is held to is a brute-force one over the events.
func TestTheDailyCapHoldsForEveryHistory(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 24))
	start := at("08:00").Add(-48 * time.Hour).Unix()
	for trial := range 300 {
		s := &Snapshot{Buyers: []Buyer{{Nick: "甲", Phone: "13800000001"}, {Nick: "乙", Phone: "13800000002"}, {Nick: "丙", Phone: "13800000003"}}}
		var byBuyer [3][]int
		for b := range s.Buyers {
			for range 1 + rng.IntN(3) {
				byBuyer[b] = append(byBuyer[b], len(s.Orders))
				s.Orders = append(s.Orders, Order{ID: string(rune('A' + len(s.Orders))), Title: "沙发", Amount: 20000, Created: start - 3600,
					Deadline: start + 10*86400, Buyer: int32(b), Agent: -1, Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}})
			}
		}
		var events []Event // what the log has: the contacts and their group touches
		when := start
		for range rng.IntN(12) {
			when += int64(rng.IntN(10 * 3600))
			b := rng.IntN(len(s.Buyers))
			orders := byBuyer[b]
			oi := orders[rng.IntN(len(orders))]
			var into []int
			for _, j := range orders {
				if j != oi && rng.IntN(3) > 0 { // some are under a colleague's claim
					into = append(into, j)
				}
			}
			e := Event{Kind: EventContact, At: when, Channel: ChannelIM, Result: ResultSent, Order: s.Orders[oi].Key()}
			if rng.IntN(6) == 0 {
				e.Result, e.Until = ResultPromised, when+int64(rng.IntN(20*3600))
			}
			logContact(s, oi, e, into...)
			events = append(events, e)
			for _, j := range into {
				g, _ := GroupTouch(&e, s.Orders[j].Key())
				events = append(events, g)
			}
		}
		MarkDuplicates(s)
		now := when + int64(rng.IntN(30*3600))
		cfg := testConfig()
		cfg.Caps.PerOrder, cfg.Caps.PerBuyerDay = 50, 1+rng.IntN(3)
		// The brute force: each buyer's contacts after now - 24 h, a group touch not one of its own.
		var count [3]int
		var inDay [3][]int64
		for i := range events {
			e := &events[i]
			if e.Kind != EventContact || IsGroupTouch(e) || e.At <= now-24*3600 {
				continue
			}
			b := s.Orders[slices.IndexFunc(s.Orders, func(o Order) bool { return o.Key() == e.Order })].Buyer
			count[b]++
			inDay[b] = append(inDay[b], e.At)
		}
		var r Ranker
		for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: time.Unix(now, 0), Me: -1}) {
			o := &s.Orders[row.Order]
			b, capped := o.Buyer, row.Why&WhyDayCap != 0
			atCap := count[b] >= cfg.Caps.PerBuyerDay
			if row.Section() == SectionDue && atCap && row.Why&WhyCallback == 0 {
				t.Fatalf("trial %d: %s is due at %d with %d contacts in the day (cap %d)", trial, o.ID, now, count[b], cfg.Caps.PerBuyerDay)
			}
			if capped && !atCap {
				t.Fatalf("trial %d: %s waits for the daily cap with %d contacts in the day (cap %d)", trial, o.ID, count[b], cfg.Caps.PerBuyerDay)
			}
			if capped && row.Section() == SectionUpcoming {
				slices.Sort(inDay[b])
				if free := inDay[b][len(inDay[b])-cfg.Caps.PerBuyerDay] + 24*3600; row.NextAt() < free {
					t.Fatalf("trial %d: %s is held until %d, the buyer is free at %d", trial, o.ID, row.NextAt(), free)
				}
			}
		}
	}
}

// TestAddContactSharesNothing: a contact added to a clone leaves the original's contacts as
// they were, and a group touch adds none.
func TestAddContactSharesNothing(t *testing.T) {
	s := &Snapshot{Buyers: []Buyer{{Nick: "甲"}}}
	e := Event{Kind: EventContact, At: 100, Order: OrderKey{Platform: PlatformTaobao, ID: "1"}}
	s.AddContact(0, &e, false)
	e.At = 300
	s.AddContact(0, &e, false)
	c := s.Clone()
	e.At = 200
	c.AddContact(0, &e, false)
	g, _ := GroupTouch(&e, OrderKey{Platform: PlatformTaobao, ID: "2"})
	c.AddContact(0, &g, false)
	if !slices.Equal(s.BuyerContacts(0), []uint32{100, 300}) || !slices.Equal(c.BuyerContacts(0), []uint32{100, 200, 300}) {
		t.Fatalf("original %v, clone %v", s.BuyerContacts(0), c.BuyerContacts(0))
	}
}

// TestDayContactsAsAMap: the pool of buyers' contacts answers as a map of sorted slices would,
// through random adds, sets, trims of the window, clones and fits, whatever runs moved or
// died on the way, and a clone changes nothing of the original's.
func TestDayContactsAsAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 50 {
		var d DayContacts
		want := map[int32][]uint32{}
		check := func(what string, d *DayContacts, want map[int32][]uint32) {
			t.Helper()
			n := 0
			d.Each(func(b int32, at []uint32) {
				n++
				if !slices.Equal(at, want[b]) {
					t.Fatalf("trial %d, %s: buyer %d has %v, want %v", trial, what, b, at, want[b])
				}
			})
			for b, at := range want {
				if !slices.Equal(d.Buyer(b), at) {
					t.Fatalf("trial %d, %s: buyer %d has %v, want %v", trial, what, b, d.Buyer(b), at)
				}
			}
			if n != len(want) || d.Len() != n {
				t.Fatalf("trial %d, %s: %d buyers listed, want %d", trial, what, n, len(want))
			}
		}
		from := int64(0)
		for op := range 400 {
			b := int32(rng.IntN(30))
			switch k := rng.IntN(20); {
			case k < 14:
				at := uint32(from + 1 + int64(rng.IntN(1000)))
				d.add(b, at)
				i := sortedAfter(want[b], int64(at))
				want[b] = slices.Insert(slices.Clone(want[b]), i, at)
			case k < 16:
				at := []uint32{uint32(from + 1 + int64(rng.IntN(500)))}
				if rng.IntN(3) == 0 {
					at = nil
				}
				d.Set(b, at)
				want[b] = at
			case k < 18:
				from += int64(rng.IntN(200))
				d.trim(from)
				for b, at := range want {
					want[b] = at[sortedAfter(at, from):]
				}
			case k < 19:
				c := d.clone()
				c.add(b, uint32(from+1))
				c.Set((b+1)%30, nil)
			default:
				d.Fit()
			}
			for b, at := range want {
				if len(at) == 0 {
					delete(want, b)
				}
			}
			check(fmt.Sprint("op ", op), &d, want)
		}
	}
}
