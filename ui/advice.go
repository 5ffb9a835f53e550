package ui

import (
	"time"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/scripts"
)

// ScriptRequest is what the advisor is asked for a ranked row: the queue's decisions (the
// row's channel and SMS kind, the order's phase in the sale calendar, the running sale's
// price end) passed in as plain values, with the receiver's name when the order's detail is
// loaded ("" otherwise), the buyer's decline reason for a follow-up, and how many orders the
// message speaks of (Together). The workstation and
// `cuifu queue --format json` both ask through it, so the message a tool reads is the one a
// specialist copies.
func ScriptRequest(rows []queue.Row, i int, snap *queue.Snapshot, cfg *queue.Config, now time.Time, l queue.Lang, receiver, reason string) scripts.Request {
	row := &rows[i]
	o := &snap.Orders[row.Order]
	phase, sale := cfg.OrderPhase(time.Unix(o.Created, 0), now)
	r := scripts.Request{Order: o, Buyer: &snap.Buyers[o.Buyer], Receiver: receiver, Channel: row.Channel(),
		SMSKind: row.SMSKind(), Phase: phase, Config: cfg, Now: now, Lang: l, Reason: reason, Together: Together(rows, i, snap)}
	if sale.On(now) {
		r.SaleEnds = sale.End
	}
	return r
}

// DeclineReason returns the reason the buyer gave when they last declined, for a follow-up,
// or "" when the order's last result is not a decline or its detail is not loaded.
func DeclineReason(o *queue.Order, d *data.Detail) string {
	reason := ""
	if o.Contact.LastResult == queue.ResultDeclined && d != nil {
		for _, e := range d.History {
			if e.Result == queue.ResultDeclined {
				reason = e.Reason
			}
		}
	}
	return reason
}

// Together is how many of the buyer's orders a message for rows[i] speaks of: its group's
// lead and the orders grouped under it, as the lead's row says (+2单), less the likely
// duplicates: a buyer is never asked to pay a duplicate too, and an order past its close or
// blocked is in no group. 1 for an order of its own. The ranking puts a group together, so
// this looks at the group's rows only.
func Together(rows []queue.Row, i int, snap *queue.Snapshot) int {
	lead := rows[i].Order
	if rows[i].Section() == queue.SectionGrouped {
		lead = rows[i].Lead()
	}
	start := i
	for start > 0 && rows[start].Section() == queue.SectionGrouped && rows[start].Lead() == lead {
		start--
	}
	n := 0
	for k := start; k < len(rows); k++ {
		r := &rows[k]
		if r.Order != lead && r.Lead() != lead {
			if k > i {
				break
			}
			continue
		}
		if snap.Orders[r.Order].Flags&queue.FlagDuplicate == 0 {
			n++
		}
	}
	return max(n, 1)
}
