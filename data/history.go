package data

import (
	"context"

	"cuifu/queue"
)

// History loads what a replay reads: every order with its buyer and payment time, and the
// shift log's events from `from` on (all of them when from is 0). Replay and payroll read
// only the log and the orders.
func (s *Store) History(ctx context.Context, cfg *queue.Config, from int64) (*queue.History, error) {
	h := &queue.History{}
	rows, err := s.db.QueryContext(ctx, `SELECT o.platform, o.order_id, o.title, o.amount, o.created, o.deadline, o.flash, o.agent,
			o.paid_at, o.status, b.id, b.nick, b.phone
		FROM orders o JOIN buyers b ON b.id = o.buyer_id ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	snap := queue.Snapshot{}
	buyers := map[int64]int32{}
	for rows.Next() {
		var p queue.PastOrder
		var plat, flash, status int
		var agent, nick, phone string
		var buyerID int64
		o := &p.Order
		if err := rows.Scan(&plat, &o.ID, &o.Title, &o.Amount, &o.Created, &o.Deadline, &flash, &agent, &p.PaidAt, &status,
			&buyerID, &nick, &phone); err != nil {
			return nil, err
		}
		o.Platform, p.Status = queue.Platform(plat), queue.Status(status)
		if flash != 0 {
			o.Flags |= queue.FlagFlash
		}
		if CallAverse(o.Title, cfg.Channel.CallAverse) {
			o.Flags |= queue.FlagCallAverse
		}
		o.Agent = snap.OperatorIndex(agent)
		o.Contact.ClaimBy = -1
		bi, ok := buyers[buyerID]
		if !ok {
			bi = int32(len(h.Buyers))
			buyers[buyerID] = bi
			h.Buyers = append(h.Buyers, queue.Buyer{Nick: nick, Phone: phone})
		}
		o.Buyer = bi
		h.Orders = append(h.Orders, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	h.Operators = snap.Operators
	h.Events, err = s.Events(ctx, EventFilter{From: from})
	return h, err
}
