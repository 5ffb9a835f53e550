package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"cuifu/queue"
)

// ErrNotBlocked means an unblock named a buyer or phone the blacklist does not hold.
var ErrNotBlocked = errors.New("not on the blacklist")

// NotBlockedError is an unblock of a target the blacklist does not hold; errors.Is matches
// ErrNotBlocked.
type NotBlockedError struct{ Target string } // the target as the blacklist keeps it

func (e *NotBlockedError) Error() string {
	return queue.MaskText(e.Target) + ": " + ErrNotBlocked.Error()
}

// Is lets errors.Is(err, ErrNotBlocked) hold.
func (e *NotBlockedError) Is(target error) bool { return target == ErrNotBlocked }

// blacklistEvent reports whether events of this kind change the blacklist.
func blacklistEvent(k queue.EventKind) bool { return k == queue.EventBlock || k == queue.EventUnblock }

// Block logs block and unblock events (queue.EventBlock, queue.EventUnblock: Note is the
// target, Reason the reason) and changes the blacklist to match, all in one transaction:
// a list with one bad entry blocks nobody. An unblock of a target that is not on the list
// fails with ErrNotBlocked. The commit is synchronous, like every event's.
func (s *Store) Block(ctx context.Context, evs []queue.Event) ([]queue.Event, error) {
	out := make([]queue.Event, len(evs))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i, e := range evs {
			if !blacklistEvent(e.Kind) {
				return fmt.Errorf("event %d: kind %q is not a block or an unblock", i, e.Kind)
			}
			var err error
			if e.Note, err = queue.BlacklistTarget(e.Note); err != nil {
				return fmt.Errorf("event %d: %w", i, err)
			}
			if err = s.appendTx(ctx, tx, &e); err != nil {
				return err
			}
			out[i] = e
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// foldBlacklistTx applies a block or unblock to the blacklist table, and marks the open
// orders of the buyers it names as changed, so every process's queue takes it in.
func foldBlacklistTx(ctx context.Context, tx *sql.Tx, e *queue.Event) error {
	target, err := queue.BlacklistTarget(e.Note)
	if err != nil {
		return err
	}
	e.Note = target
	switch e.Kind {
	case queue.EventBlock:
		_, err = tx.ExecContext(ctx, `INSERT INTO blacklist (target, reason, operator, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (target) DO UPDATE SET reason = excluded.reason, operator = excluded.operator, at = excluded.at`,
			target, e.Reason, e.Operator, e.At)
	default:
		var res sql.Result
		res, err = tx.ExecContext(ctx, `DELETE FROM blacklist WHERE target = ?`, target)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return &NotBlockedError{Target: target}
			}
		}
	}
	if err != nil {
		return err
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE orders SET seq = ? WHERE status = 0 AND buyer_id IN
		(SELECT id FROM buyers WHERE nick = ? OR phone = ?)`, seq, target, target)
	return err
}

// Blacklist returns the whole blacklist: each target with its reason.
func (s *Store) Blacklist(ctx context.Context) (queue.Blacklist, error) {
	return readBlacklist(ctx, s.db)
}

// rowsQuerier is a *sql.DB, *sql.Conn or *sql.Tx.
type rowsQuerier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

func readBlacklist(ctx context.Context, q rowsQuerier) (queue.Blacklist, error) {
	rows, err := q.QueryContext(ctx, `SELECT target, reason FROM blacklist`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	bl := queue.Blacklist{}
	for rows.Next() {
		var t, r string
		if err := rows.Scan(&t, &r); err != nil {
			return nil, err
		}
		bl[t] = r
	}
	return bl, rows.Err()
}

// buyerFacts adds to the buyer of one order, as OrderState reads them, what the rule checks
// before a contact need beyond the two rows: the blacklist and the buyer's open orders.
// (Whether a masked receiver matches the buyer is the order's own, stored flag.)
func (s *Store) buyerFacts(ctx context.Context, buyerID int64, b *queue.Buyer) error {
	bl, err := readBlacklist(ctx, s.db)
	if err != nil {
		return err
	}
	_, b.Blacklisted = bl.Reason(b)
	var open int
	if err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE buyer_id = ? AND status = 0`, buyerID).Scan(&open); err != nil {
		return err
	}
	b.Open = uint8(min(open, 255))
	return nil
}
