package queue

import (
	"errors"
	"math"
	"testing"
)

func TestAttribute(t *testing.T) {
	k := func(id string) OrderKey { return OrderKey{PlatformTaobao, id} }
	base := at("10:00").Unix()
	h := int64(3600)
	contact := func(id int64, op, order string, atS int64, r Result) Event {
		return Event{ID: id, At: atS, Operator: op, Kind: EventContact, Order: k(order), Channel: ChannelIM, Result: r}
	}
	events := []Event{
		contact(1, "小美", "A", base, ResultSent),
		contact(2, "阿杰", "A", base+h, ResultReplied),   // last touch before payment: credit
		contact(3, "婷婷", "A", base+3*h, ResultSent),    // after payment: never counts
		contact(4, "小美", "B", base-100*h, ResultSent),  // outside the 72 h look-back
		contact(5, "小美", "C", base, ResultClaimedPaid), // claimed, never confirmed paid
		contact(6, "婷婷", "D", base+2*h, ResultSent),    // at the payment second: does not count
		contact(7, "小美", "D", base+h, ResultSent),
		{ID: 8, At: base + h, Operator: "阿杰", Kind: EventReveal, Order: k("E")}, // a reveal is not a touch
	}
	payments := []Payment{
		{Order: k("A"), PaidAt: base + 2*h, Amount: 120000},
		{Order: k("B"), PaidAt: base, Amount: 5000},
		{Order: k("D"), PaidAt: base + 2*h, Amount: 8800},
		{Order: k("E"), PaidAt: base + 2*h, Amount: 1000},
	}
	got := Attribute(events, payments, 72*h)
	want := map[string]string{"A": "阿杰", "D": "小美"}
	if len(got) != len(want) {
		t.Fatalf("recoveries = %+v, want %v", got, want)
	}
	for _, r := range got {
		if want[r.Order.ID] != r.Operator {
			t.Errorf("order %s credited to %s, want %s", r.Order.ID, r.Operator, want[r.Order.ID])
		}
	}
	for _, r := range got {
		if r.Order.ID == "A" && (r.Amount != 120000 || r.TouchID != 2) {
			t.Errorf("order A: %+v, want ¥1200 credited for touch 2", r)
		}
	}
}

