package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"cuifu/queue"
)

// orderEvent reports whether events of this kind must name an order the store has.
func orderEvent(k queue.EventKind) bool { return k != queue.EventImport }

// Append adds an event to the shift log and, when it is about an order, folds it into that
// order's contact summary and its buyer, all in one transaction. The commit is synchronous:
// when Append returns, the event survives a crash or a power loss.
func (s *Store) Append(ctx context.Context, e queue.Event) (queue.Event, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		e.ID, err = s.appendTx(ctx, tx, e)
		return err
	})
	return e, err
}

// Claim takes the order for the event's operator until e.Until. It fails with ErrClaimed
// when another specialist's lease is still live at now; the check and the write are one
// transaction, so two processes claiming at once never both win.
func (s *Store) Claim(ctx context.Context, e queue.Event, now int64) (queue.Event, error) {
	e.Kind = queue.EventClaim
	err := s.write(ctx, func(tx *sql.Tx) error {
		var by string
		var until int64
		err := tx.QueryRowContext(ctx, `SELECT claim_by, claim_until FROM orders WHERE platform = ? AND order_id = ?`,
			int(e.Order.Platform), e.Order.ID).Scan(&by, &until)
		if err == sql.ErrNoRows {
			return fmt.Errorf("%s: %w", e.Order, ErrNoOrder)
		}
		if err != nil {
			return err
		}
		if by != "" && by != e.Operator && until > now {
			return fmt.Errorf("%w: %s holds %s", ErrClaimed, by, e.Order)
		}
		e.ID, err = s.appendTx(ctx, tx, e)
		return err
	})
	return e, err
}

