package queue

import "strings"

// GroupFollow returns the event a snooze, a claim or a release e of one of a buyer's orders
// logs for another of their open orders, as GroupTouch does for a contact: the buyer is the
// unit of contact, so a buyer snoozed or claimed through the order that stands for them is
// snoozed or claimed whole, and none of their other orders comes up for anyone meanwhile.
// Its note names e's order and its UID is made from e's (a retry of e logs no second one).
// ok is false for other events and for a follow itself.
func GroupFollow(e *Event, other OrderKey) (Event, bool) {
	switch e.Kind {
	case EventSnooze, EventClaim, EventRelease:
	default:
		return Event{}, false
	}
	if FollowLead(e) != "" {
		return Event{}, false
	}
	g := *e
	g.ID, g.Order, g.Note, g.Warning, g.Force, g.UID = 0, other, groupNote+e.Order.ID, "", false, e.UID+"/"+other.ID
	return g, true
}

// FollowLead returns the order number a group follow's snooze, claim or release was logged
// on ("" for other events).
func FollowLead(e *Event) string {
	switch e.Kind {
	case EventSnooze, EventClaim, EventRelease:
		if lead, ok := strings.CutPrefix(e.Note, groupNote); ok {
			return lead
		}
	}
	return ""
}
