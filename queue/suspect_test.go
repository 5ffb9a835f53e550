package queue

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSuspectCheck(t *testing.T) {
	c := DefaultSuspect
	tests := []struct {
		name string
		in   SuspectInput
		want Suspicion
	}{
		{"one new order", SuspectInput{Open: 1, Amount: 20000, Usual: 15000}, 0},
		{"five open, none paid", SuspectInput{Open: 5, Amount: 20000, Usual: 15000}, SuspectManyUnpaid},
		{"four open, none paid", SuspectInput{Open: 4, Amount: 20000, Usual: 15000}, 0},
		{"five open, paid before", SuspectInput{Open: 5, Paid: 1, Amount: 20000, Usual: 15000}, 0},
		{"ten times the usual, new", SuspectInput{Open: 1, Amount: 150000, Usual: 15000}, SuspectFarAbove},
		{"ten times the usual, returning", SuspectInput{Open: 1, Paid: 3, Amount: 150000, Usual: 15000}, 0},
		{"just under ten times", SuspectInput{Open: 1, Amount: 149999, Usual: 15000}, 0},
		{"usual unknown", SuspectInput{Open: 1, Amount: 150000}, 0},
		{"receiver not the buyer", SuspectInput{Open: 1, Amount: 100, Usual: 100, Receiver: "王**", Known: "丁小明"}, SuspectReceiver},
		{"all three", SuspectInput{Open: 6, Amount: 900000, Usual: 10000, Receiver: "王*", Known: "丁一"},
			SuspectManyUnpaid | SuspectFarAbove | SuspectReceiver},
	}
	for _, tt := range tests {
		if got := c.Check(tt.in); got != tt.want {
			t.Errorf("%s: %b, want %b", tt.name, got, tt.want)
		}
	}
	off := SuspectConfig{}
	if got := off.Check(SuspectInput{Open: 50, Amount: 1 << 40, Usual: 1}); got != 0 {
		t.Errorf("the check turned off still finds %b", got)
	}
}

func TestReceiverMismatch(t *testing.T) {
	tests := []struct {
		receiver, known string
		want            bool
	}{
		{"丁**", "丁小明", false},
		{"*小明", "丁小明", false},
		{"王**", "丁小明", true},
		{"丁*", "丁小明", true},   // a name of another length
		{"丁小明", "王大力", false}, // not masked: nothing to judge by
		{"丁**", "", false},    // the buyer's name is unknown
		{"丁**", "丁**", false}, // known only masked
		{"138****1234", "13800001234", false},
		{"139****1234", "13800001234", true},
		{"王＊＊", "丁小明", true}, // a full-width mask
		{"丁＊＊", "丁小明", false},
		{"王**", "丁＊＊", false}, // known only masked, full-width
		{" 王** ", " 丁小明 ", true},
	}
	for _, tt := range tests {
		if got := ReceiverMismatch(tt.receiver, tt.known); got != tt.want {
			t.Errorf("ReceiverMismatch(%q, %q) = %v, want %v", tt.receiver, tt.known, got, tt.want)
		}
	}
}

func TestReceiverKnown(t *testing.T) {
	tests := []struct {
		receiver string
		want     bool
	}{
		{"丁小明", true},
		{" 丁小明 ", true},
		{"丁**", false},
		{"丁＊＊", false},
		{"", false},
		{"  ", false},
		{"13800001234", true},
	}
	for _, tt := range tests {
		if got := ReceiverKnown(tt.receiver); got != tt.want {
			t.Errorf("ReceiverKnown(%q) = %v, want %v", tt.receiver, got, tt.want)
		}
	}
}

