package queue

import "testing"

// TestAuditLooksPastAColleaguesTopOrder: a contact skips the most urgent due order the
// specialist could take, not only the queue's first row. When the first row was a
// colleague's (their reception, 谁接待谁催付), the audit gave up, so 小美 working a small
// order an hour late past an unassigned fresh big one was never flagged; a colleague's
// order itself is still never held against her.
func TestAuditLooksPastAColleaguesTopOrder(t *testing.T) {
	key := func(id string) OrderKey { return OrderKey{PlatformTaobao, id} }
	order := func(id string, amount Fen, created string, buyer, agent int32) PastOrder {
		return PastOrder{Order: Order{Platform: PlatformTaobao, ID: id, Amount: amount, Created: at(created).Unix(), Buyer: buyer, Agent: agent}}
	}
	for _, tt := range []struct {
		name    string
		others  []PastOrder
		skipped OrderKey // the zero key: no flag
	}{
		{"a colleague's order first, an unassigned one next", []PastOrder{
			order("colleague", 300000, "14:25", 1, 1), order("free", 250000, "14:25", 2, -1)}, key("free")},
		{"a colleague's order first, my own next", []PastOrder{
			order("colleague", 300000, "14:25", 1, 1), order("mine", 250000, "14:25", 2, 0)}, key("mine")},
		{"only colleagues' orders more urgent", []PastOrder{
			order("colleague", 300000, "14:25", 1, 1), order("colleague2", 250000, "14:25", 2, 1)}, OrderKey{}},
		{"an unassigned order first", []PastOrder{
			order("free", 300000, "14:25", 1, -1)}, key("free")},
	} {
		h := &History{
			Orders:    append([]PastOrder{order("small", 3000, "13:00", 0, -1)}, tt.others...),
			Buyers:    []Buyer{{Nick: "a", Phone: "13800000001"}, {Nick: "b", Phone: "13800000002"}, {Nick: "c", Phone: "13800000003"}},
			Operators: []string{"小美", "阿杰"},
			Events: []Event{{ID: 1, At: at("15:00").Unix(), Operator: "小美", Kind: EventContact, Order: key("small"),
				Channel: ChannelIM, Result: ResultSent}},
		}
		flags, skipped := h.Audit(testConfig())
		if got := flags[0]&FlagSkippedUrgent != 0; got != (tt.skipped != OrderKey{}) || skipped[0] != tt.skipped {
			t.Errorf("%s: flagged %v, skipped %v; want %v", tt.name, got, skipped[0], tt.skipped)
		}
	}
}
