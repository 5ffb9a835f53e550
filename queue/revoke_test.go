package queue

import (
	"testing"
)

// TestRevokedEventsCountForNothing: payroll, attribution and replay read a revoked event as
// if it had never been logged, whether the revoke is in the same stretch of the log or the
// store marked the event as revoked later (RevokedBy).
func TestRevokedEventsCountForNothing(t *testing.T) {
	k := OrderKey{PlatformTaobao, "A"}
	base := at("10:00").Unix()
	contact := func(id int64, op string, atS int64, r Result) Event {
		return Event{ID: id, At: atS, Operator: op, Kind: EventContact, Order: k, Channel: ChannelIM, Result: r}
	}
	pay := []Payment{{Order: k, PaidAt: base + 7200, Amount: 50000}}
	tests := []struct {
		name   string
		events []Event
		credit string // who gets the recovery
	}{
		{"no revoke", []Event{contact(1, "小美", base, ResultSent), contact(2, "阿杰", base+60, ResultSent)}, "阿杰"},
		{"the last touch revoked in the log", []Event{contact(1, "小美", base, ResultSent), contact(2, "阿杰", base+60, ResultSent),
			{ID: 3, At: base + 120, Operator: "阿杰", Kind: EventRevoke, Order: k, Revokes: 2}}, "小美"},
		{"the last touch revoked later", []Event{contact(1, "小美", base, ResultSent), {ID: 2, At: base + 60, Operator: "阿杰",
			Kind: EventContact, Order: k, Channel: ChannelIM, Result: ResultSent, RevokedBy: 9}}, "小美"},
		{"every touch revoked", []Event{contact(1, "小美", base, ResultSent),
			{ID: 2, At: base + 120, Operator: "小美", Kind: EventRevoke, Order: k, Revokes: 1}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := Attribute(tt.events, pay, 72*3600)
			if got := ""; len(rec) > 0 {
				if got = rec[0].Operator; got != tt.credit {
					t.Fatalf("credit to %q, want %q", got, tt.credit)
				}
			} else if tt.credit != "" {
				t.Fatalf("no recovery, want one for %q", tt.credit)
			}
			days, err := Stats(tt.events, rec, 0, shanghai)
			if err != nil {
				t.Fatal(err)
			}
			live := Live(tt.events)
			contacts := 0
			for _, d := range days {
				contacts += d.Contacts
			}
			if contacts != len(live) {
				t.Fatalf("payroll counts %d contacts, want the %d live ones", contacts, len(live))
			}
			h := &History{Orders: []PastOrder{{Order: Order{Platform: PlatformTaobao, ID: "A", Created: base - 3600, Amount: 50000}}},
				Buyers: []Buyer{{Nick: "买家"}}, Events: tt.events}
			st, err := h.Stats(base-3600, base+86400, 72*3600)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, s := range st {
				n += s.Contacts
			}
			if n != len(live) {
				t.Fatalf("replay counts %d contacts, want %d", n, len(live))
			}
			if snap := h.At(base+3600, testConfig()); int(snap.Orders[0].Contact.Touches) != len(live) {
				t.Fatalf("replayed touches %d, want %d", snap.Orders[0].Contact.Touches, len(live))
			}
		})
	}
}

// TestRevokedOptOutIsUndoneInReplay: the buyer of a revoked opt-out is not opted out in the
// replayed queue.
func TestRevokedOptOutIsUndoneInReplay(t *testing.T) {
	k := OrderKey{PlatformTaobao, "A"}
	base := at("10:00").Unix()
	h := &History{Orders: []PastOrder{{Order: Order{Platform: PlatformTaobao, ID: "A", Created: base - 3600, Amount: 50000}}},
		Buyers: []Buyer{{Nick: "买家"}}, Events: []Event{
			{ID: 1, At: base, Operator: "小美", Kind: EventContact, Order: k, Channel: ChannelIM, Result: ResultDoNotContact, Reason: "complaint"},
			{ID: 2, At: base + 60, Operator: "小美", Kind: EventRevoke, Order: k, Revokes: 1},
		}}
	snap := h.At(base+3600, testConfig())
	if b := snap.Buyers[0]; b.OptedOut || b.Complaint || snap.Orders[0].Contact.Closed {
		t.Fatalf("after the revoke: buyer %+v, order %+v", b, snap.Orders[0].Contact)
	}
}
