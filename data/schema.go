package data

import (
	"context"
	"database/sql"
	"fmt"

	"cuifu/queue"
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
	// 7: change tracking the schema enforces. Every change to what the queue reads (an order,
	// a buyer) carries the store's change sequence: a writer takes a new one with nextSeq and
	// stamps the rows it writes; a row written without one (an update that keeps the row's
	// sequence or sets another than the store's latest, an insert without one) gets a new
	// sequence of its own from these triggers, so no write can leave a reader's copy stale.
	// An insert is only checked for a missing sequence: every row of a million-row import
	// pays for the check, and a look-up of the latest sequence made it about a third slower.
	// An order moving to another buyer marks the old buyer changed too (its other orders'
	// duplicate flags). Each sequence number gets a random token (seq_log): a snapshot file
	// names the point of the store's history it reflects, and a restored or copied store that
	// reaches the same number again has another token there.
	`ALTER TABLE buyers ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX buyers_seq ON buyers(seq);
	CREATE TABLE seq_log (seq INTEGER PRIMARY KEY, token INTEGER NOT NULL);
	INSERT INTO seq_log (seq, token) SELECT v, random() FROM meta WHERE k = 'seq';
	CREATE TRIGGER seq_token AFTER UPDATE OF v ON meta WHEN NEW.k = 'seq' BEGIN
		INSERT OR REPLACE INTO seq_log (seq, token) VALUES (NEW.v, random());
		DELETE FROM seq_log WHERE seq <= NEW.v - ` + seqLogKeep + `;
	END;
	` + stampTriggers("orders") + stampTriggers("buyers") + `
	-- The old buyer takes the order's new sequence when the writer took one; otherwise it is
	-- written without one, for buyers_seq_update to give it a new one.
	CREATE TRIGGER orders_buyer_moved AFTER UPDATE OF buyer_id ON orders
		WHEN NEW.buyer_id IS NOT OLD.buyer_id BEGIN
		UPDATE buyers SET seq = CASE WHEN NEW.seq > OLD.seq AND NEW.seq = (SELECT v FROM meta WHERE k = 'seq') THEN NEW.seq ELSE seq END
			WHERE id = OLD.buyer_id AND NOT (seq = NEW.seq AND NEW.seq > OLD.seq AND NEW.seq = (SELECT v FROM meta WHERE k = 'seq'));
	END;
`,
	// 8: a buyer's last SMS as a time (unix seconds), for the rolling 24-hour window; sms_day
	// is no longer written. A day already stored counts from the end of that day (UTC), so no
	// buyer gets a second SMS sooner than the window allows.
	`ALTER TABLE buyers ADD COLUMN sms_at INTEGER NOT NULL DEFAULT 0;
	UPDATE buyers SET sms_at = (sms_day + 1) * 86400 WHERE sms_day != 0;`,
	// 9: presale orders: the stage (queue.Stage) and the deposit paid; a balance order's
	// amount is the balance due.
	`ALTER TABLE orders ADD COLUMN stage INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE orders ADD COLUMN deposit INTEGER NOT NULL DEFAULT 0;`,
	// 10: the signature of an order's items (queue.ItemsSignature), so the duplicate check
	// compares item ids or titles with quantities; 0 (orders stored before) falls back to the
	// title and amount.
	`ALTER TABLE orders ADD COLUMN items_sig INTEGER NOT NULL DEFAULT 0;`,
	// 11: when the store learned each fact, so a replay shows what was known at the time: an
	// order's first import, and the import that told its status (paid or closed). 0 is "from
	// the fact's own time" (rows from before this step, and programmatic imports). An index
	// on the order time, for the replay's day.
	`ALTER TABLE orders ADD COLUMN learned INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE orders ADD COLUMN status_learned INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX orders_created ON orders(created);`,
	// 12: a wrong number is the buyer's: the phone that was logged wrong (NULL = none). While
	// the buyer's phone is still that one, none of their orders gets a call or an SMS; an
	// import that brings another number lifts it. A wrong number stored before on an order
	// becomes its buyer's.
	`ALTER TABLE buyers ADD COLUMN wrong_phone TEXT;
	UPDATE buyers SET wrong_phone = phone WHERE id IN (SELECT buyer_id FROM orders WHERE tried & 128 != 0);`,
	// 13: when an order was first touched, as minutes before its last touch
	// (queue.ContactState.FirstAgo): the high-ticket follow-up days count from it. Orders
	// touched before take it from their first contact in the log.
	`ALTER TABLE orders ADD COLUMN first_ago INTEGER NOT NULL DEFAULT 0;
	UPDATE orders SET first_ago = min(65535, max(0, (last_at - coalesce((SELECT min(e.at) FROM events e
			WHERE e.platform = orders.platform AND e.order_id = orders.order_id AND e.kind = 'contact'
				AND e.id NOT IN (SELECT revokes FROM events WHERE revokes != 0)), last_at)) / 60))
		WHERE touches > 0;`,
	// 14: the identities the previous build stored in another form are rewritten in Go
	// (codeSteps: rewriteOldForms), as SQL cannot take a phone's digest.
	`-- rewriteOldForms`,
	// 15: one SMS per phone, across platforms: phone_sms_at is the last SMS to the buyer's
	// phone under another account (samePhoneSMSTx keeps it), so the rolling SMS window
	// counts a Taobao SMS for the JD buyer with the same number. The buyers by phone, and
	// those with an SMS, for finding them. The column is added in Go (addPhoneSMS), where it
	// can be added only if it is missing, so the step can run again.
	`CREATE INDEX IF NOT EXISTS buyers_phone ON buyers(phone) WHERE phone != '';
	CREATE INDEX IF NOT EXISTS buyers_sms ON buyers(phone) WHERE sms_at != 0;`,
	// 16: an order whose masked receiver does not match its buyer (queue.ReceiverMismatch,
	// against the latest receiver of the buyer's orders that names them), which the queue
	// loads as a flag: suspicious, never called. Every import keeps it for the buyers whose
	// orders it wrote (markReceiversTx). The column is added in Go (markAllReceivers), only
	// if it is missing, so the step can run again; the orders stored before are marked there.
	`-- markAllReceivers`,
	// 17: the store's own sale calendar (Calendar): a sale day and [[sale]] tables every
	// command on the store adds to the config's, as the demo's presale balance window. kind
	// is 'sale_day' (start is the day) or 'sale'. IF NOT EXISTS: the step can run again.
	`CREATE TABLE IF NOT EXISTS calendar (
		id            INTEGER PRIMARY KEY,
		kind          TEXT NOT NULL,
		name          TEXT NOT NULL DEFAULT '',
		start         TEXT NOT NULL,
		ends          TEXT NOT NULL DEFAULT '',
		balance_start TEXT NOT NULL DEFAULT '',
		balance_end   TEXT NOT NULL DEFAULT ''
	);`,
	// 18: who logged an order's last touch (queue.ContactState.LastBy), as only their
	// outcome joins that touch, and the touches counted again by that rule: an outcome logged
	// soon after its own attempt was counted as a touch of its own. Both in Go (oneContact),
	// where the rule is; the column is added only if it is missing, so the step can run again.
	`-- oneContact`,
}

