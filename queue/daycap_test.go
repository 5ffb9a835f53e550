package queue

import (
	"testing"
	"time"
)

func TestDayCapFree(t *testing.T) {
	const now = 1794412800 + 15*3600
	const h = 3600
	touched := func(touches uint8, first, last int64) ContactState {
		c := ContactState{}
		for i := uint8(0); i < touches; i++ {
			at := last
			if i == 0 {
				at = first
			}
			c.Apply(&Event{Kind: EventContact, At: at}, -1)
		}
		return c
	}
	tests := []struct {
		name string
		c    ContactState
		cap  int
		want int64
	}{
		{"never touched", ContactState{}, 1, 0},
		{"one touch, cap 1", touched(1, now-2*h, now-2*h), 1, now - 2*h + 24*h},
		{"one touch, cap 2", touched(1, now-2*h, now-2*h), 2, 0},
		{"two touches today, cap 2: the first falls out", touched(2, now-6*h, now-2*h), 2, now - 6*h + 24*h},
		{"two touches, the first yesterday: one in the day", touched(2, now-30*h, now-2*h), 2, 0},
		{"two touches, the first yesterday, cap 1", touched(2, now-30*h, now-2*h), 1, now - 2*h + 24*h},
		{"the last a day ago", touched(2, now-30*h, now-24*h), 1, 0},
		{"three today, cap 2: counted from the last", touched(3, now-6*h, now-2*h), 2, now - 2*h + 24*h},
	}
	for _, tt := range tests {
		if got := dayCapFree(&tt.c, now, tt.cap); got != tt.want {
			t.Errorf("%s: frees at %d, want %d", tt.name, got, tt.want)
		}
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
	add := func(id string, buyer int32, created int64, touches ...int64) *Order {
		o := Order{ID: id, Title: "沙发", Amount: 20000, Created: created, Buyer: buyer, Agent: -1, Platform: PlatformTaobao,
			Deadline: created + 5*86400, Contact: ContactState{ClaimBy: -1}}
		for _, at := range touches {
			o.Contact.Apply(&Event{Kind: EventContact, At: at, Channel: ChannelIM, Result: ResultSent}, -1)
		}
		s.Orders = append(s.Orders, o)
		return &s.Orders[len(s.Orders)-1]
	}
	add("a1", 0, at("13:00").Unix()-86400, first, last) // due again at 13:00 without the cap
	add("a2", 0, first-3600, first, last)
	add("a3", 0, at("14:00").Unix())
	add("b1", 1, first-2*86400, first-86400, last)
	add("c1", 2, first-86400, first, last)
	s.Orders[len(s.Orders)-1].Contact.LastResult = ResultPromised
	s.Orders[len(s.Orders)-1].Contact.Until = at("15:30").Unix()
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
