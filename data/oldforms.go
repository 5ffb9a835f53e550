package data

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"cuifu/data/exports"
	"cuifu/queue"
)

// rewriteOldForms is schema step 14 (oldFormsStep): what the previous build stored in another form than
// this one is rewritten, so an old store shows and finds its buyers and orders as a new one
// does.
//   - A buyer known only by phone was "tel:" and the full number: shown masked, but the
//     number sat in the identity. It becomes the phone's digest (exports.PhoneIdentity).
//   - A Shopify order was stored without the # the merchant sees ("1001"). It becomes
//     "#1001", in the orders and in the log's references to them.
//   - A buyer known only by their order was "#" and the order number. It becomes the
//     identity with the masked receiver (queue.OrderBuyer), so the queue shows them.
//
// Where the new form is stored too (the same file imported again by the newer build), the
// two rows are one: the old row goes into the new one, and their contact state and buyer
// are folded again from the log. A snapshot file saved before is left behind (the store
// takes a new id): it names orders by their old ids.
func (s *Store) rewriteOldForms(ctx context.Context, tx *sql.Tx) error {
	changed, err := s.rewriteShopifyIDs(ctx, tx)
	if err != nil {
		return err
	}
	renamed, err := s.rewriteBuyerNicks(ctx, tx)
	if err != nil {
		return err
	}
	if changed || renamed {
		_, err = tx.ExecContext(ctx, `UPDATE meta SET v = abs(random()) WHERE k = 'store_id'`)
	}
	return err
}

// rewriteShopifyIDs gives the Shopify orders stored without their # the id the merchant
// sees, in the orders and in the log.
func (s *Store) rewriteShopifyIDs(ctx context.Context, tx *sql.Tx) (bool, error) {
	shopify := int(queue.PlatformShopify)
	type old struct {
		id      int64
		orderID string
		learned int64
	}
	var olds []old
	rows, err := tx.QueryContext(ctx, `SELECT id, order_id, learned FROM orders WHERE platform = ? AND order_id NOT LIKE '#%'`, shopify)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var o old
		if err := rows.Scan(&o.id, &o.orderID, &o.learned); err != nil {
			rows.Close()
			return false, err
		}
		olds = append(olds, o)
	}
	if err := rows.Close(); err != nil {
		return false, err
	}
	if len(olds) == 0 {
		return false, nil
	}
	// The log names the order as it will be found. Its entries say the same as before: only
	// the form of the order's id changes, so the append-only guard steps aside for this.
	_, err = tx.ExecContext(ctx, `DROP TRIGGER events_no_update;
		UPDATE events SET order_id = '#' || order_id WHERE platform = ? AND order_id != '' AND order_id NOT LIKE '#%';
		CREATE TRIGGER events_no_update BEFORE UPDATE ON events
			BEGIN SELECT RAISE(ABORT, 'the shift log is append-only'); END;`, shopify)
	if err != nil {
		return false, err
	}
	// One change sequence for the renames, taken once: the stamping triggers then have
	// nothing to do for each row of a big store.
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return false, err
	}
	var merged []queue.OrderKey
	for _, o := range olds {
		key := queue.OrderKey{Platform: queue.PlatformShopify, ID: "#" + o.orderID}
		var newer int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE platform = ? AND order_id = ?`, shopify, key.ID).Scan(&newer)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `UPDATE orders SET order_id = ?, seq = ? WHERE id = ?`, key.ID, seq, o.id)
		case err == nil:
			// The newer import's row has the order's latest facts; the store learned of the
			// order when it stored the old one (0: from the order's own time).
			if _, err = tx.ExecContext(ctx, `UPDATE orders SET learned = CASE WHEN ?1 = 0 OR learned = 0 THEN 0 ELSE min(learned, ?1) END
				WHERE id = ?2`, o.learned, newer); err == nil {
				_, err = tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, o.id)
			}
			merged = append(merged, key)
		}
		if err != nil {
			return false, err
		}
	}
	for _, k := range merged {
		if err := s.revokeTwinTouchesTx(ctx, tx, k); err != nil {
			return false, err
		}
		if err := s.refoldTx(ctx, tx, k); err != nil {
			return false, err
		}
	}
	return true, nil
}

// twinTouch is the reason of the revokes schema step 14 logs: the group touch was of the
// same order, stored under its two forms.
const twinTouch = "same_order"

// revokeTwinTouchesTx takes back the group touches that a contact on one form of a Shopify
// order logged on its other form (the store took the two for two orders of one buyer): now
// that they are one order, each contact would count twice. The log keeps them, with a
// revoke each.
func (s *Store) revokeTwinTouchesTx(ctx context.Context, tx *sql.Tx, k queue.OrderKey) error {
	var twins []int64
	err := eachEvent(ctx, tx, `SELECT `+eventCols+` FROM events e WHERE e.platform = ? AND e.order_id = ? AND `+liveEvents,
		func(e *queue.Event) {
			if lead := queue.GroupLead(e); lead == k.ID || "#"+lead == k.ID {
				twins = append(twins, e.ID)
			}
		}, int(k.Platform), k.ID)
	if err != nil {
		return err
	}
	now := s.clock().Unix()
	for _, id := range twins {
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (at, kind, platform, order_id, reason, uid, revokes, logged)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?1)`, now, string(queue.EventRevoke), int(k.Platform), k.ID, twinTouch, NewUID(), id); err != nil {
			return err
		}
	}
	return nil
}

