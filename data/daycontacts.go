package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"cuifu/queue"
)

// The buyers' recent contacts (queue.Snapshot.Contacts), which the per-buyer daily cap
// counts, and only it: read from the shift log itself, so they are exact whatever the
// orders' contact summaries can tell (a summary knows its first and last touch, not those in
// between), and a revoked contact, a group touch or an outcome that joins its attempt (the
// same contact: queue.Conversations) never counts. A config without the cap reads none of
// them.

// latestContact returns the time of the log's latest contact (ok false: none). The window of
// the buyers' contacts runs back queue.KeepContacts from it; any contact logged counts, so a
// revoke never moves the window back. The index on the events' time finds it from the end.
func latestContact(ctx context.Context, q rowQuerier) (at int64, ok bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT at FROM events WHERE kind = 'contact' ORDER BY at DESC LIMIT 1`).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return at, err == nil, err
}

// recentContactsSQL selects the live contacts after ?1, with their buyer: of every buyer, or
// (recentOfSQL) only of the buyers whose row ids ?2 lists, walked from those buyers. They
// come buyer by buyer in log order, as the store folds them.
const (
	recentCols        = `b.id, b.platform, b.nick, e.at, e.note, e.id, e.operator, e.platform, e.order_id, e.channel, e.result`
	recentContactsSQL = `SELECT ` + recentCols + ` FROM events e
	JOIN orders o ON o.platform = e.platform AND o.order_id = e.order_id
	JOIN buyers b ON b.id = o.buyer_id
	WHERE e.kind = 'contact' AND e.at > ?1 AND ` + liveEvents + ` ORDER BY b.id, e.id`
	recentOfSQL = `SELECT ` + recentCols + ` FROM json_each(?2) j
	CROSS JOIN buyers b ON b.id = j.value
	CROSS JOIN orders o ON o.buyer_id = b.id
	CROSS JOIN events e ON e.platform = o.platform AND e.order_id = o.order_id
	WHERE e.kind = 'contact' AND e.at > ?1 AND ` + liveEvents + ` ORDER BY b.id, e.id`
)

// recentContacts calls each, for every live contact the daily cap counts (queue.DayContact)
// since queue.KeepContacts before the log's latest contact (latest, ok as latestContact
// returns them), with its buyer's row id and key, by buyer and then as logged. buyers, when
// not nil, are the row ids of the only buyers to read. The contacts of queue.SameContact
// more are read, for the attempts the first outcomes may join.
func recentContacts(ctx context.Context, q rowsQuerier, latest int64, ok bool, buyers []int64,
	each func(buyerID int64, p queue.Platform, nick string, at int64)) error {
	if !ok || buyers != nil && len(buyers) == 0 {
		return nil
	}
	from := latest - queue.KeepContacts
	query, args := recentContactsSQL, []any{from - int64(queue.SameContact/time.Second)}
	if buyers != nil {
		ids, err := json.Marshal(buyers)
		if err != nil {
			return err
		}
		query, args = recentOfSQL, append(args, string(ids))
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var v queue.Conversations // one buyer's at a time
	last := int64(-1)
	for rows.Next() {
		var id int64
		var plat, eplat, ch int
		var nick, result string
		e := queue.Event{Kind: queue.EventContact}
		if err := rows.Scan(&id, &plat, &nick, &e.At, &e.Note, &e.ID, &e.Operator, &eplat, &e.Order.ID, &ch, &result); err != nil {
			return err
		}
		e.Order.Platform, e.Channel, e.Result = queue.Platform(eplat), queue.Channel(ch), storedResult(result)
		if id != last {
			v.Forget()
			last = id
		}
		if _, _, joins := v.Add(&e); queue.DayContact(&e, joins) && e.At > from {
			each(id, queue.Platform(plat), nick, e.At)
		}
	}
	return rows.Err()
}

// byBuyer gathers the times recentContacts reads, buyer by buyer, and calls done with each
// buyer's (the slice is reused: done copies it).
type byBuyer struct {
	id   int64
	nick string
	p    queue.Platform
	at   []uint32
	done func(id int64, p queue.Platform, nick string, at []uint32)
}

func (g *byBuyer) add(id int64, p queue.Platform, nick string, at int64) {
	if id != g.id || len(g.at) == 0 {
		g.flush()
		g.id, g.p, g.nick = id, p, nick
	}
	g.at = append(g.at, queue.UnixTime(at))
}

func (g *byBuyer) flush() {
	if len(g.at) > 0 {
		slices.Sort(g.at) // they came as logged: oldest first, as the snapshot keeps them
		g.done(g.id, g.p, g.nick, g.at)
	}
	g.at = g.at[:0]
}

// snapContacts fills snap.Contacts, for a snapshot just loaded under a config with the daily
// cap: buyers maps a buyer's row id to its index in snap.Buyers (a buyer with no open order
// is not there, and has nothing to rank).
func snapContacts(ctx context.Context, q *sql.Conn, snap *queue.Snapshot, buyers map[int64]int32) error {
	snap.Contacts = queue.DayContacts{Loaded: true}
	latest, ok, err := latestContact(ctx, q)
	if err != nil {
		return err
	}
	g := &byBuyer{done: func(id int64, _ queue.Platform, _ string, at []uint32) {
		if b, ok := buyers[id]; ok {
			snap.Contacts.Set(b, at)
		}
	}}
	err = recentContacts(ctx, q, latest, ok, nil, g.add)
	g.flush()
	snap.Contacts.Fit()
	return err
}

// changedContacts fills ch's contacts for a config with the daily cap: the log's latest
// contact, and the contacts of the buyers with row ids buyers (the changed orders' buyers).
func changedContacts(ctx context.Context, q *sql.Conn, ch *queue.Changes, buyers []int64) error {
	latest, ok, err := latestContact(ctx, q)
	if err != nil {
		return err
	}
	ch.DayContacts, ch.Latest, ch.Contacts = true, latest, nil
	if buyers == nil {
		buyers = []int64{}
	}
	g := &byBuyer{done: func(_ int64, p queue.Platform, nick string, at []uint32) {
		ch.Contacts = append(ch.Contacts, queue.BuyerContacts{Platform: p, Nick: nick, At: append([]uint32(nil), at...)})
	}}
	err = recentContacts(ctx, q, latest, ok, buyers, g.add)
	g.flush()
	return err
}

// DayContacts returns the times of the contacts with the buyer of order key that the daily
// cap counts, oldest first: what a snapshot's Contacts holds for them, for the rule checks
// at log time (queue.Config.Breaks) outside a workstation.
func (s *Store) DayContacts(ctx context.Context, key queue.OrderKey) ([]uint32, error) {
	var buyerID int64
	if err := s.db.QueryRowContext(ctx, `SELECT buyer_id FROM orders WHERE platform = ? AND order_id = ?`,
		int(key.Platform), key.ID).Scan(&buyerID); errors.Is(err, sql.ErrNoRows) {
		return nil, &Refusal{Code: CodeNoOrder, Order: key}
	} else if err != nil {
		return nil, err
	}
	latest, ok, err := latestContact(ctx, s.db)
	if err != nil {
		return nil, err
	}
	var out []uint32
	err = recentContacts(ctx, s.db, latest, ok, []int64{buyerID}, func(_ int64, _ queue.Platform, _ string, at int64) {
		out = append(out, queue.UnixTime(at))
	})
	slices.Sort(out) // they came as logged
	return out, err
}
