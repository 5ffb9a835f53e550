package queue

import "testing"

func TestGroupFollow(t *testing.T) {
	lead, other := OrderKey{Platform: PlatformTaobao, ID: "A"}, OrderKey{Platform: PlatformTaobao, ID: "B"}
	for _, tt := range []struct {
		name string
		e    Event
		ok   bool
	}{
		{"a snooze", Event{Kind: EventSnooze, Order: lead, UID: "u1", Until: 900, Warning: "x", Force: true}, true},
		{"a claim", Event{Kind: EventClaim, Order: lead, UID: "u2", Until: 900}, true},
		{"a release", Event{Kind: EventRelease, Order: lead, UID: "u3"}, true},
		{"a follow itself", Event{Kind: EventSnooze, Order: lead, UID: "u4/A", Note: groupNote + "Z"}, false},
		{"a contact (GroupTouch's)", Event{Kind: EventContact, Order: lead, UID: "u5", Result: ResultSent}, false},
		{"a reveal", Event{Kind: EventReveal, Order: lead, UID: "u6"}, false},
	} {
		g, ok := GroupFollow(&tt.e, other)
		if ok != tt.ok {
			t.Errorf("%s: ok %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if g.Order != other || g.Kind != tt.e.Kind || g.Until != tt.e.Until || g.UID != tt.e.UID+"/B" || g.Force || g.Warning != "" || FollowLead(&g) != "A" {
			t.Errorf("%s: follow %+v", tt.name, g)
		}
		if FollowLead(&tt.e) != "" {
			t.Errorf("%s: the lead's own event names a lead", tt.name)
		}
	}
	if touch := (Event{Kind: EventContact, Note: groupNote + "A"}); FollowLead(&touch) != "" {
		t.Error("a group touch is GroupLead's, not a follow")
	}
}
