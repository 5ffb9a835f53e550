package data

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"cuifu/data/exports"
	"cuifu/queue"
)

// CallAverse reports whether an item title names a category whose buyers dislike calls.
func CallAverse(title string, keywords []string) bool {
	for _, k := range keywords {
		if k != "" && strings.Contains(title, k) {
			return true
		}
	}
	return false
}

// The small facts of an order and its buyer come packed into one integer column, at these
// bits (in SQL, each shift is parenthesized: SQLite gives << and | the same precedence): every column read through the driver costs two calls into SQLite, each taking the
// connection's lock, so a million-row load pays for each column a million times.
const (
	packPlatform    = 0 // 8 bits
	packFlash       = 8
	packTouches     = 9  // 8 bits, at most 255
	packTried       = 17 // 8 bits
	packLastChannel = 25 // 3 bits
	packAnswered    = 28
	packClosed      = 29
	packShipping    = 30 // the order charges shipping
	packOptedOut    = 31
	packComplaint   = 32
	packBalance     = 33 // a presale order whose deposit is paid (stage balance_unpaid)
	packItems       = 34 // 16 bits: the items' signature
	packWrongNumber = 50 // the buyer's phone is the one logged as a wrong number
	packReceiver    = 51 // the order's masked receiver does not match the buyer (schema step 16)
)

var orderCols = fmt.Sprintf(`o.order_id, o.title, o.amount, o.created, o.deadline, o.agent,
	o.last_at, o.until, o.claim_by, o.claim_until, o.last_result, o.callback_by, o.last_by,
	b.id, b.nick, b.phone, b.paid_count, max(b.sms_at, b.phone_sms_at), b.cushions,
	((o.platform & 255) << %d) | ((o.flash != 0) << %d) | (min(o.touches, 255) << %d) | ((o.tried & 255) << %d) |
	((o.last_channel & 7) << %d) | ((o.answered != 0) << %d) | ((o.closed != 0) << %d) | ((o.shipping > 0) << %d) |
	((b.opted_out != 0) << %d) | ((b.complaint != 0) << %d) | ((o.stage = %d) << %d) | ((o.items_sig & 65535) << %d) |
	((b.wrong_phone IS b.phone) << %d) | ((o.receiver_mismatch != 0) << %d), (o.deposit & 4294967295) | (o.first_ago << 32)`,
	packPlatform, packFlash, packTouches, packTried, packLastChannel, packAnswered, packClosed, packShipping,
	packOptedOut, packComplaint, queue.StageBalanceUnpaid, packBalance, packItems, packWrongNumber, packReceiver)

// row scanning state, reused across rows so a big snapshot does not allocate per column.
type orderScan struct {
	agent, claimBy, lastResult, callbackBy, lastBy string
	buyerID                                        int64
	packed                                         uint64 // see packPlatform
	packed2                                        uint64 // the deposit (32 bits), then the first touch's FirstAgo (16 bits)
	o                                              queue.Order
	b                                              queue.Buyer
}

func (r *orderScan) dest() []any {
	o, b := &r.o, &r.b
	return []any{&o.ID, &o.Title, &o.Amount, &o.Created, &o.Deadline, &r.agent,
		&o.Contact.LastAt, &o.Contact.Until, &r.claimBy, &o.Contact.ClaimUntil, &r.lastResult, &r.callbackBy, &r.lastBy,
		&r.buyerID, &b.Nick, &b.Phone, &b.Paid, &b.SMSAt, &b.Cushions, &r.packed, &r.packed2}
}

// bit returns the packed flag at bit i.
func (r *orderScan) bit(i uint) bool { return r.packed>>i&1 != 0 }

