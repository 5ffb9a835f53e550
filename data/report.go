package data

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"cuifu/queue"
)

// Report computes `cuifu report` for [from, to): the touches of those days and what
// attribution credits them, the holdout orders placed on them, and the holdout share
// recorded with each day's events (queue.Report says how they compare).
func (s *Store) Report(ctx context.Context, cfg *queue.Config, by queue.ReportBy, from, to int64) ([]queue.ReportRow, error) {
	lookBack := cfg.Payroll.LookBack.Seconds()
	evs, err := s.Events(ctx, EventFilter{From: from - lookBack, To: to + lookBack})
	if err != nil {
		return nil, err
	}
	pays, err := s.Payments(ctx, from, to+lookBack)
	if err != nil {
		return nil, err
	}
	shares, err := s.HoldoutShares(ctx, from, to)
	if err != nil {
		return nil, err
	}
	c := *cfg
	if c.Holdout.Salt == "" && len(shares) > 0 {
		// The days were drawn with the store's own salt even if the holdout is off today.
		if c.Holdout.Salt, err = s.HoldoutSalt(ctx); err != nil {
			return nil, err
		}
	}
	// Of the orders placed in range only the holdout's are compared: read just those,
	// by the largest share of the days (Report narrows it to each day's).
	widest := c.Holdout
	widest.Share = 0
	fp := c.Holdout.Fingerprint()
	for _, d := range shares {
		if d.Fingerprint == fp {
			widest.Share = max(widest.Share, d.Share)
		}
	}
	var keys []queue.OrderKey
	for _, e := range evs {
		if e.Kind == queue.EventContact && e.At >= from && e.At < to {
			keys = append(keys, e.Order)
		}
	}
	orders, err := s.reportOrders(ctx, from, to, keys, widest.Member)
	if err != nil {
		return nil, err
	}
	return queue.Report(queue.ReportInput{From: from, To: to, By: by, Events: evs, Payments: pays, Orders: orders, Shares: shares, Config: &c})
}

// reportColumns are what the report reads of an order.
const reportColumns = `o.id, o.platform, o.order_id, b.nick, o.amount, o.created, o.deadline, o.flash, o.status, o.paid_at
	FROM orders o JOIN buyers b ON b.id = o.buyer_id`

// reportOrders returns what the report needs of the orders placed in [from, to) whose buyer
// held reports true for, and of the orders named by keys (the ones touched in range, which
// may have been placed before it). Returning says whether the buyer had paid before the
// order was placed, as the specialist knew then: the buyer's paid count today also counts
// the payments that came after.
func (s *Store) reportOrders(ctx context.Context, from, to int64, keys []queue.OrderKey, held func(queue.Platform, string) bool) ([]queue.ReportOrder, error) {
	var out []queue.ReportOrder
	var ids []int64
	seen := map[queue.OrderKey]bool{}
	scan := func(rows *sql.Rows, keep func(*queue.ReportOrder) bool) error {
		defer rows.Close()
		for rows.Next() {
			var o queue.ReportOrder
			var id int64
			var plat, flash, status int
			var amount int64
			if err := rows.Scan(&id, &plat, &o.Key.ID, &o.Nick, &amount, &o.Created, &o.Deadline, &flash, &status, &o.PaidAt); err != nil {
				return err
			}
			o.Key.Platform, o.Amount, o.Flash = queue.Platform(plat), queue.Fen(amount), flash != 0
			if queue.Status(status) != queue.StatusPaid {
				o.PaidAt = 0
			}
			if !seen[o.Key] && keep(&o) {
				seen[o.Key] = true
				out = append(out, o)
				ids = append(ids, id)
			}
		}
		return rows.Err()
	}
	err := s.read(ctx, func(c *sql.Conn) error {
		rows, err := c.QueryContext(ctx, `SELECT `+reportColumns+` WHERE o.created >= ? AND o.created < ? ORDER BY o.id`, from, to)
		if err != nil {
			return err
		}
		if err := scan(rows, func(o *queue.ReportOrder) bool { return held(o.Key.Platform, o.Nick) }); err != nil {
			return err
		}
		one, err := c.PrepareContext(ctx, `SELECT `+reportColumns+` WHERE o.platform = ? AND o.order_id = ?`)
		if err != nil {
			return err
		}
		defer one.Close()
		for _, k := range keys {
			if seen[k] {
				continue
			}
			rows, err := one.QueryContext(ctx, int(k.Platform), k.ID)
			if err != nil {
				return err
			}
			if err := scan(rows, func(*queue.ReportOrder) bool { return true }); err != nil {
				return err
			}
		}
		before, err := c.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM orders p JOIN orders o ON p.buyer_id = o.buyer_id
			WHERE o.id = ? AND p.status = ? AND p.paid_at > 0 AND p.paid_at < o.created)`)
		if err != nil {
			return err
		}
		defer before.Close()
		for i, id := range ids {
			if err := before.QueryRowContext(ctx, id, int(queue.StatusPaid)).Scan(&out[i].Returning); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// liftCache keeps the tally's lift of the day for a few minutes: it reads the whole day's
// orders, and a lift moves slowly.
type liftCache struct {
	mu       sync.Mutex
	from, to int64
	at       time.Time
	row      *queue.ReportRow
}

// liftFresh is how long the tally's lift is reused.
const liftFresh = 5 * time.Minute

// dayLift returns the shop's lift over [from, to) against the holdout, or nil when the shop
// keeps no holdout (SetShop).
func (s *Store) dayLift(ctx context.Context, from, to int64) (*queue.ReportRow, error) {
	if s.shop == nil || s.shop.Holdout.Share <= 0 {
		return nil, nil
	}
	c := &s.lift
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.from == from && c.to == to && s.clock().Sub(c.at) < liftFresh {
		return c.row, nil
	}
	rows, err := s.Report(ctx, s.shop, queue.ByAll, from, to)
	if err != nil {
		return nil, err
	}
	c.from, c.to, c.at, c.row = from, to, s.clock(), nil
	if len(rows) == 1 {
		c.row = &rows[0]
	}
	return c.row, nil
}
