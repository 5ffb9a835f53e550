package data

import (
	"context"
	"database/sql"
	"errors"

	"cuifu/queue"
)

// Revoke takes back the event e.Revokes by logging e as an EventRevoke with its reason:
// nothing is deleted from the log. The order's contact summary and its buyer are folded
// again from the log without the revoked event, so a revoked opt-out lets the buyer be
// contacted again and a revoked claim frees the order.
//
// Only the event's own specialist may revoke it, or one of roster's supervisors
// (CodeNotSupervisor). Only contacts, snoozes, claims and releases can be revoked
// (CodeNotRevocable), nor an
// event twice (CodeRevoked); an unknown id is CodeNoEvent. Like Append, a UID the log
// already has returns the event logged for it.
func (s *Store) Revoke(ctx context.Context, e queue.Event, roster *queue.RosterConfig) (queue.Event, error) {
	if e.UID == "" {
		e.UID = NewUID()
	}
	in := e
	err := s.write(ctx, func(tx *sql.Tx) error {
		e = in
		if prior, ok, err := eventByUID(ctx, tx, e.UID); err != nil || ok {
			e = prior
			return err
		}
		target, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventCols+` FROM events e WHERE e.id = ?`, e.Revokes).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return &Refusal{Code: CodeNoEvent, Event: e.Revokes}
		}
		if err != nil {
			return err
		}
		if !target.Kind.Revocable() {
			return &Refusal{Code: CodeNotRevocable, Event: target.ID, Order: target.Order}
		}
		var by string
		err = tx.QueryRowContext(ctx, `SELECT operator FROM events WHERE revokes = ? AND kind = ? LIMIT 1`,
			target.ID, string(queue.EventRevoke)).Scan(&by)
		if err == nil {
			return &Refusal{Code: CodeRevoked, Event: target.ID, Order: target.Order, By: by}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if target.Operator != e.Operator && !roster.Supervisor(e.Operator) {
			return &Refusal{Code: CodeNotSupervisor, Event: target.ID, Order: target.Order, By: target.Operator}
		}
		e.Kind, e.Order, e.Channel, e.Result, e.Until = queue.EventRevoke, target.Order, queue.ChannelNone, queue.ResultNone, 0
		if err := s.appendTx(ctx, tx, &e); err != nil {
			return err
		}
		if err := s.refoldTx(ctx, tx, target.Order); err != nil {
			return err
		}
		return s.revokeGroupTx(ctx, tx, &target, &e)
	})
	return e, err
}

// liveEvents is the SQL condition of an event that still folds into its order: not a revoke
// or an import, and not revoked.
const liveEvents = `e.kind NOT IN ('revoke', 'import') AND e.id NOT IN (SELECT revokes FROM events WHERE revokes != 0)`

// refoldTx folds the order's summary and its buyer again from the live events of the log,
// the same fold Append makes one event at a time.
func (s *Store) refoldTx(ctx context.Context, tx *sql.Tx, key queue.OrderKey) error {
	var id, buyerID int64
	err := tx.QueryRowContext(ctx, `SELECT id, buyer_id FROM orders WHERE platform = ? AND order_id = ?`,
		int(key.Platform), key.ID).Scan(&id, &buyerID)
	if errors.Is(err, sql.ErrNoRows) {
		return &Refusal{Code: CodeNoOrder, Order: key}
	}
	if err != nil {
		return err
	}
	f := orderFold{}
	f.c.ClaimBy = -1
	err = eachEvent(ctx, tx, `SELECT `+eventCols+` FROM events e WHERE e.platform = ? AND e.order_id = ? AND `+liveEvents+` ORDER BY e.id`,
		func(e *queue.Event) { f.apply(e, s.loc) }, int(key.Platform), key.ID)
	if err != nil {
		return err
	}
	// An opt-out, an SMS or a wrong number on any of the buyer's orders is the buyer's. A
	// wrong number still logged stays as it is (of the phone it was logged for); none
	// left lifts it.
	f.b, f.wrong = queue.Buyer{}, wrongClear
	err = eachEvent(ctx, tx, `SELECT `+eventCols+` FROM events e JOIN orders o ON o.platform = e.platform AND o.order_id = e.order_id
		WHERE o.buyer_id = ? AND `+liveEvents+` ORDER BY e.id`,
		func(e *queue.Event) {
			foldBuyer(&f.b, e, s.loc)
			if wrongNumber(e) {
				f.wrong = wrongKeep
			}
		}, buyerID)
	if err != nil {
		return err
	}
	seq, err := f.save(ctx, tx, id, buyerID)
	if err != nil {
		return err
	}
	// The buyer's SMS may have been the one taken back: the same phone's other buyers again.
	var phone string
	if err := tx.QueryRowContext(ctx, `SELECT phone FROM buyers WHERE id = ?`, buyerID).Scan(&phone); err != nil {
		return err
	}
	return samePhoneSMSTx(ctx, tx, seq, phone)
}

// eachEvent runs f on each event the query returns.
func eachEvent(ctx context.Context, q rowsQuerier, query string, f func(e *queue.Event), args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows.Scan)
		if err != nil {
			return err
		}
		f(&e)
	}
	return rows.Err()
}