// TestSuspiciousOrdersAreNeverCalled: a new buyer's high-ticket order would be a phone call,
// but with five open orders and none paid, or far above the shop's usual amount, it is IM
// and the row says 可疑 and why.
func TestSuspiciousOrdersAreNeverCalled(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	created := now.Add(-3 * time.Hour)
	build := func(n int, amount Fen, others Fen) *Snapshot {
		s := &Snapshot{Buyers: []Buyer{{Nick: "新客", Phone: "13800001234"}, {Nick: "别人", Phone: "13800005678", Paid: 1}}}
		s.Orders = append(s.Orders, Order{ID: "0", Title: "一级能效变频空调", Amount: amount, Created: created.Unix(), Agent: -1,
			Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}})
		for i := 1; i < n; i++ {
			s.Orders = append(s.Orders, Order{ID: string(rune('0' + i)), Title: "抽纸", Amount: 3000, Created: created.Unix() - int64(i)*3600,
				Agent: -1, Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}})
		}
		for i := 0; i < 20; i++ { // the shop's usual orders, from someone else
			s.Orders = append(s.Orders, Order{ID: "x" + string(rune('a'+i)), Title: "抽纸", Amount: others, Created: created.Unix(),
				Buyer: 1, Agent: -1, Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}})
		}
		MarkDuplicates(s)
		return s
	}
	tests := []struct {
		name    string
		s       *Snapshot
		ch      Channel
		why     Why
		explain string
	}{
		{"plain high ticket", build(1, 80000, 60000), ChannelNone, 0, ""},
		{"five open none paid", build(5, 80000, 60000), ChannelIM, WhySuspectUnpaid, "可疑: 多单未付"},
		{"far above the usual", build(1, 800000, 60000), ChannelIM, WhySuspectAmount, "可疑: 新账号远超常见金额"},
		{"receiver mismatch", mismatched(build(1, 80000, 60000), 0), ChannelIM, WhySuspectReceiver, "可疑: 收件人与买家不符"},
		{"another order's receiver mismatch", mismatched(build(1, 80000, 60000), 1), ChannelNone, 0, ""},
	}
	for _, tt := range tests {
		var r Ranker
		var row Row
		for _, x := range r.Rank(Input{Snap: tt.s, Config: cfg, Now: now, Me: -1}) {
			if tt.s.Orders[x.Order].ID == "0" {
				row = x
			}
		}
		if tt.ch == ChannelNone && row.Rule() != RuleNewHighValue { // the phone rule, whatever its first touch
			t.Errorf("%s: rule %v", tt.name, row.Rule())
		}
		if (tt.ch != ChannelNone && row.Channel() != tt.ch) || row.Why&WhySuspect != tt.why {
			t.Errorf("%s: channel %v rule %v why %b", tt.name, row.Channel(), row.Rule(), row.Why)
		}
		if tt.why != 0 && row.Rule() != RuleSuspicious {
			t.Errorf("%s: rule %v", tt.name, row.Rule())
		}
		if got := ExplainRow(row, tt.s, cfg, now, LangZH); !strings.Contains(got, tt.explain) {
			t.Errorf("%s: why %q lacks %q", tt.name, got, tt.explain)
		}
		// The second touch, after the IM went unanswered, is not a call either; the plain
		// order's is.
		tt.s.Orders[0].Contact = ContactState{ClaimBy: -1, Touches: 1, LastAt: now.Unix() - 7200, LastChannel: ChannelIM, Tried: 1 << ChannelIM}
		var retry Row
		for _, x := range r.Rank(Input{Snap: tt.s, Config: cfg, Now: now, Me: -1}) {
			if tt.s.Orders[x.Order].ID == "0" {
				retry = x
			}
		}
		if call := retry.Channel() == ChannelPhone; call != (tt.why == 0) {
			t.Errorf("%s: the second touch on %v (rule %v)", tt.name, retry.Channel(), retry.Rule())
		}
		if tt.why != 0 && (retry.Why&tt.why == 0 || retry.Rule() != RuleSuspicious) {
			t.Errorf("%s: the second touch's rule %v why %b", tt.name, retry.Rule(), retry.Why)
		}
	}
}

// mismatched flags order i of s as one whose masked receiver does not match the buyer.
func mismatched(s *Snapshot, i int) *Snapshot {
	s.Orders[i].Flags |= FlagReceiverMismatch
	return s
}