// oldFormsStep is the schema step that rewrites the previous build's forms.
const oldFormsStep = 14

// codeSteps are the schema steps, by number, whose work is done in Go after their SQL.
var codeSteps = map[int]func(s *Store, ctx context.Context, tx *sql.Tx) error{
	oldFormsStep: (*Store).rewriteOldForms,
	phoneSMSStep: addPhoneSMS,
	receiverStep: markAllReceivers,
	lastByStep:   oneContact,
}

// lastByStep is the schema step that keeps who logged an order's last touch.
const lastByStep = 18

// oneContact adds orders.last_by, unless the store has it, and folds every touched order's
// live contacts again with the queue's rule (queue.Conversations) for its touches and who
// logged the last, all under one new change sequence, so snapshot files merge them.
func oneContact(_ *Store, ctx context.Context, tx *sql.Tx) error {
	if err := addColumn(ctx, tx, "orders", "last_by", "TEXT NOT NULL DEFAULT ''"); err != nil {
		return err
	}
	type fold struct {
		key    queue.OrderKey
		joined int
		by     string
	}
	var folds []fold
	var v queue.Conversations // one order's at a time: the events come order by order
	err := eachEvent(ctx, tx, `SELECT `+eventCols+` FROM events e WHERE e.kind = 'contact' AND `+liveEvents+`
		ORDER BY e.platform, e.order_id, e.id`,
		func(e *queue.Event) {
			if len(folds) == 0 || folds[len(folds)-1].key != e.Order {
				folds = append(folds, fold{key: e.Order})
				v.Forget()
			}
			f := &folds[len(folds)-1]
			if _, _, joins := v.Add(e); joins {
				f.joined++
			}
			f.by = e.Operator
		})
	if err != nil || len(folds) == 0 {
		return err
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE orders SET touches = max(touches - ?1, min(touches, 1)), last_by = ?2, seq = ?3
		WHERE platform = ?4 AND order_id = ?5`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, f := range folds {
		if _, err := stmt.ExecContext(ctx, f.joined, f.by, seq, int(f.key.Platform), f.key.ID); err != nil {
			return err
		}
	}
	return nil
}

// receiverStep is the schema step that keeps whether a masked receiver matches the buyer.
const receiverStep = 16

// markAllReceivers adds orders.receiver_mismatch, unless the store has it, and marks every
// order.
func markAllReceivers(_ *Store, ctx context.Context, tx *sql.Tx) error {
	if err := addColumn(ctx, tx, "orders", "receiver_mismatch", "INTEGER NOT NULL DEFAULT 0"); err != nil {
		return err
	}
	_, err := markReceiversTx(ctx, tx, everyBuyer)
	return err
}

// addColumn adds a column to table, unless the table has it: a step that adds one can run
// again.
func addColumn(ctx context.Context, tx *sql.Tx, table, column, decl string) error {
	var has bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pragma_table_info(?) WHERE name = ?)`, table, column).Scan(&has); err != nil || has {
		return err
	}
	_, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` ADD COLUMN `+column+` `+decl)
	return err
}

