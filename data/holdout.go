package data

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"cuifu/queue"
)

// HoldoutSalt returns the store's own holdout salt, a random number made the first time it
// is asked for and kept in the store, so every process on this store draws the same holdout.
func (s *Store) HoldoutSalt(ctx context.Context) (string, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'holdout_salt'`).Scan(&v)
	if err == sql.ErrNoRows {
		err = s.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO meta (k, v) VALUES ('holdout_salt', abs(random()))`); err != nil {
				return err
			}
			return tx.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'holdout_salt'`).Scan(&v)
		})
	}
	if err != nil {
		return "", err
	}
	return "store-" + strconv.FormatInt(v, 36), nil
}

// SetHoldout tells the store the shop's holdout, so that each day's first event records
// the share with the day's events (see noteHoldoutTx). Call it before the first Append.
func (s *Store) SetHoldout(h queue.HoldoutConfig) { s.holdout = h }

// noteHoldoutTx records the holdout share with the events of at's shop-local day, once a day
// and again when the share or the salt changes: a later report reads which buyers were held
// out on each day from it. The check and the write share the event's transaction, so two
// processes never both record it.
func (s *Store) noteHoldoutTx(ctx context.Context, tx *sql.Tx, at int64) error {
	if s.holdout.Share <= 0 {
		return nil
	}
	share := strconv.FormatFloat(s.holdout.Share, 'g', -1, 64)
	fp := s.holdout.Fingerprint()
	t := time.Unix(at, 0).In(s.loc)
	start := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.loc)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE at >= ? AND at < ? AND kind = ? AND reason = ? AND note = ?`,
		start.Unix(), start.AddDate(0, 0, 1).Unix(), string(queue.EventHoldout), share, fp).Scan(&n); err != nil || n > 0 {
		return err
	}
	return s.appendTx(ctx, tx, &queue.Event{At: at, Kind: queue.EventHoldout, Reason: share, Note: fp})
}

// HoldoutShares returns the holdout shares recorded with the events of [from, to), one per
// day and setting.
func (s *Store) HoldoutShares(ctx context.Context, from, to int64) ([]queue.DayShare, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at, reason, note FROM events WHERE at >= ? AND at < ? AND kind = ? ORDER BY id`,
		from, to, string(queue.EventHoldout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queue.DayShare
	for rows.Next() {
		var at int64
		var share, fp string
		if err := rows.Scan(&at, &share, &fp); err != nil {
			return nil, err
		}
		v, err := strconv.ParseFloat(share, 64)
		if err != nil {
			continue // not a share this version wrote: that day has no holdout to use
		}
		out = append(out, queue.DayShare{Day: time.Unix(at, 0).In(s.loc).Format("2006-01-02"), Share: v, Fingerprint: fp})
	}
	return out, rows.Err()
}

// reportColumns are what the report reads of an order; returning says whether the buyer had
// a payment before the order was placed, as the specialist knew then (the buyer's paid count
// today also counts the payments that came after).
const reportColumns = `o.platform, o.order_id, b.nick, o.amount, o.created, o.deadline, o.flash, o.status, o.paid_at,
	EXISTS (SELECT 1 FROM orders p WHERE p.buyer_id = o.buyer_id AND p.status = ? AND p.paid_at > 0 AND p.paid_at < o.created)
	FROM orders o JOIN buyers b ON b.id = o.buyer_id`

// ReportOrders returns what the report needs of the orders placed in [from, to) and of the
// orders named by keys (the ones touched in range, which may have been placed before it).
func (s *Store) ReportOrders(ctx context.Context, from, to int64, keys []queue.OrderKey) ([]queue.ReportOrder, error) {
	var out []queue.ReportOrder
	seen := map[queue.OrderKey]bool{}
	scan := func(rows *sql.Rows) error {
		defer rows.Close()
		for rows.Next() {
			var o queue.ReportOrder
			var plat, flash, status int
			var amount int64
			if err := rows.Scan(&plat, &o.Key.ID, &o.Nick, &amount, &o.Created, &o.Deadline, &flash, &status, &o.PaidAt, &o.Returning); err != nil {
				return err
			}
			o.Key.Platform, o.Amount, o.Flash = queue.Platform(plat), queue.Fen(amount), flash != 0
			if queue.Status(status) != queue.StatusPaid {
				o.PaidAt = 0
			}
			if !seen[o.Key] {
				seen[o.Key] = true
				out = append(out, o)
			}
		}
		return rows.Err()
	}
	err := s.read(ctx, func(c *sql.Conn) error {
		rows, err := c.QueryContext(ctx, `SELECT `+reportColumns+` WHERE o.created >= ? AND o.created < ? ORDER BY o.id`,
			int(queue.StatusPaid), from, to)
		if err != nil {
			return err
		}
		if err := scan(rows); err != nil {
			return err
		}
		for _, k := range keys {
			if seen[k] {
				continue
			}
			rows, err := c.QueryContext(ctx, `SELECT `+reportColumns+` WHERE o.platform = ? AND o.order_id = ?`,
				int(queue.StatusPaid), int(k.Platform), k.ID)
			if err != nil {
				return err
			}
			if err := scan(rows); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
