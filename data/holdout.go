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

// SetShop tells the store the shop's config (with its holdout salt resolved): each day's
// first event then records the holdout share with the day's events (noteHoldoutTx), and the
// tally carries the day's lift. Call it before the first Append.
func (s *Store) SetShop(cfg *queue.Config) {
	c := *cfg
	s.shop = &c
}

// noteHoldoutTx records the holdout share with the events of at's shop-local day, once a day
// and again when the share or the salt changes: a later report reads which buyers were held
// out on each day from it. The check and the write share the event's transaction, so two
// processes never both record it.
func (s *Store) noteHoldoutTx(ctx context.Context, tx *sql.Tx, at int64) error {
	if s.shop == nil || s.shop.Holdout.Share <= 0 {
		return nil
	}
	share := strconv.FormatFloat(s.shop.Holdout.Share, 'g', -1, 64)
	fp := s.shop.Holdout.Fingerprint()
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