// phoneSMSStep is the schema step that shares an SMS among the buyers of one phone.
const phoneSMSStep = 15

// addPhoneSMS adds buyers.phone_sms_at, unless the store has it, and fills it in.
func addPhoneSMS(_ *Store, ctx context.Context, tx *sql.Tx) error {
	if err := addColumn(ctx, tx, "buyers", "phone_sms_at", "INTEGER NOT NULL DEFAULT 0"); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, samePhoneSMS("(SELECT phone FROM buyers WHERE sms_at != 0)", "seq"))
	return err
}

// stampTriggers are schema step 7's triggers that give a row of table written without a
// change sequence a new one.
func stampTriggers(table string) string {
	stamp := `UPDATE meta SET v = v + 1 WHERE k = 'seq';
		UPDATE ` + table + ` SET seq = (SELECT v FROM meta WHERE k = 'seq') WHERE id = NEW.id;`
	return `CREATE TRIGGER ` + table + `_seq_insert AFTER INSERT ON ` + table + ` WHEN NEW.seq = 0 BEGIN
		` + stamp + `
	END;
	CREATE TRIGGER ` + table + `_seq_update AFTER UPDATE ON ` + table + `
		WHEN NEW.seq <= OLD.seq OR NEW.seq IS NOT (SELECT v FROM meta WHERE k = 'seq') BEGIN
		` + stamp + `
	END;
	`
}

// seqLogKeep is how many of the latest change sequences keep their token: a snapshot file
// further behind than that is not recognized, and a full load replaces it.
const seqLogKeep = "100000"

// nextSeq takes the next change sequence number for a write transaction: every order and
// buyer row the transaction writes carries it (schema step 7). A transaction that writes
// the same row twice takes a new one in between, as a second write under the same number
// cannot be told from a write that forgot it.
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
			if step := codeSteps[v+1]; step != nil {
				if err := step(s, ctx, tx); err != nil {
					return fmt.Errorf("schema step %d: %w", v+1, err)
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
			return err
		})
		if err != nil || done {
			return err
		}
	}
}
