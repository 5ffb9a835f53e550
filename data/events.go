package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cuifu/queue"
)

// orderEvent reports whether events of this kind must name an order the store has.
// A revoke names its order too, but folds by folding the order again (refoldTx).
func orderEvent(k queue.EventKind) bool {
	return k != queue.EventImport && k != queue.EventRevoke && k != queue.EventHoldout && !blacklistEvent(k)
}

// Append adds an event to the shift log and, when it is about an order, folds it into that
// order's contact summary and its buyer, all in one transaction. The commit is synchronous:
// when Append returns, the event survives a crash or a power loss.
//
// An event whose UID the log already has is not logged again: Append returns the stored
// one, so a retry never logs twice. An event without a UID gets a fresh one.
//
// A contact, snooze, claim or release on an order another specialist has claimed is refused
// with a *Refusal (CodeClaimed) while the lease is live by the store's own clock, whatever
// the event's At says. A contact or snooze with Force is logged over the claim instead,
// with Override naming the holder, and the claim stays theirs.
func (s *Store) Append(ctx context.Context, e queue.Event) (queue.Event, error) {
	if e.UID == "" {
		e.UID = NewUID()
	}
	in := e
	err := s.write(ctx, func(tx *sql.Tx) error {
		e = in // a retried transaction starts again from what the caller sent
		if prior, ok, err := eventByUID(ctx, tx, e.UID); err != nil || ok {
			e = prior
			return err
		}
		return s.appendTx(ctx, tx, &e)
	})
	return e, err
}

// Claim takes the order for the event's operator until e.Until: Append of an EventClaim.
// It fails with CodeClaimed (errors.Is ErrClaimed) when another specialist's lease is live
// by the store's clock; the check and the write are one transaction, so two processes
// claiming at once never both win. The lease lasts e.Until − e.At of the store's clock.
func (s *Store) Claim(ctx context.Context, e queue.Event) (queue.Event, error) {
	e.Kind = queue.EventClaim
	return s.Append(ctx, e)
}