func (s *Store) appendTx(ctx context.Context, tx *sql.Tx, e queue.Event) (int64, error) {
	if orderEvent(e.Kind) {
		if err := s.foldTx(ctx, tx, &e); err != nil {
			return 0, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO events (at, operator, session, kind, platform, order_id, channel, result, reason, until, note, script_id, warning)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At, e.Operator, e.Session, string(e.Kind), int(e.Order.Platform), e.Order.ID, int(e.Channel), e.Result.String(),
		e.Reason, e.Until, e.Note, e.ScriptID, e.Warning)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// foldTx applies the event to the order's summary columns and its buyer with the queue's
// own Apply functions, the one place that logic lives.
func (s *Store) foldTx(ctx context.Context, tx *sql.Tx, e *queue.Event) error {
	var (
		id, buyerID int64
		c           queue.ContactState
		claimBy     string
		callbackBy  string
		lastChannel int
		lastResult  string
		answered    int
		closed      int
		b           queue.Buyer
		optedOut    int
		complaint   int
	)
	err := tx.QueryRowContext(ctx, `SELECT o.id, o.buyer_id, o.touches, o.last_at, o.until, o.claim_by, o.claim_until, o.tried,
			o.last_channel, o.last_result, o.answered, o.closed, o.callback_by, b.opted_out, b.complaint, b.sms_day, b.cushions
		FROM orders o JOIN buyers b ON b.id = o.buyer_id WHERE o.platform = ? AND o.order_id = ?`,
		int(e.Order.Platform), e.Order.ID).Scan(&id, &buyerID, &c.Touches, &c.LastAt, &c.Until, &claimBy, &c.ClaimUntil, &c.Tried,
		&lastChannel, &lastResult, &answered, &closed, &callbackBy, &optedOut, &complaint, &b.SMSDay, &b.Cushions)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", e.Order, ErrNoOrder)
	}
	if err != nil {
		return err
	}
	// Operators are names in the store; Apply compares indexes, so give the two names that
	// matter here (the holder and the event's operator) indexes of their own.
	ops := queue.Snapshot{}
	c.ClaimBy = ops.OperatorIndex(claimBy)
	c.CallbackOwner = ops.OperatorIndex(callbackBy) + 1
	c.LastChannel, c.LastResult = queue.Channel(lastChannel), storedResult(lastResult)
	c.Answered, c.Closed = answered != 0, closed != 0
	by := ops.OperatorIndex(e.Operator)
	c.Apply(e, by)
	b.OptedOut, b.Complaint = optedOut != 0, complaint != 0
	b.Apply(e, s.loc)
	if cushion, ok := CushionOf(e.Note); ok {
		b.Cushions |= 1 << cushion
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET touches = ?, last_at = ?, until = ?, claim_by = ?, claim_until = ?, tried = ?,
			last_channel = ?, last_result = ?, answered = ?, closed = ?, callback_by = ?, seq = ? WHERE id = ?`,
		c.Touches, c.LastAt, c.Until, ops.Operator(c.ClaimBy), c.ClaimUntil, c.Tried, int(c.LastChannel), c.LastResult.String(),
		b2i(c.Answered), b2i(c.Closed), ops.Operator(c.CallbackOwner-1), seq, id); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE buyers SET opted_out = ?, complaint = ?, sms_day = ?, cushions = ? WHERE id = ?`,
		b2i(b.OptedOut), b2i(b.Complaint), b.SMSDay, b.Cushions, buyerID)
	return err
}

// CushionOf reads the cushion a contact used from its note ("cushion=N"), so the next
// script for the same buyer opens with another one.
func CushionOf(note string) (uint, bool) {
	var n uint
	if _, err := fmt.Sscanf(note, "cushion=%d", &n); err != nil || n >= 32 {
		return 0, false
	}
	return n, true
}

// EventFilter selects shift-log events. Zero fields select everything.
type EventFilter struct {
	From, To int64 // [From, To) in unix seconds; To 0 = no end
	Operator string
	Order    *queue.OrderKey
}

// Events returns the shift log's events that match f, in the order they were logged.
func (s *Store) Events(ctx context.Context, f EventFilter) ([]queue.Event, error) {
	q := `SELECT id, at, operator, session, kind, platform, order_id, channel, result, reason, until, note, script_id, warning
		FROM events WHERE at >= ?`
	args := []any{f.From}
	if f.To != 0 {
		q += " AND at < ?"
		args = append(args, f.To)
	}
	if f.Operator != "" {
		q += " AND operator = ?"
		args = append(args, f.Operator)
	}
	if f.Order != nil {
		q += " AND platform = ? AND order_id = ?"
		args = append(args, int(f.Order.Platform), f.Order.ID)
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queue.Event
	for rows.Next() {
		var e queue.Event
		var kind, result string
		var plat, ch int
		if err := rows.Scan(&e.ID, &e.At, &e.Operator, &e.Session, &kind, &plat, &e.Order.ID, &ch, &result, &e.Reason,
			&e.Until, &e.Note, &e.ScriptID, &e.Warning); err != nil {
			return nil, err
		}
		e.Kind, e.Result = queue.EventKind(kind), storedResult(result)
		e.Order.Platform, e.Channel = queue.Platform(plat), queue.Channel(ch)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Payments returns the orders paid in [from, to) with their payment time and amount: what
// attribution verifies recoveries against.
func (s *Store) Payments(ctx context.Context, from, to int64) ([]queue.Payment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT platform, order_id, paid_at, amount FROM orders
		WHERE status = ? AND paid_at >= ? AND paid_at < ? ORDER BY paid_at, id`, int(queue.StatusPaid), from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queue.Payment
	for rows.Next() {
		var p queue.Payment
		var plat int
		var amount int64
		if err := rows.Scan(&plat, &p.Order.ID, &p.PaidAt, &amount); err != nil {
			return nil, err
		}
		p.Order.Platform, p.Amount = queue.Platform(plat), queue.Fen(amount)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Tally is one specialist's numbers for the workstation's header.
type Tally struct {
	Contacts        int
	OrdersContacted int
	Recovered       int
	RecoveredFen    queue.Fen
}

// Tally sums operator's contacts in [from, to) and the recoveries credited to them with
// payments in [from, to), by the same attribution as payroll.
func (s *Store) Tally(ctx context.Context, operator string, from, to int64, lookBack int64) (Tally, error) {
	pays, err := s.Payments(ctx, from, to)
	if err != nil {
		return Tally{}, err
	}
	// Touches that can be credited reach back one look-back window before the first payment.
	evs, err := s.Events(ctx, EventFilter{From: from - lookBack, To: to})
	if err != nil {
		return Tally{}, err
	}
	var t Tally
	seen := map[queue.OrderKey]bool{}
	for _, e := range evs {
		if e.Kind != queue.EventContact || e.Operator != operator || e.At < from {
			continue
		}
		t.Contacts++
		if !seen[e.Order] {
			seen[e.Order] = true
			t.OrdersContacted++
		}
	}
	for _, r := range queue.Attribute(evs, pays, lookBack) {
		if r.Operator == operator {
			t.Recovered++
			if t.RecoveredFen, err = t.RecoveredFen.Plus(r.Amount); err != nil {
				return Tally{}, fmt.Errorf("%s: recovered amount: %w", operator, err)
			}
		}
	}
	return t, nil
}

// storedResult reads a result as the store keeps it (its name; "" for none). A name this
// version does not know reads as no result rather than failing the whole load.
func storedResult(name string) queue.Result {
	r, _ := queue.ResultNamed(name)
	return r
}
