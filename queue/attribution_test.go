package queue

import "testing"

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
	rec := []Recovery{{Order: k, Operator: "小美", PaidAt: day + 3600, Amount: 123456}}
	stats := Stats(events, rec, shanghai)
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
	bonus, formula := cfg.Payroll.Bonus(d)
	// 1×¥2 + 1% of ¥1234.56 (¥12.3456 → ¥12.35) − 1×¥5 = ¥9.35
	if bonus != 935 || formula != "1×¥2.00 + 1%×¥1234.56 − 1×¥5.00 = ¥9.35" {
		t.Fatalf("bonus = %d, %q", bonus, formula)
	}
}
