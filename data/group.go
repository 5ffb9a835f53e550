package data

import (
	"context"
	"database/sql"

	"cuifu/queue"
)

// touchGroupTx logs, for a contact on one of a buyer's orders, a group touch (queue.GroupTouch)
// on each other open order of that buyer (same platform and shop, same buyer) that has no
// outcome yet, was placed by the contact's time and is not under another specialist's live
// claim: the buyer is contacted about all of them at once, so each one's touches rise and its
// cooldown starts, and a payment of any of them finds its touch in the log. A contact logged
// for an earlier time (an earlier --now, a replayed history) never touches an order the
// buyer placed after it. Revoking the contact revokes its group touches.
//
// A snooze, a claim or a release goes to the same orders (queue.GroupFollow), a release
// only to those the specialist holds: the buyer snoozed or claimed through one order does
// not come up through another, for them or for a colleague.
func (s *Store) touchGroupTx(ctx context.Context, tx *sql.Tx, e *queue.Event) error {
	_, touch := queue.GroupTouch(e, e.Order)
	_, follow := queue.GroupFollow(e, e.Order)
	if !touch && !follow {
		return nil
	}
	held := ""
	if e.Kind == queue.EventRelease {
		held = ` AND o.claim_by = ?3 AND o.claim_lease > ?4`
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.order_id FROM orders o JOIN orders l ON l.buyer_id = o.buyer_id
		WHERE l.platform = ?1 AND l.order_id = ?2 AND o.id != l.id AND o.status = 0 AND o.closed = 0
			AND o.created <= ?5 AND (o.claim_by = '' OR o.claim_by = ?3 OR o.claim_lease <= ?4)`+held+`
		ORDER BY o.id`, int(e.Order.Platform), e.Order.ID, e.Operator, e.Logged, e.At)
	if err != nil {
		return err
	}
	var others []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		others = append(others, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range others {
		key := queue.OrderKey{Platform: e.Order.Platform, ID: id}
		g, ok := queue.GroupTouch(e, key)
		if !ok {
			g, _ = queue.GroupFollow(e, key)
		}
		if err := s.appendTx(ctx, tx, &g); err != nil {
			return err
		}
	}
	return nil
}

// revokeGroupTx revokes the group touches a revoked contact logged (or the follows of a
// revoked snooze, claim or release), as rev revoked it, and folds their orders again.
func (s *Store) revokeGroupTx(ctx context.Context, tx *sql.Tx, target, rev *queue.Event) error {
	contact := target.Kind == queue.EventContact && !queue.IsGroupTouch(target)
	_, follow := queue.GroupFollow(target, target.Order)
	if (!contact && !follow) || target.UID == "" {
		return nil
	}
	prefix := target.UID + "/"
	rows, err := tx.QueryContext(ctx, `SELECT id, platform, order_id FROM events WHERE substr(uid, 1, ?2) = ?1
		AND note LIKE 'group=%' ORDER BY id`, prefix, len(prefix))
	if err != nil {
		return err
	}
	type touch struct {
		id  int64
		key queue.OrderKey
	}
	var touches []touch
	for rows.Next() {
		var t touch
		var plat int
		if err := rows.Scan(&t.id, &plat, &t.key.ID); err != nil {
			rows.Close()
			return err
		}
		t.key.Platform = queue.Platform(plat)
		touches = append(touches, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range touches {
		g := *rev
		g.ID, g.Order, g.Revokes, g.UID = 0, t.key, t.id, rev.UID+"/"+t.key.ID
		if err := s.appendTx(ctx, tx, &g); err != nil {
			return err
		}
		if err := s.refoldTx(ctx, tx, t.key); err != nil {
			return err
		}
	}
	return nil
}

// maxGroupShown bounds the other orders a detail lists: a buyer with more is suspicious.
const maxGroupShown = 20

// groupOf returns the buyer's open orders other than order id, without an outcome, oldest
// first: those a contact on it touches too (see touchGroupTx; another's claim aside).
func (s *Store) groupOf(ctx context.Context, buyerID, id int64) ([]GroupOrder, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT order_id, title, amount FROM orders
		WHERE buyer_id = ? AND id != ? AND status = 0 AND closed = 0 ORDER BY created, id LIMIT ?`, buyerID, id, maxGroupShown)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GroupOrder
	for rows.Next() {
		var g GroupOrder
		if err := rows.Scan(&g.ID, &g.Title, &g.Amount); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
