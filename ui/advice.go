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
// loaded ("" otherwise) and the buyer's decline reason for a follow-up. The workstation and
// `cuifu queue --format json` both ask through it, so the message a tool reads is the one a
// specialist copies.
func ScriptRequest(row *queue.Row, snap *queue.Snapshot, cfg *queue.Config, now time.Time, l queue.Lang, receiver, reason string) scripts.Request {
	o := &snap.Orders[row.Order]
	phase, sale := cfg.OrderPhase(time.Unix(o.Created, 0), now)
	r := scripts.Request{Order: o, Buyer: &snap.Buyers[o.Buyer], Receiver: receiver, Channel: row.Channel(),
		SMSKind: row.SMSKind(), Phase: phase, Config: cfg, Now: now, Lang: l, Reason: reason}
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
