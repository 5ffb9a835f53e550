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
// returning buyer is one from the start of the day; and with their opt-outs, and the
// shop's blacklist, as they stood before the log's stretch (which the replay folds as it
// comes); and the contacts of one look-back window after it, which attribution weighs.
// progress, when set, hears how many orders are read, every few thousand and at the end.
func (s *Store) History(ctx context.Context, cfg *queue.Config, from, to int64, progress func(orders int)) (*queue.History, error) {
	h := &queue.History{}
	logFrom := from - cfg.Payroll.LookBack.Seconds()
	err := s.read(ctx, func(c *sql.Conn) error {
		// A buyer not opted out now has no opt-out in the log (the store folds it from there):
		// only the few who are are looked up.
		rows, err := c.QueryContext(ctx, `SELECT `+orderCols+`, o.paid_at, o.status, o.learned, o.status_learned,
				(SELECT count(*) FROM orders p WHERE p.buyer_id = o.buyer_id AND p.paid_at != 0 AND max(p.paid_at, p.status_learned) < ?1),
				CASE WHEN b.opted_out THEN coalesce((SELECT max(CASE e.reason WHEN 'complaint' THEN 2 ELSE 1 END) FROM orders p
					JOIN events e ON e.platform = p.platform AND e.order_id = p.order_id
					WHERE p.buyer_id = o.buyer_id AND e.kind = ?4 AND e.result = ?5 AND e.at < ?3
						AND e.id NOT IN (SELECT revokes FROM events WHERE revokes != 0)), 0) ELSE 0 END
			FROM orders o JOIN buyers b ON b.id = o.buyer_id
			WHERE o.id IN (`+dayOrders+`)
			ORDER BY o.id`, from, to, logFrom, string(queue.EventContact), queue.ResultDoNotContact.String())
		if err != nil {
			return err
		}
		defer rows.Close()
		snap := &queue.Snapshot{}
		sb := newSnapBuilder(snap)
		var r orderScan
		var p queue.PastOrder
		var status, prior, optOut int
		dest := append(r.dest(), &p.PaidAt, &status, &p.Learned, &p.StatusLearned, &prior, &optOut)
		var past []queue.PastOrder
		var priors, optOuts []int // by order: its buyer's payments known before from, and opt-out before the log
		for rows.Next() {
			r.b = queue.Buyer{}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			sb.add(&r, cfg)
			p.Status = queue.Status(status)
			past, priors, optOuts = append(past, p), append(priors, prior), append(optOuts, optOut)
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
			b := &snap.Buyers[past[i].Order.Buyer]
			paid[past[i].Order.Buyer] = priors[i]
			b.OptedOut, b.Complaint = optOuts[i] > 0, optOuts[i] > 1
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
		if h.Paid, err = paidDuring(ctx, c, sb.buyers, from, to, logFrom); err != nil {
			return err
		}
		if progress != nil {
			progress(len(past))
		}
		// The blacklist before the stretch; the stretch's blocks come with its events.
		h.Blacklist = queue.Blacklist{}
		err = eachEvent(ctx, c, `SELECT `+eventCols+` FROM events e WHERE e.kind IN (?1, ?2) AND e.at < ?3 ORDER BY e.at, e.id`,
			func(e *queue.Event) { h.Blacklist.Apply(e) }, string(queue.EventBlock), string(queue.EventUnblock), logFrom)
		if err != nil {
			return err
		}
		// The contacts of one look-back window after the stretch: a later touch takes the
		// credit for a payment from the stretch's (History.Stats).
		err = eachEvent(ctx, c, `SELECT `+eventCols+` FROM events e WHERE e.kind = ?1 AND e.at >= ?2 AND e.at < ?3 ORDER BY e.id`,
			func(e *queue.Event) { h.Later = append(h.Later, *e) }, string(queue.EventContact), to, to+cfg.Payroll.LookBack.Seconds())
		if err != nil {
			return err
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

// dayOrders selects the ids of the orders a replay of [?1, ?2) reads: placed in it, or named
// by the log from ?3 (one look-back window before it) on.
const dayOrders = `SELECT id FROM orders WHERE created >= ?1 AND created < ?2
	UNION SELECT o2.id FROM events e JOIN orders o2 ON o2.platform = e.platform AND o2.order_id = e.order_id
		WHERE e.at >= ?3 AND e.at < ?2`

// paidDuring returns the payments the store learned of in [from, to) of the orders of the
// day's buyers (buyers: their row ids to their History index) that are not the day's own:
// an export that brings in a buyer's order paid the night before makes them a returning
// buyer from the moment it was imported, not from the day's start nor never.
func paidDuring(ctx context.Context, c *sql.Conn, buyers map[int64]int32, from, to, logFrom int64) ([]queue.PastPayment, error) {
	rows, err := c.QueryContext(ctx, `SELECT buyer_id, max(paid_at, status_learned) FROM orders
		WHERE buyer_id IN (SELECT buyer_id FROM orders WHERE id IN (`+dayOrders+`)) AND id NOT IN (`+dayOrders+`)
			AND paid_at != 0 AND max(paid_at, status_learned) >= ?1 AND max(paid_at, status_learned) < ?2`, from, to, logFrom)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queue.PastPayment
	for rows.Next() {
		var buyer, at int64
		if err := rows.Scan(&buyer, &at); err != nil {
			return nil, err
		}
		if b, ok := buyers[buyer]; ok {
			out = append(out, queue.PastPayment{At: at, Buyer: b})
		}
	}
	return out, rows.Err()
}