// appendTx logs e, stamped with the store's clock, and folds it into its order.
func (s *Store) appendTx(ctx context.Context, tx *sql.Tx, e *queue.Event) error {
	if e.UID == "" {
		e.UID = NewUID()
	}
	e.Logged, e.Override = s.clock().Unix(), ""
	switch {
	case blacklistEvent(e.Kind):
		if err := foldBlacklistTx(ctx, tx, e); err != nil {
			return err
		}
	case orderEvent(e.Kind):
		if err := s.foldTx(ctx, tx, e); err != nil {
			return err
		}
	}
	if e.Kind != queue.EventHoldout {
		if err := s.noteHoldoutTx(ctx, tx, e.At); err != nil {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO events (at, operator, session, kind, platform, order_id, channel, result, reason, until,
			note, script_id, warning, uid, revokes, override, logged)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At, e.Operator, e.Session, string(e.Kind), int(e.Order.Platform), e.Order.ID, int(e.Channel), e.Result.String(),
		e.Reason, e.Until, e.Note, e.ScriptID, e.Warning, e.UID, e.Revokes, e.Override, e.Logged)
	if err != nil {
		return err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return s.touchGroupTx(ctx, tx, e)
}

// orderFold is an order's contact summary and its buyer as the store keeps them, with the
// claim's lease end by the store's clock. Operators are names in the store; Apply compares
// indexes, so ops gives each name it meets an index of its own.
type orderFold struct {
	c     queue.ContactState
	b     queue.Buyer
	lease int64
	ops   queue.Snapshot
	wrong wrongFold // what the fold does to the buyer's wrong number
}

// wrongFold is what a fold does to the buyer's wrong number (buyers.wrong_phone).
type wrongFold uint8

const (
	wrongKeep  wrongFold = iota // leave it as it is
	wrongSet                    // the buyer's phone now is a wrong number
	wrongClear                  // no live event says their number is wrong
)

// apply folds one event with the queue's own Apply functions, the one place that logic lives.
func (f *orderFold) apply(e *queue.Event, loc *time.Location) {
	by := f.ops.OperatorIndex(e.Operator)
	f.c.Apply(e, by)
	if e.Kind == queue.EventClaim && f.c.ClaimBy == by {
		f.lease = e.Logged + max(e.Until-e.At, 0)
	}
	if f.c.ClaimBy < 0 {
		f.lease = 0
	}
	foldBuyer(&f.b, e, loc)
	if wrongNumber(e) {
		f.wrong = wrongSet
	}
}

// wrongNumber reports whether e logged a wrong number: the buyer's, for all their orders.
func wrongNumber(e *queue.Event) bool {
	return e.Kind == queue.EventContact && e.Result == queue.ResultWrongNumber
}

// foldBuyer folds one event into what the store keeps of its buyer.
func foldBuyer(b *queue.Buyer, e *queue.Event, loc *time.Location) {
	b.Apply(e, loc)
	if cushion, ok := CushionOf(e.Note); ok {
		b.Cushions |= 1 << cushion
	}
}

// foldTx checks the order's claim and applies the event to the order's summary columns and
// its buyer.
func (s *Store) foldTx(ctx context.Context, tx *sql.Tx, e *queue.Event) error {
	var (
		id, buyerID int64
		f           orderFold
		claimBy     string
		callbackBy  string
		lastBy      string
		lastChannel int
		lastResult  string
		answered    int
		closed      int
		optedOut    int
		complaint   int
		phone       string
	)
	c := &f.c
	err := tx.QueryRowContext(ctx, `SELECT o.id, o.buyer_id, o.touches, o.last_at, o.until, o.claim_by, o.claim_until, o.claim_lease, o.tried,
			o.last_channel, o.last_result, o.answered, o.closed, o.callback_by, o.last_by, o.first_ago, b.opted_out, b.complaint, b.sms_at, b.cushions, b.phone
		FROM orders o JOIN buyers b ON b.id = o.buyer_id WHERE o.platform = ? AND o.order_id = ?`,
		int(e.Order.Platform), e.Order.ID).Scan(&id, &buyerID, &c.Touches, &c.LastAt, &c.Until, &claimBy, &c.ClaimUntil, &f.lease, &c.Tried,
		&lastChannel, &lastResult, &answered, &closed, &callbackBy, &lastBy, &c.FirstAgo, &optedOut, &complaint, &f.b.SMSAt, &f.b.Cushions, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return &Refusal{Code: CodeNoOrder, Order: e.Order}
	}
	if err != nil {
		return err
	}
	if claimBy != "" && claimBy != e.Operator && f.lease > e.Logged {
		switch e.Kind {
		case queue.EventContact, queue.EventSnooze:
			if !e.Force {
				return &Refusal{Code: CodeClaimed, Order: e.Order, By: claimBy, Until: f.lease}
			}
			e.Override = claimBy
		case queue.EventClaim, queue.EventRelease:
			return &Refusal{Code: CodeClaimed, Order: e.Order, By: claimBy, Until: f.lease}
		}
	}
	c.ClaimBy = f.ops.OperatorIndex(claimBy)
	c.CallbackOwner = f.ops.OperatorIndex(callbackBy) + 1
	c.LastBy = f.ops.OperatorIndex(lastBy) + 1
	c.LastChannel, c.LastResult = queue.Channel(lastChannel), storedResult(lastResult)
	c.Answered, c.Closed = answered != 0, closed != 0
	f.b.OptedOut, f.b.Complaint = optedOut != 0, complaint != 0
	f.apply(e, s.loc)
	seq, err := f.save(ctx, tx, id, buyerID)
	if err != nil || e.Kind != queue.EventContact || e.Channel != queue.ChannelSMS || queue.IsGroupTouch(e) {
		return err
	}
	// The SMS counts for the buyers with the same phone on the other platforms too.
	return samePhoneSMSTx(ctx, tx, seq, phone)
}

// save writes the fold back to the order and its buyer, under a new change sequence, which
// it returns.
func (f *orderFold) save(ctx context.Context, tx *sql.Tx, id, buyerID int64) (int64, error) {
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return 0, err
	}
	c := &f.c
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET touches = ?, last_at = ?, until = ?, claim_by = ?, claim_until = ?, claim_lease = ?,
			tried = ?, last_channel = ?, last_result = ?, answered = ?, closed = ?, callback_by = ?, last_by = ?, first_ago = ?, seq = ? WHERE id = ?`,
		c.Touches, c.LastAt, c.Until, f.ops.Operator(c.ClaimBy), c.ClaimUntil, f.lease, c.Tried, int(c.LastChannel), c.LastResult.String(),
		b2i(c.Answered), b2i(c.Closed), f.ops.Operator(c.CallbackOwner-1), f.ops.Operator(c.LastBy-1), c.FirstAgo, seq, id); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE buyers SET opted_out = ?, complaint = ?, sms_at = ?, cushions = ?, seq = ?,
			wrong_phone = CASE ? WHEN 1 THEN phone WHEN 2 THEN NULL ELSE wrong_phone END WHERE id = ?`,
		b2i(f.b.OptedOut), b2i(f.b.Complaint), f.b.SMSAt, f.b.Cushions, seq, int(f.wrong), buyerID)
	return seq, err
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
	q := `SELECT ` + eventCols + ` FROM events e WHERE at >= ?`
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
		e, err := scanEvent(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// eventCols are the columns scanEvent reads, in its order.
// They name the events table e.
// The last is the revoke that took the event back, if one did, whenever it was logged: a
// window of the log still knows which of its events were revoked later.
const eventCols = `e.id, e.at, e.operator, e.session, e.kind, e.platform, e.order_id, e.channel, e.result, e.reason, e.until,
	e.note, e.script_id, e.warning, e.uid, e.revokes, e.override, e.logged,
	coalesce((SELECT r.id FROM events r WHERE r.revokes != 0 AND r.revokes = e.id LIMIT 1), 0)`

// scanEvent reads one row of eventCols.
func scanEvent(scan func(dest ...any) error) (queue.Event, error) {
	var e queue.Event
	var kind, result string
	var plat, ch int
	err := scan(&e.ID, &e.At, &e.Operator, &e.Session, &kind, &plat, &e.Order.ID, &ch, &result, &e.Reason,
		&e.Until, &e.Note, &e.ScriptID, &e.Warning, &e.UID, &e.Revokes, &e.Override, &e.Logged, &e.RevokedBy)
	e.Kind, e.Result = queue.EventKind(kind), storedResult(result)
	e.Order.Platform, e.Channel = queue.Platform(plat), queue.Channel(ch)
	return e, err
}

// eventByUID returns the logged event with this UID, if there is one.
func eventByUID(ctx context.Context, tx *sql.Tx, uid string) (queue.Event, bool, error) {
	e, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventCols+` FROM events e WHERE e.uid = ?`, uid).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return queue.Event{}, false, nil
	}
	return e, err == nil, err
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
	// Lift is the shop's day against the holdout (queue.ReportRow's lift fields), nil when the
	// shop keeps no holdout.
	Lift *queue.ReportRow
}