func TestStatsAndBonus(t *testing.T) {
	k := OrderKey{PlatformTaobao, "A"}
	day := at("10:00").Unix()
	events := []Event{
		{ID: 1, At: day, Operator: "小美", Kind: EventContact, Order: k, Result: ResultSent},
		{ID: 2, At: day + 60, Operator: "小美", Kind: EventContact, Order: k, Result: ResultReplied},
		{ID: 3, At: day + 120, Operator: "小美", Kind: EventContact, Order: OrderKey{PlatformTaobao, "B"}, Result: ResultDoNotContact, Reason: "complaint"},
		{ID: 4, At: day + 86400, Operator: "小美", Kind: EventContact, Order: k, Result: ResultSent},
	}
	rec := []Recovery{{Order: k, Operator: "小美", PaidAt: day + 3600, Amount: 123456, TouchAt: day + 60, TouchID: 2, ContactAt: day + 60, ContactID: 2}}
	stats, err := Stats(events, rec, 0, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 {
		t.Fatalf("stats = %+v", stats)
	}
	d := stats[0]
	if d.Day != "2026-11-11" || d.Contacts != 3 || d.OrdersContacted != 2 || d.Recovered != 1 || d.RecoveredAmount != 123456 || d.Complaints != 1 {
		t.Fatalf("day 1 = %+v", d)
	}
	if d.SuccessRate() != 0.5 {
		t.Fatalf("success rate = %v", d.SuccessRate())
	}
	cfg := DefaultConfig()
	bonus, formula, err := cfg.Payroll.Bonus(d, LangEN)
	if err != nil {
		t.Fatal(err)
	}
	// 1×¥2 + 1% of ¥1234.56 (¥12.3456 → ¥12.35) − 1×¥5 = ¥9.35
	if bonus != 935 || formula != "1×¥2.00 + 1%×¥1234.56 − 1×¥5.00 = ¥9.35" {
		t.Fatalf("bonus = %d, %q", bonus, formula)
	}
}

func TestOnlyATouchThatReachedTheBuyerEarnsCredit(t *testing.T) {
	k := OrderKey{PlatformTaobao, "A"}
	paidAt := at("12:00").Unix()
	for _, tc := range []struct {
		r       Result
		ch      Channel
		credits bool
	}{
		{ResultSent, ChannelIM, true},
		{ResultSent, ChannelSMS, true},
		{ResultReplied, ChannelIM, true},
		{ResultPromised, ChannelPhone, true},
		{ResultDeclined, ChannelPhone, true},
		{ResultClaimedPaid, ChannelIM, true},
		{ResultNoAnswer, ChannelIM, true}, // the message was delivered
		{ResultNoAnswer, ChannelPhone, false},
		{ResultBusy, ChannelPhone, false},
		{ResultWrongNumber, ChannelPhone, false},
		{ResultInvalid, ChannelSMS, false},
		{ResultDoNotContact, ChannelIM, false},
		{ResultDuplicate, ChannelIM, false},
		{ResultNone, ChannelIM, false},
	} {
		t.Run(tc.r.String()+"/"+tc.ch.String(), func(t *testing.T) {
			// An earlier touch that reached the buyer, then the one under test, last before
			// the payment: the credit goes to the last touch that reached the buyer.
			events := []Event{
				{ID: 1, At: paidAt - 7200, Operator: "小美", Kind: EventContact, Order: k, Channel: ChannelIM, Result: ResultSent},
				{ID: 2, At: paidAt - 3600, Operator: "阿杰", Kind: EventContact, Order: k, Channel: tc.ch, Result: tc.r},
			}
			got := Attribute(events, []Payment{{Order: k, PaidAt: paidAt, Amount: 100}}, 72*3600)
			want := "小美"
			if tc.credits {
				want = "阿杰"
			}
			if len(got) != 1 || got[0].Operator != want {
				t.Fatalf("recoveries %+v, want one credited to %s", got, want)
			}
			if alone := Attribute(events[1:], []Payment{{Order: k, PaidAt: paidAt, Amount: 100}}, 72*3600); (len(alone) == 1) != tc.credits {
				t.Fatalf("the touch alone: recoveries %+v, credit %v", alone, tc.credits)
			}
		})
	}
}

func TestMoneySumsNeverWrap(t *testing.T) {
	big := Fen(math.MaxInt64/2 + 1)
	day := at("10:00").Unix()
	k := func(id string) OrderKey { return OrderKey{PlatformTaobao, id} }
	rec := []Recovery{{Order: k("A"), Operator: "小美", PaidAt: day, Amount: big}, {Order: k("B"), Operator: "小美", PaidAt: day + 60, Amount: big}}
	if _, err := Stats(nil, rec, 0, shanghai); !errors.Is(err, ErrMoneyOverflow) {
		t.Errorf("payroll day of two huge recoveries: %v, want ErrMoneyOverflow", err)
	}
	h := &History{Orders: []PastOrder{{Order: Order{Platform: PlatformTaobao, ID: "A", Amount: big}, PaidAt: day, Status: StatusPaid},
		{Order: Order{Platform: PlatformTaobao, ID: "B", Amount: big}, PaidAt: day, Status: StatusPaid}},
		Events: []Event{{ID: 1, At: day - 60, Operator: "小美", Kind: EventContact, Order: k("A"), Result: ResultSent},
			{ID: 2, At: day - 60, Operator: "小美", Kind: EventContact, Order: k("B"), Result: ResultSent}}}
	if _, err := h.Stats(day-3600, day+3600, 3600); !errors.Is(err, ErrMoneyOverflow) {
		t.Errorf("replay stats of two huge recoveries: %v, want ErrMoneyOverflow", err)
	}
	cfg := DefaultConfig()
	for _, d := range []DayStats{
		{Recovered: 1, RecoveredAmount: Fen(math.MaxInt64 / 50)}, // 1% of it overflows as basis points
		{Recovered: math.MaxInt32, Complaints: 0},
	} {
		p := cfg.Payroll
		p.PerRecoveredFen = Fen(math.MaxInt64 / 1000)
		if _, _, err := p.Bonus(d, LangEN); !errors.Is(err, ErrMoneyOverflow) {
			t.Errorf("bonus of %+v: %v, want ErrMoneyOverflow", d, err)
		}
	}
	if _, _, err := cfg.Payroll.Bonus(DayStats{Recovered: 1, RecoveredAmount: 1_000_000_000}, LangEN); err != nil {
		t.Errorf("an ordinary bonus: %v", err)
	}
}

// TestABonusBelowZeroSaysHowItCameAbout: the rule sets no floor, so a day whose complaints
// cost more than its recoveries earned pays a negative bonus, and its arithmetic says so in
// the user's language: "= ¥-5.00" alone read like a misprint. A bonus of zero or more keeps
// its arithmetic as it was.
func TestABonusBelowZeroSaysHowItCameAbout(t *testing.T) {
	rule := DefaultConfig().Payroll
	for _, tc := range []struct {
		name  string
		d     DayStats
		l     Lang
		bonus Fen
		want  string
	}{
		{"one complaint, nothing recovered", DayStats{Complaints: 1}, LangZH, -500,
			"0×¥2.00 + 1%×¥0.00 − 1×¥5.00 = −¥5.00(投诉扣款 ¥5.00 多于挽回所得 ¥0.00,奖金为负:规则不设下限)"},
		{"one complaint, nothing recovered, English", DayStats{Complaints: 1}, LangEN, -500,
			"0×¥2.00 + 1%×¥0.00 − 1×¥5.00 = −¥5.00 (the complaints' ¥5.00 is more than the ¥0.00 earned, so the bonus is negative: the rule sets no floor)"},
		{"two complaints, one small recovery", DayStats{Recovered: 1, RecoveredAmount: 10000, Complaints: 2}, LangZH, -700,
			"1×¥2.00 + 1%×¥100.00 − 2×¥5.00 = −¥7.00(投诉扣款 ¥10.00 多于挽回所得 ¥3.00,奖金为负:规则不设下限)"},
		{"a complaint the recoveries cover exactly", DayStats{Recovered: 2, RecoveredAmount: 10000, Complaints: 1}, LangZH, 0,
			"2×¥2.00 + 1%×¥100.00 − 1×¥5.00 = ¥0.00"},
		{"no complaint", DayStats{Recovered: 1, RecoveredAmount: 8800}, LangEN, 288,
			"1×¥2.00 + 1%×¥88.00 − 0×¥5.00 = ¥2.88"},
	} {
		bonus, formula, err := rule.Bonus(tc.d, tc.l)
		if err != nil || bonus != tc.bonus || formula != tc.want {
			t.Errorf("%s: %d %q %v, want %d %q", tc.name, bonus, formula, err, tc.bonus, tc.want)
		}
	}
}
