package queue

import (
	"cmp"
	"slices"
)

// Conversations follows a shift log's contacts order by order, folding them as the store
// does (ContactState.Apply), and tells the contacts of their own from those that join the
// one before on their order (ContactState.Joins): an outcome logged soon after its own
// attempt is the buyer's answer to it, one contact. The daily cap, payroll, the tally, the
// replay's numbers and the report read the log through it, so each counts what the caps
// count. The zero value is ready to use.
type Conversations struct {
	ops    Snapshot // the operators' indexes, as Apply compares them
	orders map[OrderKey]*conversation
}

// conversation is one order's contacts so far: its fold, and the contact that opened its
// latest conversation.
type conversation struct {
	c      ContactState
	id, at int64
}

// Add folds e, the next live event of its order in log order (only contacts count; other
// events are left out), and returns the contact it belongs to: the id and time of e itself
// when it is a contact of its own, or those of the contact it joins (joins true).
func (v *Conversations) Add(e *Event) (id, at int64, joins bool) {
	if e.Kind != EventContact {
		return e.ID, e.At, false
	}
	if v.orders == nil {
		v.orders = map[OrderKey]*conversation{}
	}
	o := v.orders[e.Order]
	if o == nil {
		o = &conversation{c: ContactState{ClaimBy: -1}}
		v.orders[e.Order] = o
	}
	if joins = o.c.Apply(e, v.ops.OperatorIndex(e.Operator)); !joins {
		o.id, o.at = e.ID, e.At
	}
	return o.id, o.at, joins
}

// Forget drops what v knows of the orders so far, keeping its memory, for a reader that
// goes through the log buyer by buyer or order by order.
func (v *Conversations) Forget() { clear(v.orders) }

// Openers returns, for each of events (live ones: see Live), the index in events of the
// contact it belongs to: its own for a contact of its own (and for any other event), the
// attempt's for an outcome that joins it (Conversations). The log order is the events' ids
// when they all have one, and the order given otherwise, so events may come in any order.
func Openers(events []Event) []int {
	order := make([]int, len(events))
	byID := true
	for i := range order {
		order[i] = i
		byID = byID && events[i].ID != 0
	}
	if byID {
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(events[a].ID, events[b].ID) })
	}
	out := make([]int, len(events))
	var v Conversations
	last := map[OrderKey]int{} // the index of each order's latest contact of its own
	for _, i := range order {
		e := &events[i]
		out[i] = i
		if e.Kind != EventContact {
			continue
		}
		if _, _, joins := v.Add(e); joins {
			out[i] = last[e.Order]
			continue
		}
		last[e.Order] = i
	}
	return out
}
