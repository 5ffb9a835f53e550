package data

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema's steps, in order. A store's PRAGMA user_version says how
// many it has run. Never edit a step that has shipped: add a new one.
var migrations = []string{
	// 1: orders, buyers and the append-only shift log.
	`CREATE TABLE buyers (
		id         INTEGER PRIMARY KEY,
		platform   INTEGER NOT NULL,
		nick       TEXT    NOT NULL,
		phone      TEXT    NOT NULL DEFAULT '',
		paid_count INTEGER NOT NULL DEFAULT 0,
		opted_out  INTEGER NOT NULL DEFAULT 0,
		complaint  INTEGER NOT NULL DEFAULT 0,
		sms_day    INTEGER NOT NULL DEFAULT 0,
		cushions   INTEGER NOT NULL DEFAULT 0,
		UNIQUE (platform, nick)
	);
	CREATE TABLE orders (
		id           INTEGER PRIMARY KEY,
		platform     INTEGER NOT NULL,
		order_id     TEXT    NOT NULL,
		buyer_id     INTEGER NOT NULL REFERENCES buyers(id),
		title        TEXT    NOT NULL DEFAULT '',
		items        TEXT    NOT NULL DEFAULT '',
		amount       INTEGER NOT NULL DEFAULT 0,
		shipping     INTEGER NOT NULL DEFAULT 0,
		created      INTEGER NOT NULL DEFAULT 0,
		paid_at      INTEGER NOT NULL DEFAULT 0,
		deadline     INTEGER NOT NULL DEFAULT 0,
		status       INTEGER NOT NULL DEFAULT 0,
		flash        INTEGER NOT NULL DEFAULT 0,
		agent        TEXT    NOT NULL DEFAULT '',
		receiver     TEXT    NOT NULL DEFAULT '',
		note         TEXT    NOT NULL DEFAULT '',
		-- The contact summary: queue.ContactState folded from the shift log, kept in the
		-- same transaction as each event so the snapshot never replays the log.
		touches      INTEGER NOT NULL DEFAULT 0,
		last_at      INTEGER NOT NULL DEFAULT 0,
		until        INTEGER NOT NULL DEFAULT 0,
		claim_by     TEXT    NOT NULL DEFAULT '',
		claim_until  INTEGER NOT NULL DEFAULT 0,
		tried        INTEGER NOT NULL DEFAULT 0,
		last_channel INTEGER NOT NULL DEFAULT 0,
		last_result  TEXT    NOT NULL DEFAULT '',
		answered     INTEGER NOT NULL DEFAULT 0,
		closed       INTEGER NOT NULL DEFAULT 0,
		UNIQUE (platform, order_id)
	);
	CREATE INDEX orders_open ON orders(id) WHERE status = 0;
	CREATE INDEX orders_buyer ON orders(buyer_id);
	CREATE TABLE events (
		id        INTEGER PRIMARY KEY AUTOINCREMENT,
		at        INTEGER NOT NULL,
		operator  TEXT    NOT NULL DEFAULT '',
		session   TEXT    NOT NULL DEFAULT '',
		kind      TEXT    NOT NULL,
		platform  INTEGER NOT NULL DEFAULT 0,
		order_id  TEXT    NOT NULL DEFAULT '',
		channel   INTEGER NOT NULL DEFAULT 0,
		result    TEXT    NOT NULL DEFAULT '',
		reason    TEXT    NOT NULL DEFAULT '',
		until     INTEGER NOT NULL DEFAULT 0,
		note      TEXT    NOT NULL DEFAULT '',
		script_id TEXT    NOT NULL DEFAULT '',
		warning   TEXT    NOT NULL DEFAULT ''
	);
	CREATE INDEX events_order ON events(platform, order_id, id);
	CREATE INDEX events_at ON events(at);
	-- The shift log is evidence in a pay dispute: nothing may change or remove an entry.
	CREATE TRIGGER events_no_update BEFORE UPDATE ON events
		BEGIN SELECT RAISE(ABORT, 'the shift log is append-only'); END;
	CREATE TRIGGER events_no_delete BEFORE DELETE ON events
		BEGIN SELECT RAISE(ABORT, 'the shift log is append-only'); END;`,
	// 2: whose callback a promise set ('' = anyone's).
	`ALTER TABLE orders ADD COLUMN callback_by TEXT NOT NULL DEFAULT '';`,
	// 3: a change sequence, so readers reload only the orders changed since they last looked.
	`ALTER TABLE orders ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX orders_seq ON orders(seq);
	CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
	INSERT INTO meta (k, v) VALUES ('seq', 0);`,
	// 4: a random identity, so a snapshot file saved beside a store is never taken for
	// another store's that was later put at the same path.
	`INSERT INTO meta (k, v) VALUES ('store_id', abs(random()));`,
	// 5: an event's caller-made UID (one event per UID: a retry never logs twice), the event
	// a revoke takes back, whose claim a forced contact went over, and the store's own clock
	// when it was logged; a claim's lease end by that clock, which is what holds a claim.
	`ALTER TABLE events ADD COLUMN uid TEXT NOT NULL DEFAULT '';
	ALTER TABLE events ADD COLUMN revokes INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE events ADD COLUMN override TEXT NOT NULL DEFAULT '';
	ALTER TABLE events ADD COLUMN logged INTEGER NOT NULL DEFAULT 0;
	CREATE UNIQUE INDEX events_uid ON events(uid) WHERE uid != '';
	CREATE INDEX events_revokes ON events(revokes) WHERE revokes != 0;
	ALTER TABLE orders ADD COLUMN claim_lease INTEGER NOT NULL DEFAULT 0;
	UPDATE orders SET claim_lease = claim_until WHERE claim_by != '';`,
	// 6: the shop's blacklist, folded from the block and unblock events: a buyer's nick or a
	// phone, with the reason given and who put it there.
	`CREATE TABLE blacklist (
		target   TEXT PRIMARY KEY,
		reason   TEXT    NOT NULL DEFAULT '',
		operator TEXT    NOT NULL DEFAULT '',
		at       INTEGER NOT NULL DEFAULT 0
	);`,
}

// nextSeq takes the next change sequence number for a write transaction: every order row
// the transaction writes carries it.
func nextSeq(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `UPDATE meta SET v = v + 1 WHERE k = 'seq' RETURNING v`).Scan(&v)
	return v, err
}

// migrate runs the steps the store has not run yet, each in its own write transaction.
// The version is read again inside the transaction, so two processes opening a new store at
// once do not both run a step.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done := false
		err := s.write(ctx, func(tx *sql.Tx) error {
			var v int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v > len(migrations) {
				return fmt.Errorf("the store's schema (version %d) is newer than this cuifu (version %d)", v, len(migrations))
			}
			if v == len(migrations) {
				done = true
				return nil
			}
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return fmt.Errorf("schema step %d: %w", v+1, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
			return err
		})
		if err != nil || done {
			return err
		}
	}
}
