package ui

import "cuifu/queue"

// Summary is what a team board needs to know of one workstation, read between its updates.
type Summary struct {
	Due, Upcoming, Blocked int
	// OldestDue is the due order placed longest ago; OldestCreated its order time (unix
	// seconds). HasOldest is false when nothing is due.
	OldestDue     queue.OrderKey
	OldestCreated int64
	HasOldest     bool
}

// Summary reports the workstation's counts and its oldest due order. It only reads (the
// whole ranked list: call it now and then, not on every key), on the goroutine that runs
// Update, between two messages.
func (m *Model) Summary() Summary {
	s := Summary{Due: m.counts[0], Upcoming: m.counts[1], Blocked: m.counts[2]}
	if m.snap == nil {
		return s
	}
	for i := range m.rows {
		r := &m.rows[i]
		if r.Section() != queue.SectionDue {
			continue
		}
		o := &m.snap.Orders[r.Order]
		if !s.HasOldest || o.Created < s.OldestCreated {
			s.OldestDue, s.OldestCreated, s.HasOldest = o.Key(), o.Created, true
		}
	}
	return s
}

// Selection is the order the specialist is on, if any. It only reads, cheaply: call it on
// the goroutine that runs Update, between two messages.
func (m *Model) Selection() (queue.OrderKey, bool) { return m.selected, m.hasSel }