// TestNoCallToABuyerWithASuspiciousOrder: a new buyer's ¥800 order is due a call, and their
// other open order is far above the shop's usual amount. The two are one conversation, so
// the lead goes to IM and says why, whichever of the two leads.
func TestNoCallToABuyerWithASuspiciousOrder(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	tried := ContactState{ClaimBy: -1, Touches: 1, LastAt: now.Unix() - 3*3600, LastChannel: ChannelIM, Tried: 1 << ChannelIM}
	tests := []struct {
		name  string
		other Fen        // the buyer's second order
		flags OrderFlags // and its flags
		call  bool
		why   Why
	}{
		{"second order usual", 60000, 0, true, 0},
		{"second order far above the usual", 900000, 0, false, WhySuspectAmount},
		{"second order's receiver does not match", 60000, FlagReceiverMismatch, false, WhySuspectReceiver},
	}
	for _, tt := range tests {
		s := &Snapshot{Buyers: []Buyer{{Nick: "新客", Phone: "13800001234", Open: 2}, {Nick: "别人", Phone: "13800005678", Paid: 1}}}
		s.Orders = append(s.Orders,
			Order{ID: "0", Title: "一级能效变频空调", Amount: 80000, Created: now.Add(-5 * time.Hour).Unix(), Agent: -1,
				Platform: PlatformTaobao, Contact: tried},
			Order{ID: "1", Title: "投影仪", Amount: tt.other, Created: now.Add(-20 * time.Hour).Unix(), Agent: -1,
				Platform: PlatformTaobao, Flags: tt.flags, Contact: tried})
		for i := 0; i < 20; i++ { // the shop's usual orders, from someone else
			s.Orders = append(s.Orders, Order{ID: "x" + string(rune('a'+i)), Title: "抽纸", Amount: 60000, Created: now.Unix() - 7200,
				Buyer: 1, Agent: -1, Platform: PlatformTaobao, Contact: ContactState{ClaimBy: -1}})
		}
		MarkDuplicates(s)
		var r Ranker
		var due []Row
		for _, x := range r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1}) {
			if s.Orders[x.Order].Buyer == 0 && x.Section() == SectionDue {
				due = append(due, x)
			}
		}
		if len(due) != 1 {
			t.Fatalf("%s: %d due rows for the buyer, want 1", tt.name, len(due))
		}
		if got := due[0].Channel() == ChannelPhone; got != tt.call {
			t.Errorf("%s: lead %s on %v (rule %v), a call: %v, want %v", tt.name, s.Orders[due[0].Order].ID,
				due[0].Channel(), due[0].Rule(), got, tt.call)
		}
		if !tt.call && (due[0].Why&tt.why == 0 || !strings.Contains(ExplainRow(due[0], s, cfg, now, LangZH), "可疑")) {
			t.Errorf("%s: the lead does not say why: %q", tt.name, ExplainRow(due[0], s, cfg, now, LangZH))
		}
	}
}

func TestBreaksWarnsOfACallOnASuspiciousOrder(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	tests := []struct {
		name string
		o    Order
		b    Buyer
		warn bool
	}{
		{"plain", Order{Amount: 80000}, Buyer{Phone: "13800001234", Open: 1}, false},
		{"five open none paid", Order{Amount: 80000}, Buyer{Phone: "13800001234", Open: 5}, true},
		{"receiver mismatch", Order{Amount: 80000, Flags: FlagReceiverMismatch}, Buyer{Phone: "13800001234", Open: 1}, true},
	}
	for _, tt := range tests {
		tt.o.Created = now.Unix() - 7200
		got := cfg.Breaks(&tt.o, &tt.b, nil, 0, ChannelPhone, ResultNoAnswer, now)
		if slices.Contains(got, BreakSuspectCall) != tt.warn {
			t.Errorf("%s: phone warnings %q", tt.name, got)
		}
		if im := cfg.Breaks(&tt.o, &tt.b, nil, 0, ChannelIM, ResultSent, now); slices.Contains(im, BreakSuspectCall) {
			t.Errorf("%s: an IM is fine, got %q", tt.name, im)
		}
	}
}
