package queue

// Revoked returns the ids of the events that the revoke events among events take back.
func Revoked(events []Event) map[int64]bool {
	var out map[int64]bool
	for i := range events {
		if e := &events[i]; e.Kind == EventRevoke && e.Revokes != 0 {
			if out == nil {
				out = map[int64]bool{}
			}
			out[e.Revokes] = true
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
	out := make([]Event, 0, len(events)-2*len(gone))
	for _, e := range events {
		if e.Kind != EventRevoke && !gone[e.ID] {
			out = append(out, e)
		}
	}
	return out
}