// finish turns the scanned columns into the queue's compact order and buyer.
func (r *orderScan) finish(s *queue.Snapshot, cfg *queue.Config) {
	o, b := &r.o, &r.b
	o.Platform = queue.Platform(r.packed >> packPlatform)
	o.Contact.Touches = uint8(r.packed >> packTouches)
	o.Contact.Tried = uint8(r.packed >> packTried)
	// A wrong number is the buyer's, while their phone is the one that was wrong: the
	// order's own mark of it may be of a number an import has replaced since.
	o.Contact.SetWrongNumber(r.bit(packWrongNumber))
	o.Items = uint16(r.packed >> packItems)
	o.Deposit = int32(uint32(r.packed2))
	o.Contact.FirstAgo = uint16(r.packed2 >> 32)
	o.Flags = 0
	if r.bit(packFlash) {
		o.Flags |= queue.FlagFlash
	}
	if r.bit(packShipping) {
		o.Flags |= queue.FlagShipping
	}
	if r.bit(packBalance) {
		o.Flags |= queue.FlagBalance
	}
	if r.bit(packReceiver) {
		o.Flags |= queue.FlagReceiverMismatch
	}
	if CallAverse(o.Title, cfg.Channel.CallAverse) {
		o.Flags |= queue.FlagCallAverse
	}
	o.Agent = s.OperatorIndex(r.agent)
	o.Contact.ClaimBy = s.OperatorIndex(r.claimBy)
	o.Contact.CallbackOwner = s.OperatorIndex(r.callbackBy) + 1
	o.Contact.LastBy = s.OperatorIndex(r.lastBy) + 1
	o.Contact.LastChannel = queue.Channel(r.packed >> packLastChannel & 7)
	o.Contact.LastResult = storedResult(r.lastResult)
	o.Contact.Answered, o.Contact.Closed = r.bit(packAnswered), r.bit(packClosed)
	b.OptedOut, b.Complaint = r.bit(packOptedOut), r.bit(packComplaint)
}

// Snapshot loads every unpaid order, with its buyer and contact summary, in the compact
// form the queue ranks. The orders come laid out (queue.Snapshot.LayOut): in one order that
// depends only on the orders, however the snapshot was come by, so the ranking is
// deterministic.
//
// A big queue comes from the snapshot file beside the store when there is a good one, with
// the orders changed since it was saved merged in; otherwise from the store, and then the
// file is saved for next time.
func (s *Store) Snapshot(ctx context.Context, cfg *queue.Config) (*queue.Snapshot, error) {
	return s.snapshot(ctx, cfg, s.fileRewrite)
}

// saveSnapshot brings the snapshot file up to date with the store, so the next `cuifu
// queue` reads a current file instead of merging the same changes again, or loading in full
// when there were too many. A current file is left as it is, and a small queue gets no file.
// The file keeps nothing else the config decides, so an empty config serves, with the daily
// cap set when the file holds the buyers' contacts, so the new one holds them too.
func (s *Store) saveSnapshot(ctx context.Context) error {
	current, flags := s.snapCurrent(ctx)
	if current {
		return nil
	}
	var cfg queue.Config
	if flags&snapHasContacts != 0 {
		cfg.Caps.PerBuyerDay = 1
	}
	_, err := s.snapshot(ctx, &cfg, 1)
	return err
}

// refreshSnapshot saves the snapshot file in the background after a write that changed
// many orders (an import), so the caller need not wait; Close does. Refreshes asked for while
// one runs make one more run after it, which sees them all.
func (s *Store) refreshSnapshot() {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	if s.refreshing {
		s.refreshAgain = true
		return
	}
	s.refreshing = true
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		for {
			s.saveSnapshot(context.Background()) // only a cache: a failure costs the next load time
			s.refreshMu.Lock()
			again := s.refreshAgain
			s.refreshAgain, s.refreshing = false, again
			s.refreshMu.Unlock()
			if !again {
				return
			}
		}
	}()
}

// snapCurrent reports whether the snapshot file reflects the store as it is now, and
// returns the file's flags.
func (s *Store) snapCurrent(ctx context.Context) (bool, uint32) {
	fm, flags, err := readSnapHeader(snapPath(s.path))
	if err != nil {
		return false, 0
	}
	m, err := readMark(ctx, s.db)
	return err == nil && m == fm, flags
}

