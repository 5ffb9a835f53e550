package queue

import "testing"

// TestAuditTakesAnOutcomeAsItsAttempt: the replay flags an attempt that skipped a due order
// or went over the cap, but not the outcome logged on it minutes later, which is the same
// contact; an outcome an hour on is a touch of its own. Order "due" comes due meanwhile.
func TestAuditTakesAnOutcomeAsItsAttempt(t *testing.T) {
	cfg := testConfig()
	low := OrderKey{PlatformTaobao, "low"}
	contact := func(id int64, hhmm string, r Result) Event {
		return Event{ID: id, At: at(hhmm).Unix(), Operator: "小美", Kind: EventContact, Order: low, Channel: ChannelIM, Result: r}
	}
	h := &History{
		Orders: []PastOrder{
			{Order: Order{Platform: PlatformTaobao, ID: "low", Amount: 5000, Created: at("13:00").Unix(), Buyer: 0, Agent: -1}},
			{Order: Order{Platform: PlatformTaobao, ID: "due", Amount: 90000, Created: at("14:20").Unix(), Buyer: 1, Agent: -1}},
		},
		Buyers: []Buyer{{Nick: "a", Phone: "13800000001"}, {Nick: "b", Phone: "13800000002"}},
		Events: []Event{
			contact(1, "15:00", ResultReplied),
			contact(2, "15:04", ResultPromised), // the buyer's answer to that message
			contact(3, "16:30", ResultDeclined), // another touch, over the low-ticket cap of 1
		},
	}
	flags, _ := h.Audit(cfg)
	if flags[1] != 0 {
		t.Fatalf("the outcome of the attempt is flagged %v", FlagWords(flags[1], LangEN))
	}
	if flags[2]&FlagOverCap == 0 {
		t.Fatalf("a touch over the cap is not flagged: %v", FlagWords(flags[2], LangEN))
	}
}
