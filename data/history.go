package data

import (
	"context"
	"database/sql"

	"cuifu/queue"
)

// History loads what the replay of [from, to) reads, and no more: the day's orders (placed
// in it, or named by the log from one look-back window before it, which attribution
// reaches back over) with their buyers, payment times and when the store learned of them,
// and those events of the log, with any later revocation of them. Orders come through the
// full load's own row mapper, so they carry the same flags (flash, shipping, call-averse,
// duplicates among the day's orders). Each buyer comes with the payments the store knew of
// before from, of their orders not among these (the replay counts those as they come), so a
// returning buyer is one from the start of the day. progress, when set, hears how many orders are read,
// every few thousand and at the end.
func (s *Store) History(ctx context.Context, cfg *queue.Config, from, to int64, progress func(orders int)) (*queue.History, error) {
	h := &queue.History{}
	logFrom := from - cfg.Payroll.LookBack.Seconds()
	err := s.read(ctx, func(c *sql.Conn) error {
		rows, err := c.QueryContext(ctx, `SELECT `+orderCols+`, o.paid_at, o.status, o.learned, o.status_learned,
				(SELECT count(*) FROM orders p WHERE p.buyer_id = o.buyer_id AND p.paid_at != 0 AND max(p.paid_at, p.status_learned) < ?1)
			FROM orders o JOIN buyers b ON b.id = o.buyer_id
			WHERE o.id IN (SELECT id FROM orders WHERE created >= ?1 AND created < ?2
				UNION SELECT o2.id FROM events e JOIN orders o2 ON o2.platform = e.platform AND o2.order_id = e.order_id
					WHERE e.at >= ?3 AND e.at < ?2)
			ORDER BY o.id`, from, to, logFrom)
		if err != nil {
			return err
		}
		defer rows.Close()
		snap := &queue.Snapshot{}
		sb := newSnapBuilder(snap)
		var r orderScan
		var p queue.PastOrder
		var status, prior int
		dest := append(r.dest(), &p.PaidAt, &status, &p.Learned, &p.StatusLearned, &prior)
		var past []queue.PastOrder
		var priors []int // by order: its buyer's payments known before from
		for rows.Next() {
			r.b = queue.Buyer{}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			sb.add(&r, cfg)
			p.Status = queue.Status(status)
			past, priors = append(past, p), append(priors, prior)
			if progress != nil && len(past)%5000 == 0 {
				progress(len(past))
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		queue.MarkDuplicates(snap)
		for i := range past {
			past[i].Order = snap.Orders[i]
		}
		paid := make([]int, len(snap.Buyers))
		for i := range past {
			paid[past[i].Order.Buyer] = priors[i]
		}
		for i := range past {
			if p := &past[i]; p.PaidAt != 0 && max(p.PaidAt, p.StatusLearned) < from {
				paid[p.Order.Buyer]-- // the replay counts it, as one of these orders
			}
		}
		for b := range snap.Buyers {
			snap.Buyers[b].Paid = int32(max(paid[b], 0))
		}
		h.Orders, h.Buyers, h.Operators = past, snap.Buyers, snap.Operators
		if progress != nil {
			progress(len(past))
		}
		// The events of the stretch, and the revocations of them logged since.
		return eachEvent(ctx, c, `SELECT `+eventCols+` FROM events e WHERE e.at >= ?1 AND e.at < ?2
			UNION ALL SELECT `+eventCols+` FROM events e WHERE e.revokes != 0 AND e.at >= ?2 ORDER BY 1`,
			func(e *queue.Event) { h.Events = append(h.Events, *e) }, logFrom, to)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}