// snapshot is Snapshot, saving a queue merged from the file when rewriteMin or more orders
// changed.
func (s *Store) snapshot(ctx context.Context, cfg *queue.Config, rewriteMin int) (*queue.Snapshot, error) {
	if snap := s.snapFromFile(ctx, cfg, rewriteMin); snap != nil {
		return snap, nil
	}
	var snap *queue.Snapshot
	var mark snapMark
	err := s.read(ctx, func(c *sql.Conn) error {
		var err error
		if mark, err = readMark(ctx, c); err != nil {
			return err
		}
		// Read the file's pages through a memory map for this scan of the whole table: a
		// third less time than a read call per page. The connection goes back to the pool
		// without it.
		if _, err := c.ExecContext(ctx, fmt.Sprintf("PRAGMA mmap_size = %d", snapMmap)); err != nil {
			return err
		}
		defer c.ExecContext(ctx, "PRAGMA mmap_size = 0")
		snap, err = loadSnapshot(ctx, c, cfg)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(snap.Orders) >= s.snapMin {
		writeSnapFile(snapPath(s.path), snap, mark)
	}
	return snap, nil
}

// rowQuerier is a *sql.DB, *sql.Conn or *sql.Tx.
type rowQuerier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// readSeq returns the store's change sequence (schema step 3).
func readSeq(ctx context.Context, q rowQuerier) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'seq'`).Scan(&v)
	return v, err
}

// snapMark is a point of a store's history, as a snapshot file names the one it reflects:
// the store's random identity (schema step 4), a change sequence and that sequence's random
// token (schema step 7). A copy or a restored backup of the store shares its history up to
// the copy, and nothing after it.
type snapMark struct{ storeID, seq, token int64 }

// readMark returns the point of its history the store is at.
func readMark(ctx context.Context, q rowQuerier) (snapMark, error) {
	var m snapMark
	err := q.QueryRowContext(ctx, `SELECT (SELECT v FROM meta WHERE k = 'store_id'), m.v,
		coalesce((SELECT token FROM seq_log WHERE seq = m.v), 0) FROM meta m WHERE m.k = 'seq'`).Scan(&m.storeID, &m.seq, &m.token)
	return m, err
}

// hasPassed reports whether m is a point of the store's history: the same store, whose
// change sequence m.seq had the token m.token.
func hasPassed(ctx context.Context, q rowQuerier, m snapMark) (bool, error) {
	var ok bool
	err := q.QueryRowContext(ctx, `SELECT (SELECT v FROM meta WHERE k = 'store_id') = ?1
		AND EXISTS (SELECT 1 FROM seq_log WHERE seq = ?2 AND token = ?3)`, m.storeID, m.seq, m.token).Scan(&ok)
	return ok, err
}

// snapMmap is how much of the store a full snapshot load maps into memory.
const snapMmap = 4 << 30

// snapFileMin is the smallest queue worth a snapshot file: smaller ones load from the store
// in well under a second.
const snapFileMin = 20_000

// snapFromFile returns the snapshot file's queue brought up to date, or nil when there is no
// usable file: none, another store's or another history's, damaged, or too far behind to
// merge.
func (s *Store) snapFromFile(ctx context.Context, cfg *queue.Config, rewriteMin int) *queue.Snapshot {
	snap, fm, err := readSnapFile(snapPath(s.path), cfg)
	if err != nil || len(snap.Orders) < s.snapMin || cfg.KeepsContacts() && !snap.Contacts.Loaded {
		return nil // (a file without the buyers' contacts is no queue for the daily cap)
	}
	ch, now, err := s.changes(ctx, cfg, snap.Seq, &fm)
	if err != nil || ch.Seq < snap.Seq {
		return nil
	}
	snap.Merge(ch)
	if len(ch.Orders) > 0 && len(ch.Orders) >= rewriteMin {
		// Save the merged queue, so the next load does not merge the same changes again.
		writeSnapFile(snapPath(s.path), snap, now)
	}
	return snap
}

// After fileRewriteMin or more orders changed since the snapshot file was saved, a load
// from it saves the merged queue in its place.
const fileRewriteMin = 1_000

// read runs f in one read transaction on one connection, so what it reads is one
// consistent state of the store (the snapshot and its change sequence agree).
func (s *Store) read(ctx context.Context, f func(c *sql.Conn) error) error {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "BEGIN"); err != nil { // deferred: a reader takes no write lock
		return err
	}
	err = f(c)
	if _, cerr := c.ExecContext(ctx, "COMMIT"); err == nil {
		err = cerr
	}
	return err
}

func loadSnapshot(ctx context.Context, c *sql.Conn, cfg *queue.Config) (*queue.Snapshot, error) {
	var n int
	seq, err := readSeq(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE status = 0`).Scan(&n); err != nil {
		return nil, err
	}
	snap := &queue.Snapshot{Orders: make([]queue.Order, 0, n), Seq: seq}
	rows, err := c.QueryContext(ctx, `SELECT `+orderCols+` FROM orders o NOT INDEXED JOIN buyers b ON b.id = o.buyer_id
		WHERE o.status = 0 ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sb := newSnapBuilder(snap)
	var r orderScan
	dest := r.dest()
	for rows.Next() {
		r.b = queue.Buyer{}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		sb.add(&r, cfg)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if cfg.KeepsContacts() {
		if err := snapContacts(ctx, c, snap, sb.buyers); err != nil {
			return nil, err
		}
	}
	if snap.Blacklist, err = readBlacklist(ctx, c); err != nil {
		return nil, err
	}
	if len(snap.Blacklist) > 0 {
		snap.ApplyBlacklist()
	}
	// Laid out once the contacts are in, by the numbers sb.buyers gave the buyers (LayOut
	// renumbers them with the buyers), and before duplicates are marked: which of two
	// orders placed at one second is the later is their order in the snapshot.
	snap.LayOut()
	queue.MarkDuplicates(snap)
	return snap, nil
}

// snapBuilder appends orders, in store order, to a snapshot being built: the one way a
// stored order and its buyer become the queue's, for a full load and for an import's (which
// then lay the snapshot out: buyers then lose the numbers buyers gives them).
type snapBuilder struct {
	snap   *queue.Snapshot
	buyers map[int64]int32 // buyer row id → index in snap.Buyers
	titles map[string]string
}

func newSnapBuilder(snap *queue.Snapshot) *snapBuilder {
	return &snapBuilder{snap: snap, buyers: map[int64]int32{}, titles: map[string]string{}}
}

// add appends the order r holds (r.buyerID is its buyer's row id).
func (sb *snapBuilder) add(r *orderScan, cfg *queue.Config) {
	// Many orders share a title: keep one copy of each.
	if t, ok := sb.titles[r.o.Title]; ok {
		r.o.Title = t
	} else {
		sb.titles[r.o.Title] = r.o.Title
	}
	r.finish(sb.snap, cfg)
	bi, ok := sb.buyers[r.buyerID]
	if !ok {
		bi = int32(len(sb.snap.Buyers))
		sb.buyers[r.buyerID] = bi
		sb.snap.Buyers = append(sb.snap.Buyers, r.b)
	}
	r.o.Buyer = bi
	sb.snap.Orders = append(sb.snap.Orders, r.o)
}

// OrderState returns one order, whatever its status, and its buyer in the queue's form:
// what the playbook's rule checks need, for a contact by operator, who is index 0 of the
// operators the order's LastBy counts (queue.Config.Breaks with by 0): LastBy is 1 when
// they logged its last touch, 0 otherwise.
func (s *Store) OrderState(ctx context.Context, key queue.OrderKey, operator string) (queue.Order, queue.Buyer, error) {
	var r orderScan
	err := s.db.QueryRowContext(ctx, `SELECT `+orderCols+` FROM orders o JOIN buyers b ON b.id = o.buyer_id
		WHERE o.platform = ? AND o.order_id = ?`, int(key.Platform), key.ID).Scan(r.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return queue.Order{}, queue.Buyer{}, &Refusal{Code: CodeNoOrder, Order: key}
	}
	if err != nil {
		return queue.Order{}, queue.Buyer{}, err
	}
	snap := queue.Snapshot{Operators: []string{operator}}
	r.finish(&snap, &queue.Config{})
	r.o.Agent, r.o.Contact.ClaimBy = -1, -1 // no snapshot to index into
	if r.o.Contact.LastBy != 1 {
		r.o.Contact.LastBy = 0 // someone else's: no index to give
	}
	if err := s.buyerFacts(ctx, r.buyerID, &r.b); err != nil {
		return queue.Order{}, queue.Buyer{}, err
	}
	return r.o, r.b, nil
}

// Detail is what the detail pane shows of one order beyond the queue's compact form.
type Detail struct {
	Receiver    string
	Phone       string // as stored: show it masked unless the specialist reveals it
	Items       []exports.Item
	Note        string
	Status      queue.Status
	PaidAt      int64
	BuyerOrders int // the buyer's orders in the store
	BuyerPaid   int // of which paid
	History     []queue.Event
	Shipping    queue.Fen    // the shipping the order charges
	Group       []GroupOrder // the buyer's other open orders: a contact on this one touches them too
}

// GroupOrder is one of the buyer's other open orders, as the detail pane lists them.
type GroupOrder struct {
	ID     string
	Title  string
	Amount queue.Fen
}

// Detail loads one order's items, buyer history and contact history.
func (s *Store) Detail(ctx context.Context, key queue.OrderKey) (Detail, error) {
	var d Detail
	var items string
	var buyerID int64
	var status int
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT o.receiver, b.phone, o.items, o.note, o.status, o.paid_at, b.id, o.shipping, o.id
		FROM orders o JOIN buyers b ON b.id = o.buyer_id WHERE o.platform = ? AND o.order_id = ?`,
		int(key.Platform), key.ID).Scan(&d.Receiver, &d.Phone, &items, &d.Note, &status, &d.PaidAt, &buyerID, &d.Shipping, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return d, &Refusal{Code: CodeNoOrder, Order: key}
	}
	if err != nil {
		return d, err
	}
	d.Status = queue.Status(status)
	if items != "" {
		if err := json.Unmarshal([]byte(items), &d.Items); err != nil {
			return d, fmt.Errorf("%s: items: %w", key, err)
		}
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(status = 1), 0) FROM orders WHERE buyer_id = ?`, buyerID).
		Scan(&d.BuyerOrders, &d.BuyerPaid); err != nil {
		return d, err
	}
	if d.Group, err = s.groupOf(ctx, buyerID, id); err != nil {
		return d, err
	}
	d.History, err = s.Events(ctx, EventFilter{Order: &key})
	return d, err
}

// ErrTooManyChanges means more orders changed than merging is worth: load a new snapshot.
var ErrTooManyChanges = errors.New("too many changes to merge: reload")

// errNotThisHistory means a snapshot file reflects another store, or another history of
// this one (a copy or restored backup that went its own way): it cannot be merged.
var errNotThisHistory = errors.New("the snapshot file is not of this store's history")

// Changes returns the orders changed since the change sequence since (a snapshot's Seq),
// whatever their status now, with their buyers: every order whose row changed, and every
// unpaid order whose buyer did. More than queue.MergeLimit changes give ErrTooManyChanges.
func (s *Store) Changes(ctx context.Context, cfg *queue.Config, since int64) (*queue.Changes, error) {
	ch, _, err := s.changes(ctx, cfg, since, nil)
	return ch, err
}

// changes is Changes, checking first, in the same read, that the store's history passed
// through from (when not nil: the mark of the snapshot file being merged into); it returns
// the store's mark too.
// changedBy reads who logged an order's newest event that changes its contact state, by
// the events' order index: a handful of rows per changed order.
const changedBy = `COALESCE((SELECT e.operator FROM events e WHERE e.platform = o.platform AND e.order_id = o.order_id
	AND e.kind IN ('contact', 'claim', 'release', 'snooze', 'revoke') ORDER BY e.id DESC LIMIT 1), '')`

func (s *Store) changes(ctx context.Context, cfg *queue.Config, since int64, from *snapMark) (*queue.Changes, snapMark, error) {
	ch := &queue.Changes{DayContacts: cfg.KeepsContacts()}
	var now snapMark
	limit := s.mergeLimit
	err := s.read(ctx, func(c *sql.Conn) error {
		var err error
		if now, err = readMark(ctx, c); err != nil {
			return err
		}
		if ch.Blacklist, err = readBlacklist(ctx, c); err != nil {
			return err
		}
		if from != nil {
			if ok, err := hasPassed(ctx, c, *from); err != nil || !ok {
				return cmp.Or(err, errNotThisHistory)
			}
		}
		ch.Seq = now.seq
		if ch.Seq == since {
			return nil
		}
		// The changed ids come from the two seq indexes, at most limit+1 of them; the planner
		// would rather walk the whole table in id order and test each row's seq.
		rows, err := c.QueryContext(ctx, `SELECT `+orderCols+`, o.status, `+changedBy+` FROM orders o JOIN buyers b ON b.id = o.buyer_id
			WHERE o.id IN (SELECT id FROM orders INDEXED BY orders_seq WHERE seq > ?1
				UNION SELECT o2.id FROM buyers b2 INDEXED BY buyers_seq JOIN orders o2 ON o2.buyer_id = b2.id WHERE b2.seq > ?1 AND o2.status = 0
				LIMIT ?2) ORDER BY o.id`, since, limit+1)
		if err != nil {
			return err
		}
		defer rows.Close()
		var r orderScan
		var status int
		var by string
		dest := append(r.dest(), &status, &by)
		var local queue.Snapshot
		var buyers []int64 // the changed orders' buyers, whose contacts the daily cap reads again
		seen := map[int64]bool{}
		for rows.Next() {
			r.b = queue.Buyer{}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			if len(ch.Orders) == limit {
				return ErrTooManyChanges
			}
			r.finish(&local, cfg)
			ch.Orders = append(ch.Orders, queue.Changed{Order: r.o, Status: queue.Status(status), Buyer: r.b,
				Agent: r.agent, Claim: r.claimBy, CbBy: r.callbackBy, Last: r.lastBy, By: by})
			if !seen[r.buyerID] {
				seen[r.buyerID] = true
				buyers = append(buyers, r.buyerID)
			}
		}
		if err := rows.Err(); err != nil || !cfg.KeepsContacts() {
			return err
		}
		rows.Close()
		return changedContacts(ctx, c, ch, buyers)
	})
	if err != nil {
		return nil, now, err
	}
	return ch, now, nil
}
