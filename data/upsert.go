package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"cuifu/data/exports"
	"cuifu/queue"
)

// Summary counts what an import did to the store.
type Summary struct {
	New       int // orders the store did not have
	Updated   int // orders whose details changed
	NowPaid   int // orders that became paid
	NowClosed int // orders that became closed
	Unchanged int // orders the import already matched
}

// Import is one file's import: batches of records written in one transaction, so a file
// either lands whole or not at all.
type Import struct {
	tx      *sql.Tx
	ctx     context.Context
	buyers  map[buyerKey]int64
	getB    *sql.Stmt
	insB    *sql.Stmt
	phoneB  *sql.Stmt
	paidB   *sql.Stmt
	getO    *sql.Stmt
	insO    *sql.Stmt
	updO    *sql.Stmt
	seq     int64 // this import's change sequence number
	summary Summary
}

type buyerKey struct {
	platform queue.Platform
	nick     string
}

// BeginImport starts an import transaction. Call Add for each batch, then Commit (or
// Rollback on failure).
func (s *Store) BeginImport(ctx context.Context) (*Import, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	im := &Import{tx: tx, ctx: ctx, buyers: map[buyerKey]int64{}}
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	im.getB = prep(`SELECT id, phone FROM buyers WHERE platform = ? AND nick = ?`)
	im.insB = prep(`INSERT INTO buyers (platform, nick, phone) VALUES (?, ?, ?)`)
	im.phoneB = prep(`UPDATE buyers SET phone = ? WHERE id = ?`)
	im.paidB = prep(`UPDATE buyers SET paid_count = paid_count + 1 WHERE id = ?`)
	im.getO = prep(`SELECT id, buyer_id, title, items, amount, shipping, created, paid_at, deadline, status, flash, agent, receiver, note
		FROM orders WHERE platform = ? AND order_id = ?`)
	im.insO = prep(`INSERT INTO orders (platform, order_id, buyer_id, title, items, amount, shipping, created, paid_at, deadline, status, flash, agent, receiver, note, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	im.updO = prep(`UPDATE orders SET buyer_id = ?, title = ?, items = ?, amount = ?, shipping = ?, created = ?, paid_at = ?, deadline = ?,
		status = ?, flash = ?, agent = ?, receiver = ?, note = ?, seq = ? WHERE id = ?`)
	if err == nil {
		im.seq, err = nextSeq(ctx, tx)
	}
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return im, nil
}

// Add writes a batch of records.
func (im *Import) Add(recs []exports.Record) error {
	for i := range recs {
		if err := im.add(&recs[i]); err != nil {
			return fmt.Errorf("order %s: %w", recs[i].ID, err)
		}
	}
	return nil
}

// Summary returns what the import has done so far.
func (im *Import) Summary() Summary { return im.summary }

// Commit makes the import durable.
func (im *Import) Commit() error { return im.tx.Commit() }

// Rollback abandons the import: the store is as it was.
func (im *Import) Rollback() error { return im.tx.Rollback() }

// buyerNick is the identity of the buyer within the platform; an export without one gives
// each order its own buyer rather than merging strangers.
func buyerNick(r *exports.Record) string {
	if r.Buyer != "" {
		return r.Buyer
	}
	return "#" + r.ID
}

func (im *Import) buyer(r *exports.Record) (int64, error) {
	k := buyerKey{r.Platform, buyerNick(r)}
	phone := queue.NormalizePhone(r.Phone)
	id, ok := im.buyers[k]
	if !ok {
		var old string
		err := im.getB.QueryRowContext(im.ctx, int(k.platform), k.nick).Scan(&id, &old)
		switch {
		case err == sql.ErrNoRows:
			res, err := im.insB.ExecContext(im.ctx, int(k.platform), k.nick, phone)
			if err != nil {
				return 0, err
			}
			if id, err = res.LastInsertId(); err != nil {
				return 0, err
			}
			im.buyers[k] = id
			return id, nil
		case err != nil:
			return 0, err
		}
		im.buyers[k] = id
		// A full number beats a masked one: newer exports mask what older ones showed.
		if phone != "" && phone != old && (old == "" || !queue.PhoneMasked(phone)) {
			if _, err := im.phoneB.ExecContext(im.ctx, phone, id); err != nil {
				return 0, err
			}
		}
	}
	return id, nil
}

type storedOrder struct {
	id, buyer                                 int64
	title, items, agent, receiver, note       string
	amount, shipping, created, paid, deadline int64
	status, flash                             int
}

func (im *Import) add(r *exports.Record) error {
	items := ""
	if len(r.Items) > 0 {
		b, err := json.Marshal(r.Items)
		if err != nil {
			return err
		}
		items = string(b)
	}
	var o storedOrder
	err := im.getO.QueryRowContext(im.ctx, int(r.Platform), r.ID).Scan(&o.id, &o.buyer, &o.title, &o.items, &o.amount, &o.shipping,
		&o.created, &o.paid, &o.deadline, &o.status, &o.flash, &o.agent, &o.receiver, &o.note)
	bid := o.buyer
	// A record that does not name its buyer keeps the order's buyer.
	if err != nil || r.Buyer != "" {
		var berr error
		if bid, berr = im.buyer(r); berr != nil {
			return berr
		}
	}
	if err == sql.ErrNoRows {
		if _, err := im.insO.ExecContext(im.ctx, int(r.Platform), r.ID, bid, r.Title, items, int64(r.Amount), int64(r.Shipping),
			r.Created, r.PaidAt, r.Deadline, int(r.Status), b2i(r.Flash), r.Agent, r.Receiver, r.Note, im.seq); err != nil {
			return err
		}
		im.summary.New++
		if r.Status == queue.StatusPaid {
			im.summary.NowPaid++
			if _, err := im.paidB.ExecContext(im.ctx, bid); err != nil {
				return err
			}
		}
		return nil
	}
	if err != nil {
		return err
	}
	// Statuses never move backwards: an older export cannot un-pay or reopen an order.
	cur := queue.Status(o.status)
	next := cur.Advance(r.Status)
	n := o
	n.buyer = bid
	n.status = int(next)
	if next == queue.StatusPaid && n.paid == 0 {
		n.paid = r.PaidAt
	}
	if next == r.Status {
		// Details come from the export only when it is not older news than the store.
		n.title, n.items, n.amount, n.shipping = pick(r.Title, o.title), pick(items, o.items), pickN(int64(r.Amount), o.amount), pickN(int64(r.Shipping), o.shipping)
		n.created, n.deadline = pickN(r.Created, o.created), pickN(r.Deadline, o.deadline)
		n.flash = o.flash | b2i(r.Flash)
		n.agent, n.receiver, n.note = pick(r.Agent, o.agent), pick(r.Receiver, o.receiver), pick(r.Note, o.note)
	}
	if n == o {
		im.summary.Unchanged++
		return nil
	}
	if _, err := im.updO.ExecContext(im.ctx, n.buyer, n.title, n.items, n.amount, n.shipping, n.created, n.paid, n.deadline,
		n.status, n.flash, n.agent, n.receiver, n.note, im.seq, o.id); err != nil {
		return err
	}
	switch {
	case next != cur && next == queue.StatusPaid:
		im.summary.NowPaid++
		if _, err := im.paidB.ExecContext(im.ctx, bid); err != nil {
			return err
		}
	case next != cur && next == queue.StatusClosed:
		im.summary.NowClosed++
	default:
		im.summary.Updated++
	}
	return nil
}

func pick(v, old string) string {
	if v == "" {
		return old
	}
	return v
}

func pickN(v, old int64) int64 {
	if v == 0 {
		return old
	}
	return v
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Upsert writes records in one transaction: new orders are added, known ones updated, and
// statuses only move forward.
func (s *Store) Upsert(ctx context.Context, recs []exports.Record) (Summary, error) {
	var sum Summary
	im, err := s.BeginImport(ctx)
	if err != nil {
		return sum, err
	}
	if err := im.Add(recs); err != nil {
		im.Rollback()
		return sum, err
	}
	if err := im.Commit(); err != nil {
		return sum, err
	}
	return im.Summary(), nil
}