// rewriteBuyerNicks gives the buyers named "tel:" and a full phone, or "#" and their order,
// this build's identities.
func (s *Store) rewriteBuyerNicks(ctx context.Context, tx *sql.Tx) (bool, error) {
	type rename struct {
		id       int64
		platform int
		from, to string
	}
	var renames []rename
	// Only a buyer named by their order needs the order read.
	rows, err := tx.QueryContext(ctx, `SELECT b.id, b.platform, b.nick, '', 0 FROM buyers b WHERE b.nick LIKE 'tel:%'
		UNION ALL SELECT b.id, b.platform, b.nick,
			coalesce((SELECT order_id || char(31) || receiver FROM orders WHERE buyer_id = b.id ORDER BY id LIMIT 1), ''),
			(SELECT count(*) FROM orders WHERE buyer_id = b.id)
		FROM buyers b WHERE b.nick LIKE '#%'`)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var r rename
		var order string
		var orders int
		if err := rows.Scan(&r.id, &r.platform, &r.from, &order, &orders); err != nil {
			rows.Close()
			return false, err
		}
		if phone, ok := strings.CutPrefix(r.from, "tel:"); ok && !phoneDigest(phone) {
			r.to = exports.PhoneIdentity(phone)
		} else if orderID, receiver, _ := strings.Cut(order, "\x1f"); orders == 1 && (r.from == "#"+orderID || r.from == orderID) {
			r.to = queue.OrderBuyer(orderID, receiver) // "#1001" was a Shopify order's before its #
		}
		if r.to != "" && r.to != r.from {
			renames = append(renames, r)
		}
	}
	if err := rows.Close(); err != nil {
		return false, err
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return false, err
	}
	// One prepared statement a buyer: a store of a million buyers known by phone renames
	// them all. A rename the identity is already taken for merges the two.
	setNick, err := tx.PrepareContext(ctx, `UPDATE OR IGNORE buyers SET nick = ?, seq = ? WHERE id = ?`)
	if err != nil {
		return false, err
	}
	defer setNick.Close()
	to := make(map[string]string, len(renames)) // the blacklist's targets follow their buyers
	for _, r := range renames {
		res, err := setNick.ExecContext(ctx, r.to, seq, r.id)
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err == nil && n == 0 {
			var into int64
			if err = tx.QueryRowContext(ctx, `SELECT id FROM buyers WHERE platform = ? AND nick = ?`, r.platform, r.to).Scan(&into); err == nil {
				err = s.mergeBuyerTx(ctx, tx, r.id, into)
			}
		}
		if err != nil {
			return false, err
		}
		to[r.from] = r.to
	}
	var targets []string
	rows, err = tx.QueryContext(ctx, `SELECT target FROM blacklist WHERE target LIKE 'tel:%' OR target LIKE '#%'`)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return false, err
		}
		if _, ok := to[t]; ok {
			targets = append(targets, t)
		}
	}
	if err := rows.Close(); err != nil {
		return false, err
	}
	for _, t := range targets {
		if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE blacklist SET target = ?1 WHERE target = ?2;
			DELETE FROM blacklist WHERE target = ?2`, to[t], t); err != nil {
			return false, err
		}
	}
	return len(renames) > 0, nil
}

// mergeBuyerTx makes buyer from, stored twice under two identities, one with buyer into: its
// orders move over, its paid orders count, its phone fills a missing one, and the buyer's
// opt-outs, SMS and cushions are folded again from the log of all their orders.
func (s *Store) mergeBuyerTx(ctx context.Context, tx *sql.Tx, from, into int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE buyers SET
			paid_count = paid_count + (SELECT paid_count FROM buyers WHERE id = ?1),
			phone = CASE WHEN phone = '' THEN (SELECT phone FROM buyers WHERE id = ?1) ELSE phone END
		WHERE id = ?2;
		UPDATE orders SET buyer_id = ?2 WHERE buyer_id = ?1;
		DELETE FROM buyers WHERE id = ?1;`, from, into)
	if err != nil {
		return err
	}
	var p int
	var orderID string
	err = tx.QueryRowContext(ctx, `SELECT platform, order_id FROM orders WHERE buyer_id = ? ORDER BY id LIMIT 1`, into).Scan(&p, &orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.refoldTx(ctx, tx, queue.OrderKey{Platform: queue.Platform(p), ID: orderID})
}

// phoneDigest reports whether a "tel:" identity's rest is this build's digest of a phone
// (16 hex digits), not the phone itself.
func phoneDigest(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
