package data

import (
	"context"
	"database/sql"
	"errors"

	"cuifu/queue"
)

// The buyers' recent contacts (queue.Snapshot.Contacts), which the per-buyer daily cap
// counts: read from the shift log itself, so they are exact whatever the orders' contact
// summaries can tell (a summary knows its first and last touch, not those in between), and
// a revoked contact or a group touch never counts.

// recentContactsSQL selects the live contacts since queue.KeepContacts (?1) before the log's
// latest contact, with their buyer, by buyer and time. The latest contact is any contact
// logged, so a revoke never moves the window back; its index finds it from the end.
const recentContactsSQL = `SELECT b.id, b.platform, b.nick, e.at, e.note FROM events e
	JOIN orders o ON o.platform = e.platform AND o.order_id = e.order_id
	JOIN buyers b ON b.id = o.buyer_id
	WHERE e.kind = 'contact' AND e.at > (SELECT at FROM events WHERE kind = 'contact' ORDER BY at DESC LIMIT 1) - ?1
		AND ` + liveEvents

// recentContacts calls each, for every live contact the daily cap counts (queue.DayContact)
// since queue.KeepContacts before the log's latest contact, with its buyer's row id and key,
// by buyer and then time. buyerID > 0 reads only that buyer's.
func recentContacts(ctx context.Context, q rowsQuerier, buyerID int64, each func(buyerID int64, p queue.Platform, nick string, at int64)) error {
	query, args := recentContactsSQL, []any{queue.KeepContacts}
	if buyerID > 0 {
		query += ` AND b.id = ?2`
		args = append(args, buyerID)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY b.id, e.at, e.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var plat int
		var nick string
		e := queue.Event{Kind: queue.EventContact}
		if err := rows.Scan(&id, &plat, &nick, &e.At, &e.Note); err != nil {
			return err
		}
		if queue.DayContact(&e) {
			each(id, queue.Platform(plat), nick, e.At)
		}
	}
	return rows.Err()
}

// snapContacts fills snap.Contacts, for a snapshot just loaded: buyers maps a buyer's row id
// to its index in snap.Buyers (a buyer with no open order is not there, and has nothing to
// rank).
func snapContacts(ctx context.Context, q rowsQuerier, snap *queue.Snapshot, buyers map[int64]int32) error {
	return recentContacts(ctx, q, 0, func(id int64, _ queue.Platform, _ string, at int64) {
		if b, ok := buyers[id]; ok {
			if snap.Contacts == nil {
				snap.Contacts = map[int32][]int64{}
			}
			snap.Contacts[b] = append(snap.Contacts[b], at)
		}
	})
}

// changedContacts returns the store's recently contacted buyers, as Changes hands them over.
func changedContacts(ctx context.Context, q rowsQuerier) ([]queue.BuyerContacts, error) {
	var out []queue.BuyerContacts
	last := int64(-1)
	err := recentContacts(ctx, q, 0, func(id int64, p queue.Platform, nick string, at int64) {
		if id != last {
			out = append(out, queue.BuyerContacts{Platform: p, Nick: nick})
			last = id
		}
		c := &out[len(out)-1]
		c.At = append(c.At, at)
	})
	return out, err
}

// DayContacts returns the times of the contacts with the buyer of order key that the daily
// cap counts, oldest first: what a snapshot's Contacts holds for them, for the rule checks
// at log time (queue.Config.Breaks) outside a workstation.
func (s *Store) DayContacts(ctx context.Context, key queue.OrderKey) ([]int64, error) {
	var buyerID int64
	if err := s.db.QueryRowContext(ctx, `SELECT buyer_id FROM orders WHERE platform = ? AND order_id = ?`,
		int(key.Platform), key.ID).Scan(&buyerID); errors.Is(err, sql.ErrNoRows) {
		return nil, &Refusal{Code: CodeNoOrder, Order: key}
	} else if err != nil {
		return nil, err
	}
	var out []int64
	err := recentContacts(ctx, s.db, buyerID, func(_ int64, _ queue.Platform, _ string, at int64) { out = append(out, at) })
	return out, err
}
