package queue

import (
	"testing"
	"time"
)

func TestRosterRotatesSilentOrdersByHour(t *testing.T) {
	cfg := testConfig()
	cfg.Roster.Operators = []string{"小美", "阿杰"}
	now := at("15:00")
	tests := []struct {
		name    string
		created time.Time
		agent   int32
		me      int32 // 0 = 小美, 1 = 阿杰
		mine    bool
	}{
		{"14:xx goes to one", at("14:10"), -1, 0, true},
		{"14:xx is not the other's", at("14:10"), -1, 1, false},
		{"13:xx goes to the other", at("13:59"), -1, 1, true},
		{"the reception agent beats the roster", at("14:10"), 1, 1, true},
		{"the reception agent's order is not mine", at("14:10"), 1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(tt.created, 20000, func(o *Order, b *Buyer) { o.Agent = tt.agent })
			s.Operators = []string{"小美", "阿杰"}
			var r Ranker
			row := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: tt.me})[0]
			if got := row.Why&WhyMine != 0; got != tt.mine {
				t.Fatalf("mine = %v (owner %d), want %v", got, row.Owner(), tt.mine)
			}
		})
	}
	// Without a roster a silent order stays unassigned.
	cfg.Roster.Operators = nil
	s := one(at("14:10"), 20000, nil)
	s.Operators = []string{"小美"}
	var r Ranker
	if row := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0})[0]; row.Owner() != -1 {
		t.Fatalf("owner %d without a roster", row.Owner())
	}
}

func TestCallbacks(t *testing.T) {
	cfg := testConfig()
	created := at("09:00")
	promise := func(anyone bool) func(o *Order, b *Buyer) {
		return func(o *Order, b *Buyer) {
			e := Event{At: at("10:00").Unix(), Kind: EventContact, Channel: ChannelIM, Result: ResultPromised, Until: at("16:00").Unix()}
			if anyone {
				e.Reason = CallbackAnyone
			}
			o.Contact.Apply(&e, 1) // 阿杰
		}
	}
	tests := []struct {
		name    string
		anyone  bool
		me      int32
		now     string
		section Section
		block   Block
	}{
		{"the promiser waits for the time", false, 1, "15:00", SectionUpcoming, BlockNone},
		{"the promiser calls back on time", false, 1, "16:00", SectionDue, BlockNone},
		{"it is not another's", false, 0, "16:00", SectionBlocked, BlockCallback},
		{"an hour late, anyone may call", false, 0, "17:00", SectionDue, BlockNone},
		{"anyone's callback", true, 0, "16:00", SectionDue, BlockNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(created, 20000, promise(tt.anyone))
			s.Operators = []string{"小美", "阿杰"}
			var r Ranker
			row := r.Rank(Input{Snap: s, Config: cfg, Now: at(tt.now), Me: tt.me})[0]
			if row.Section() != tt.section || row.Block() != tt.block {
				t.Fatalf("%v / %v, want %v / %v", row.Section(), row.Block(), tt.section, tt.block)
			}
		})
	}
}

func TestOneSMSPerBuyerPerDayAcrossOrders(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := &Snapshot{Buyers: []Buyer{{Nick: "老客", Phone: "13800001234", Paid: 2}}}
	for _, id := range []string{"1", "2"} {
		s.Orders = append(s.Orders, Order{ID: id, Amount: 30000, Created: at("10:00").Unix(), Agent: -1, Contact: ContactState{ClaimBy: -1}})
	}
	var r Ranker
	for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1}) {
		if row.Channel() != ChannelSMS {
			t.Fatalf("before any SMS: %v", row.Channel())
		}
	}
	// An SMS on order 1 spends the buyer's SMS of the day, for order 2 as well.
	e := Event{At: at("14:00").Unix(), Kind: EventContact, Channel: ChannelSMS, Result: ResultSent}
	s.Orders[0].Contact.Apply(&e, -1)
	s.Buyers[0].Apply(&e, shanghai)
	s.phoneOK = nil
	for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1}) {
		if row.Channel() == ChannelSMS {
			t.Fatalf("order %s suggests a second SMS today", s.Orders[row.Order].ID)
		}
	}
	// The next day the buyer may have one again.
	for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: now.Add(24 * time.Hour), Me: -1}) {
		if s.Orders[row.Order].ID == "2" && row.Channel() != ChannelSMS {
			t.Fatalf("the next day order 2 gets %v", row.Channel())
		}
	}
}

func TestMarkDuplicates(t *testing.T) {
	mk := func(id string, buyer int32, title string, min int) Order {
		return Order{ID: id, Buyer: buyer, Title: title, Amount: 9900, Created: at("10:00").Unix() + int64(min)*60}
	}
	s := &Snapshot{Orders: []Order{
		mk("a", 0, "抽纸", 0), mk("b", 0, "抽纸", 5), mk("c", 0, "抽纸", 40), // b duplicates a; c is too late
		mk("d", 1, "抽纸", 0), mk("e", 2, "抽纸", 1), // other buyers
		mk("f", 3, "坚果", 0), mk("g", 3, "面膜", 10), // same buyer, other items, both charge shipping
	}}
	s.Orders[5].Flags |= FlagShipping
	s.Orders[6].Flags |= FlagShipping
	MarkDuplicates(s)
	want := map[string]OrderFlags{"b": FlagDuplicate, "g": FlagDoubleShipping}
	for _, o := range s.Orders {
		if got := o.Flags & (FlagDuplicate | FlagDoubleShipping); got != want[o.ID] {
			t.Errorf("order %s flags %b, want %b", o.ID, got, want[o.ID])
		}
	}
}