// Tally sums operator's contacts in [from, to), once per conversation (an outcome that joins
// its attempt is that contact: queue.Conversations), and the recoveries those contacts earned
// (queue.Credited: a recovery counts on the day of its touch), as payroll does.
func (s *Store) Tally(ctx context.Context, operator string, from, to int64, lookBack int64) (Tally, error) {
	// A touch in range is credited with a payment up to one look-back window after it,
	// unless a later touch takes the credit.
	pays, err := s.Payments(ctx, from, to+lookBack)
	if err != nil {
		return Tally{}, err
	}
	// From SameContact before from too: the attempts the first outcomes may be part of.
	evs, err := s.Events(ctx, EventFilter{From: from - int64(queue.SameContact/time.Second), To: to + lookBack})
	if err != nil {
		return Tally{}, err
	}
	evs = queue.Live(evs)
	open := queue.Openers(evs)
	var t Tally
	seen := map[queue.OrderKey]bool{}
	for i, e := range evs {
		if e.Kind != queue.EventContact || e.Operator != operator || e.At < from || e.At >= to || open[i] != i {
			continue // an outcome that joins its attempt is that contact
		}
		if !queue.IsGroupTouch(&e) { // a group touch is one more order of the same contact
			t.Contacts++
		}
		if !seen[e.Order] {
			seen[e.Order] = true
			t.OrdersContacted++
		}
	}
	for _, r := range queue.Credited(evs, pays, lookBack, from, to) {
		if r.Operator == operator {
			t.Recovered++
			if t.RecoveredFen, err = t.RecoveredFen.Plus(r.Amount); err != nil {
				return Tally{}, fmt.Errorf("%s: recovered amount: %w", operator, err)
			}
		}
	}
	if t.Lift, err = s.dayLift(ctx, from, to); err != nil {
		return Tally{}, err
	}
	return t, nil
}

// storedResult reads a result as the store keeps it (its name; "" for none). A name this
// version does not know reads as no result rather than failing the whole load.
func storedResult(name string) queue.Result {
	r, _ := queue.ResultNamed(name)
	return r
}

// ColleagueTouch returns the latest live contact that someone other than operator made,
// at or after since, on any order of the buyer of key: a contact on that buyer now would
// cross a colleague's work, and the ui warns first. ok is false when there is none.
func (s *Store) ColleagueTouch(ctx context.Context, key queue.OrderKey, operator string, since int64) (e queue.Event, ok bool, err error) {
	e, err = scanEvent(s.db.QueryRowContext(ctx, `SELECT `+eventCols+` FROM events e JOIN orders o ON o.platform = e.platform AND o.order_id = e.order_id
		WHERE o.buyer_id = (SELECT buyer_id FROM orders WHERE platform = ? AND order_id = ?)
			AND e.kind = ? AND e.operator != ? AND e.operator != '' AND e.at >= ? AND e.note NOT LIKE 'group=%' AND `+liveEvents+`
		ORDER BY e.id DESC LIMIT 1`, int(key.Platform), key.ID, string(queue.EventContact), operator, since).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return queue.Event{}, false, nil
	}
	return e, err == nil, err
}
