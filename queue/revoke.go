package queue

// Revoked returns the ids of the revoked events among events: those the store read as
// revoked (RevokedBy), and those that revoke events among them take back.
func Revoked(events []Event) map[int64]bool {
	var out map[int64]bool
	add := func(id int64) {
		if out == nil {
			out = map[int64]bool{}
		}
		out[id] = true
	}
	for i := range events {
		e := &events[i]
		if e.Kind == EventRevoke && e.Revokes != 0 {
			add(e.Revokes)
		}
		if e.RevokedBy != 0 {
			add(e.ID)
		}
	}
	return out
}

// Live returns the events that still count, in their order: the log without its revoke
// events and the events they took back. Payroll, the tally and replay read the log through
// it, so a revoked event never pays, counts or blocks.
func Live(events []Event) []Event {
	gone := Revoked(events)
	if gone == nil {
		return events
	}
	out := make([]Event, 0, len(events))
	for _, e := range events {
		if e.Kind != EventRevoke && !gone[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

// gone reports whether the history's event e no longer counts: a revoke, or revoked.
func (h *History) gone(e *Event) bool {
	if h.revoked == nil {
		h.revoked = Revoked(h.Events)
		if h.revoked == nil {
			h.revoked = map[int64]bool{} // worked out: none
		}
	}
	return e.Kind == EventRevoke || h.revoked[e.ID]
}
