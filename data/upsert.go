package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

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
// either lands whole or not at all. Each batch costs a handful of statements whatever its
// size: one query finds the orders the store has, one its buyers, and new rows go in as
// multi-row inserts. Only orders that changed are updated one by one.
type Import struct {
	store     *Store
	conn      *sql.Conn // the import's own connection, its settings restored at the end
	tx        *sql.Tx
	ctx       context.Context
	seq       int64 // this import's change sequence number
	nextOrder int64 // the next free order rowid: the import holds the write lock
	nextBuyer int64
	stmts     map[string]*sql.Stmt
	bulk      map[string]driver.Stmt // the multi-row INSERTs, on the driver connection itself
	args      []any
	named     []driver.NamedValue
	buyers    map[pkey]*buyerRow           // every buyer the import has met, by platform and nick
	fresh     []*buyerRow                  // the buyers the store does not have yet, in id order, written at commit
	firstNew  int64                        // the id of fresh[0]
	phones    []*buyerRow                  // buyers the store has whose phone the batch improved
	rebuild   bool                         // the buyer index of orders is built at commit, not row by row
	empty     map[queue.Platform]bool      // platforms the store had no buyer of: nothing to look up
	added     map[queue.Platform]*addedSet // platforms the store had no order of, with the orders added since
	seed      maphash.Seed
	feed      *snapFeed // an import into an empty store builds the queue file too
	expect    int       // the orders the file holds, roughly (Expect)
	// Per-batch scratch, reused from batch to batch: the batch's orders by key, their rows,
	// the new ones in file order, and each record's buyer.
	orders   map[pkey]*orderRow
	rows     []orderRow
	newRows  []*orderRow
	recBuyer []*buyerRow
	paid     map[int64]int // newly paid orders per known buyer id, not yet in its count
	summary  Summary
	rejected []exports.RowError
}

// BeginImport starts an import transaction. Call Add for each batch, then Commit (or
// Rollback on failure).
func (s *Store) BeginImport(ctx context.Context) (*Import, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	// The import writes each buyer before the orders that name it, in the same transaction,
	// so the per-row foreign-key check only costs: it also makes every multi-row INSERT keep
	// a statement journal, a copy of each page it touches.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		conn.Close()
		return nil, err
	}
	im := &Import{store: s, conn: conn, ctx: ctx, stmts: map[string]*sql.Stmt{}, bulk: map[string]driver.Stmt{}, paid: map[int64]int{},
		buyers: map[pkey]*buyerRow{}, empty: map[queue.Platform]bool{}, added: map[queue.Platform]*addedSet{}, seed: maphash.MakeSeed()}
	im.tx, err = conn.BeginTx(ctx, nil) // _txlock=immediate: the write lock is ours from here
	if err != nil {
		im.release()
		return nil, err
	}
	tx := im.tx
	// The default 2 MB cache makes a big import spill pages to the WAL and read them back
	// mid-transaction. A bigger one helps up to about 16 MB; past that it only costs, as
	// every page of it is freed one by one when the import gives the connection back.
	if _, err = tx.ExecContext(ctx, `PRAGMA cache_size = -16384`); err == nil {
		err = tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM orders`).Scan(&im.nextOrder)
	}
	if err == nil {
		err = tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM buyers`).Scan(&im.nextBuyer)
	}
	if err == nil {
		im.seq, err = nextSeq(ctx, tx)
	}
	im.firstNew = im.nextBuyer
	if err == nil && im.nextOrder == 1 && im.nextBuyer == 1 {
		// An empty store: the import will know its whole queue (importsnap.go).
		im.feed = &snapFeed{path: snapPath(s.path), min: s.snapMin}
		im.feed.storeID, err = readStoreID(ctx, tx)
	}
	if err != nil {
		im.Rollback()
		return nil, err
	}
	return im, nil
}

// buyerIndex is the orders' index by buyer, as the schema has it.
const buyerIndex = `CREATE INDEX orders_buyer ON orders(buyer_id)`

// Expect tells the import how many orders the file holds, roughly, before the first Add.
// When that is more than the store has, the orders' buyer index (whose entries land at
// random places) is dropped and built again at commit: one sort beats a million random
// inserts, and a smaller statement journal.
func (im *Import) Expect(rows int) error {
	im.expect = rows
	if im.rebuild || int64(rows) < im.nextOrder-1 || rows < 50_000 {
		return nil
	}
	if _, err := im.tx.ExecContext(im.ctx, `DROP INDEX orders_buyer`); err != nil {
		return err
	}
	im.rebuild = true
	return nil
}

// release gives the connection back with the store's usual settings.
func (im *Import) release() {
	ctx := context.Background() // even when the import's context is cancelled
	im.conn.Raw(func(any) error {
		for _, st := range im.bulk {
			st.Close()
		}
		return nil
	})
	im.conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	im.conn.ExecContext(ctx, `PRAGMA cache_size = -2000`)
	im.conn.ExecContext(ctx, `PRAGMA shrink_memory`)
	im.conn.Close()
}

// Summary returns what the import has done so far.
func (im *Import) Summary() Summary { return im.summary }

// Rejected returns the records the store could not take (an item-detail row for an order
// it does not have), with their lines; the caller names the file.
func (im *Import) Rejected() []exports.RowError { return im.rejected }

// Commit makes the import durable.
func (im *Import) Commit() error {
	// The queue file of an import into an empty store is built and written beside the
	// commit, and only put in place once the commit holds.
	var snapTmp chan string
	f := im.feed
	if f != nil {
		snapTmp = make(chan string, 1)
		fresh, seq := im.fresh, im.seq
		go func() {
			tmp := ""
			if snap := f.build(fresh, seq); snap != nil {
				tmp = writeSnapTemp(f.path, snap, f.storeID)
			}
			snapTmp <- tmp
		}()
		im.feed = nil
	}
	err := im.commit()
	if snapTmp != nil {
		if tmp := <-snapTmp; tmp != "" {
			placeSnapFile(tmp, f.path, err == nil)
		}
	}
	return err
}

func (im *Import) commit() error {
	err := im.insertBuyers()
	if err == nil && im.rebuild {
		_, err = im.tx.ExecContext(im.ctx, buyerIndex)
	}
	if err == nil {
		err = im.addPaidCounts()
	}
	if err != nil {
		im.Rollback()
		return err
	}
	// Shrinking the page cache frees every page one by one: the caller need not wait (but
	// the store's Close does).
	im.store.bg.Add(1)
	defer func() {
		go func() {
			defer im.store.bg.Done()
			im.release()
		}()
	}()
	return im.tx.Commit()
}

// Rollback abandons the import: the store is as it was.
func (im *Import) Rollback() error {
	defer im.release()
	return im.tx.Rollback()
}

// stmt prepares a statement once per import.
func (im *Import) stmt(q string) (*sql.Stmt, error) {
	if st, ok := im.stmts[q]; ok {
		return st, nil
	}
	st, err := im.tx.PrepareContext(im.ctx, q)
	if err != nil {
		return nil, err
	}
	im.stmts[q] = st
	return st, nil
}

// buyerNick is the identity of the buyer within the platform; an export without one gives
// each order its own buyer rather than merging strangers.
func buyerNick(r *exports.Record) string {
	if r.Buyer != "" {
		return r.Buyer
	}
	return "#" + r.ID
}

// pkey is a name within a platform: an order id or a buyer's nick.
type pkey struct {
	platform queue.Platform
	nick     string
}

// buyerRow is a buyer the batch touches.
type buyerRow struct {
	key     pkey // for a buyer new to the store
	id      int64
	phone   string
	paid    int  // paid orders, for a buyer new to the store
	isNew   bool // not in the store yet
	phoneUp bool // a better phone to store
}

// storedOrder is an order's row as the import reads and writes it.
type storedOrder struct {
	id, buyer                                 int64
	title, items, agent, receiver, note       string
	amount, shipping, created, paid, deadline int64
	status, flash                             int
}

// orderRow is an order the batch touches: as the store had it, and as it will be.
type orderRow struct {
	platform queue.Platform
	orderID  string
	was, now storedOrder
	isNew    bool
}

// batchSize bounds what one round of lookups covers.
const batchSize = exports.BatchSize

// Add writes a batch of records.
func (im *Import) Add(recs []exports.Record) error {
	for len(recs) > 0 {
		n := min(len(recs), batchSize)
		if err := im.addBatch(recs[:n]); err != nil {
			return err
		}
		recs = recs[n:]
	}
	return nil
}

// addedSet is a Bloom filter of the orders an import added of a platform the store had no
// order of: a record it has not seen is a new order without asking the store, which spares
// a big first import a million index look-ups. A false "seen" (about 1 in 70 at the size it
// is made for) only costs a look-up. A map of a million hashes did the same with a cache
// miss on every access; the filter's few megabytes mostly stay in cache.
type addedSet struct {
	bits []uint64
	mask uint64 // bit positions are hash bits & mask
}

// newAddedSet makes a filter for about n orders: 16 bits each, a power of two in all.
func newAddedSet(n int) *addedSet {
	size := uint64(1 << 16)
	for size < uint64(n)*16 {
		size <<= 1
	}
	return &addedSet{bits: make([]uint64, size/64), mask: size - 1}
}

// probes are the filter's two bit positions for hash h.
func (a *addedSet) probes(h uint64) (uint64, uint64) {
	return h & a.mask, (h>>32 | h<<32) * 0x9e3779b97f4a7c15 >> 7 & a.mask
}

func (a *addedSet) add(h uint64) {
	i, j := a.probes(h)
	a.bits[i/64] |= 1 << (i % 64)
	a.bits[j/64] |= 1 << (j % 64)
}

func (a *addedSet) has(h uint64) bool {
	i, j := a.probes(h)
	return a.bits[i/64]&(1<<(i%64)) != 0 && a.bits[j/64]&(1<<(j%64)) != 0
}

// meet asks the store, once per platform the import meets, whether it has any buyer or order
// of it.
func (im *Import) meet(recs []exports.Record) error {
	for i := range recs {
		p := recs[i].Platform
		if _, ok := im.empty[p]; ok {
			continue
		}
		var noBuyers, noOrders bool
		if err := im.tx.QueryRowContext(im.ctx, `SELECT NOT EXISTS (SELECT 1 FROM buyers WHERE platform = ?1),
			NOT EXISTS (SELECT 1 FROM orders WHERE platform = ?1)`, int(p)).Scan(&noBuyers, &noOrders); err != nil {
			return err
		}
		im.empty[p] = noBuyers
		if noOrders {
			im.added[p] = newAddedSet(im.expect)
		}
	}
	return nil
}

// mayHave reports whether the store may have the record's order: false only when it
// certainly does not.
func (im *Import) mayHave(r *exports.Record) bool {
	set := im.added[r.Platform]
	return set == nil || set.has(maphash.String(im.seed, r.ID))
}

func (im *Import) addBatch(recs []exports.Record) error {
	if err := im.meet(recs); err != nil {
		return err
	}
	if im.orders == nil {
		im.orders = make(map[pkey]*orderRow, batchSize)
	}
	clear(im.orders)
	clear(im.rows) // no strings of the last batch kept alive
	im.rows, im.newRows = im.rows[:0], im.newRows[:0]
	orders := im.orders
	if err := im.lookupOrders(recs); err != nil {
		return err
	}
	if err := im.lookupBuyers(recs); err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		k := pkey{r.Platform, r.ID}
		o := orders[k]
		if r.ItemsOnly {
			if o == nil {
				im.rejected = append(im.rejected, exports.RowError{Line: r.Line, Reason: "order " + r.ID + " is not in the store: import its order list first"})
				continue
			}
			im.applyItems(o, r)
			continue
		}
		if o == nil {
			b := im.recBuyer[i]
			o = im.row()
			*o = orderRow{platform: r.Platform, orderID: r.ID, isNew: true}
			o.now = storedOrder{id: im.nextOrder, buyer: b.id, title: r.Title, items: itemsJSON(r), amount: int64(r.Amount),
				shipping: int64(r.Shipping), created: r.Created, paid: r.PaidAt, deadline: r.Deadline, status: int(r.Status),
				flash: b2i(r.Flash), agent: r.Agent, receiver: r.Receiver, note: r.Note}
			im.nextOrder++
			orders[k] = o
			im.newRows = append(im.newRows, o)
			if set := im.added[r.Platform]; set != nil {
				set.add(maphash.String(im.seed, r.ID))
			}
			im.summary.New++
			if r.Status == queue.StatusPaid {
				im.summary.NowPaid++
				im.addPaid(b.id)
			}
			continue
		}
		im.applyOrder(o, r)
	}
	if err := im.updatePhones(); err != nil {
		return err
	}
	if err := im.insertOrders(im.newRows); err != nil {
		return err
	}
	if err := im.updateOrders(orders); err != nil {
		return err
	}
	if im.feed != nil {
		im.feedBatch()
	}
	return nil
}

// row gives a zeroed order row from the batch's slab. The slab never grows past its
// capacity, which would move the rows that the batch's map points to.
func (im *Import) row() *orderRow {
	if cap(im.rows) == 0 {
		im.rows = make([]orderRow, 0, batchSize)
	}
	if len(im.rows) == cap(im.rows) {
		return new(orderRow)
	}
	im.rows = im.rows[:len(im.rows)+1]
	return &im.rows[len(im.rows)-1]
}

// applyOrder folds a record into an order the store (or this batch) already has.
// Statuses never move backwards: an older export cannot un-pay or reopen an order.
func (im *Import) applyOrder(o *orderRow, r *exports.Record) {
	o0 := o.now
	n := &o.now
	// A record that does not name its buyer keeps the order's buyer.
	if r.Buyer != "" {
		n.buyer = im.buyers[pkey{r.Platform, r.Buyer}].id
	}
	cur := queue.Status(n.status)
	next := cur.Advance(r.Status)
	n.status = int(next)
	if next == queue.StatusPaid && n.paid == 0 {
		n.paid = r.PaidAt
	}
	if next == r.Status {
		// Details come from the export only when it is not older news than the store.
		n.title, n.items, n.amount, n.shipping = pick(r.Title, n.title), pick(itemsJSON(r), n.items), pickN(int64(r.Amount), n.amount), pickN(int64(r.Shipping), n.shipping)
		n.created, n.deadline = pickN(r.Created, n.created), pickN(r.Deadline, n.deadline)
		n.flash |= b2i(r.Flash)
		n.agent, n.receiver, n.note = pick(r.Agent, n.agent), pick(r.Receiver, n.receiver), pick(r.Note, n.note)
	}
	switch {
	case *n == o0:
		im.summary.Unchanged++
	case next != cur && next == queue.StatusPaid:
		im.summary.NowPaid++
		im.addPaid(n.buyer)
	case next != cur && next == queue.StatusClosed:
		im.summary.NowClosed++
	default:
		im.summary.Updated++
	}
}

// applyItems gives an order the items of a detail file.
func (im *Import) applyItems(o *orderRow, r *exports.Record) {
	n := &o.now
	items := itemsJSON(r)
	title := pick(n.title, r.Title)
	if items == n.items && title == n.title {
		im.summary.Unchanged++
		return
	}
	n.items, n.title = items, title
	im.summary.Updated++
}

// itemsJSON is the stored form of a record's items. A lone item that only repeats the
// order's title is not stored: the title says it all, and a big import skips a JSON write
// per row.
func itemsJSON(r *exports.Record) string {
	if len(r.Items) == 0 {
		return ""
	}
	if it := r.Items[0]; len(r.Items) == 1 && it.Title == r.Title && it.Quantity <= 1 && it.SKU == "" && it.Price == r.Amount {
		return ""
	}
	b, _ := json.Marshal(r.Items) // strings and numbers only: it cannot fail
	return string(b)
}

// lookupOrders reads the batch's orders that the store has into im.orders, in one query per
// platform.
func (im *Import) lookupOrders(recs []exports.Record) error {
	out := im.orders
	key := func(i int) string {
		if !im.mayHave(&recs[i]) {
			return ""
		}
		return recs[i].ID
	}
	return im.eachRow(`SELECT id, order_id, buyer_id, title, items, amount, shipping, created, paid_at, deadline, status, flash, agent, receiver, note
		FROM orders WHERE platform = ? AND order_id IN (SELECT value FROM json_each(?))`, idsByPlatform(recs, key),
		func(p queue.Platform, rows *sql.Rows) error {
			o := im.row()
			o.platform = p
			w := &o.was
			if err := rows.Scan(&w.id, &o.orderID, &w.buyer, &w.title, &w.items, &w.amount, &w.shipping, &w.created, &w.paid,
				&w.deadline, &w.status, &w.flash, &w.agent, &w.receiver, &w.note); err != nil {
				return err
			}
			o.now = o.was
			out[pkey{p, o.orderID}] = o
			return nil
		})
}

// eachRow runs q, which takes a platform and a JSON array, once for each platform's list,
// and hands each row to row.
func (im *Import) eachRow(q string, lists map[queue.Platform]string, row func(p queue.Platform, rows *sql.Rows) error) error {
	for p, list := range lists {
		st, err := im.stmt(q)
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(im.ctx, int(p), list)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := row(p, rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// idsByPlatform returns, per platform, a JSON array of the distinct keys of the records.
func idsByPlatform(recs []exports.Record, key func(i int) string) map[queue.Platform]string {
	seen := map[pkey]bool{}
	lists := map[queue.Platform][]string{}
	for i := range recs {
		k := pkey{recs[i].Platform, key(i)}
		if k.nick == "" || seen[k] {
			continue
		}
		seen[k] = true
		lists[k.platform] = append(lists[k.platform], k.nick)
	}
	out := make(map[queue.Platform]string, len(lists))
	for p, l := range lists {
		b, _ := json.Marshal(l)
		out[p] = string(b)
	}
	return out
}

// addPaid counts a newly paid order of buyer id: in the row of a buyer new to the store, or
// as an increment for one it has.
func (im *Import) addPaid(id int64) {
	if id >= im.firstNew {
		im.fresh[id-im.firstNew].paid++
		return
	}
	im.paid[id]++
}

// lookupBuyers finds or allocates the buyer of every record that names one (or of every
// new order), into im.recBuyer. Buyers the import has met are remembered; the others are
// looked up in one query per platform, unless the store had no buyer of that platform at all.
func (im *Import) lookupBuyers(recs []exports.Record) error {
	// A record needs a buyer unless it only brings items, or it names none for an order the
	// store has (which keeps its buyer). Until it has one, its slot holds needBuyer.
	im.recBuyer = slices.Grow(im.recBuyer[:0], len(recs))[:len(recs)]
	var ask bool
	for i := range recs {
		r := &recs[i]
		im.recBuyer[i] = nil
		if !r.ItemsOnly && (r.Buyer != "" || im.orders[pkey{r.Platform, r.ID}] == nil) {
			im.recBuyer[i] = needBuyer
			ask = ask || !im.empty[r.Platform]
		}
	}
	if ask {
		// Only buyers the import has not met are looked up, and none of a platform the
		// store had no buyer of.
		lookup := func(i int) string {
			r := &recs[i]
			if im.empty[r.Platform] || im.recBuyer[i] == nil {
				return ""
			}
			if nick := buyerNick(r); im.buyers[pkey{r.Platform, nick}] == nil {
				return nick
			}
			return ""
		}
		if err := im.readBuyers(idsByPlatform(recs, lookup)); err != nil {
			return err
		}
	}
	for i := range recs {
		if im.recBuyer[i] == nil {
			continue
		}
		r := &recs[i]
		k := pkey{r.Platform, buyerNick(r)}
		b := im.buyers[k]
		if b == nil {
			// Kept for the whole import: copy the nick out of the record's line, which it
			// would otherwise keep alive.
			k.nick = strings.Clone(k.nick)
			b = &buyerRow{id: im.nextBuyer, key: k, isNew: true}
			im.nextBuyer++
			im.buyers[k] = b
			im.fresh = append(im.fresh, b)
		}
		im.recBuyer[i] = b
		// A full number beats a masked one: newer exports mask what older ones showed.
		// (The reader has normalized the phone.)
		if phone := r.Phone; phone != "" && phone != b.phone && (b.phone == "" || !queue.PhoneMasked(phone)) {
			if !b.isNew && !b.phoneUp {
				im.phones = append(im.phones, b)
			}
			b.phone, b.phoneUp = strings.Clone(phone), !b.isNew
		}
	}
	return nil
}

// needBuyer marks a record whose buyer lookupBuyers has yet to find.
var needBuyer = new(buyerRow)

// readBuyers reads the named buyers the store has into im.buyers: nicks holds a JSON array
// per platform.
func (im *Import) readBuyers(nicks map[queue.Platform]string) error {
	return im.eachRow(`SELECT id, nick, phone FROM buyers WHERE platform = ? AND nick IN (SELECT value FROM json_each(?))`, nicks,
		func(p queue.Platform, rows *sql.Rows) error {
			b := &buyerRow{}
			var nick string
			if err := rows.Scan(&b.id, &nick, &b.phone); err != nil {
				return err
			}
			im.buyers[pkey{p, nick}] = b
			return nil
		})
}

// updatePhones stores the better phones the batch found for buyers the store has.
func (im *Import) updatePhones() error {
	for _, b := range im.phones {
		st, err := im.stmt(`UPDATE buyers SET phone = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(im.ctx, b.phone, b.id); err != nil {
			return err
		}
		b.phoneUp = false
	}
	im.phones = im.phones[:0]
	return nil
}

// insertChunk is how many rows one multi-row INSERT carries (SQLite allows 32,766 values).
const insertChunk = 500

// execBulk runs a multi-row statement with im.args on the import's driver connection, in
// its transaction. database/sql would copy and check its thousands of arguments on every
// call; the import's values are int64s and strings already, which the driver takes as they
// are.
func (im *Import) execBulk(q string) (res driver.Result, err error) {
	im.named = im.named[:0]
	for i, v := range im.args {
		im.named = append(im.named, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	err = im.conn.Raw(func(dc any) error {
		st := im.bulk[q]
		if st == nil {
			pc, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("sqlite driver cannot prepare with a context")
			}
			if st, err = pc.PrepareContext(im.ctx, q); err != nil {
				return err
			}
			im.bulk[q] = st
		}
		ex, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("sqlite driver cannot execute with a context")
		}
		res, err = ex.ExecContext(im.ctx, im.named)
		return err
	})
	return res, err
}

// insertRows writes rows with multi-row INSERTs of cols columns; fill appends row i's values.
// Row i must get rowid first+i. The rowid is not bound but left to SQLite, which gives the
// next one after the table's largest (the import holds the write lock and assigns ids the
// same way): a bound INTEGER PRIMARY KEY may fail its integer check, and a statement that
// may fail half-way keeps a statement journal, a copy of every page it touches. The last
// rowid of each statement is checked, so a gap fails the import instead of mislinking rows.
func (im *Import) insertRows(table, cols string, first int64, n int, fill func(args []any, i int) []any) error {
	width := strings.Count(cols, ",") + 1
	row := "(" + strings.Repeat("?,", width-1) + "?)"
	for at := 0; at < n; at += insertChunk {
		k := min(insertChunk, n-at)
		// OR IGNORE, so no constraint can abort the statement half-way either; the rows
		// were looked up under the write lock, so none is ignored, and a count that says
		// otherwise fails the import.
		q := "INSERT OR IGNORE INTO " + table + " (" + cols + ") VALUES " + strings.Repeat(row+",", k-1) + row
		im.args = im.args[:0]
		for i := at; i < at+k; i++ {
			im.args = fill(im.args, i)
		}
		res, err := im.execBulk(q)
		if err != nil {
			return err
		}
		got, err := res.RowsAffected()
		if err == nil && got != int64(k) {
			err = fmt.Errorf("%d of %d rows inserted", got, k)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		if last, err := res.LastInsertId(); err != nil || last != first+int64(at+k-1) {
			return fmt.Errorf("%s: rows got ids up to %d, not %d (%v)", table, last, first+int64(at+k-1), err)
		}
	}
	return nil
}

// insertBuyers writes the buyers new to the store, once, with their paid counts.
func (im *Import) insertBuyers() error {
	if len(im.fresh) == 0 {
		return nil
	}
	// im.fresh is in id order: buyers are appended as their ids are given out.
	err := im.insertRows("buyers", "platform, nick, phone, paid_count", im.firstNew, len(im.fresh), func(a []any, i int) []any {
		b := im.fresh[i]
		return append(a, int64(b.key.platform), b.key.nick, b.phone, int64(b.paid))
	})
	im.fresh = nil
	return err
}

// addPaidCounts adds the import's newly paid orders to the counts of buyers the store had
// (new buyers are inserted with theirs). It runs once, at commit: one statement for the whole file
// copies each page it changes once.
func (im *Import) addPaidCounts() error {
	if len(im.paid) == 0 {
		return nil
	}
	type inc struct {
		ID   int64 `json:"i"`
		Paid int   `json:"n"`
	}
	paid := make([]inc, 0, len(im.paid))
	for id, n := range im.paid {
		paid = append(paid, inc{id, n})
	}
	clear(im.paid)
	js, _ := json.Marshal(paid)
	_, err := im.tx.ExecContext(im.ctx, `UPDATE buyers SET paid_count = paid_count + j.value ->> 'n' FROM json_each(?) j WHERE buyers.id = j.value ->> 'i'`, string(js))
	return err
}

// insertOrders writes the batch's new orders.
func (im *Import) insertOrders(fresh []*orderRow) error {
	if len(fresh) == 0 {
		return nil
	}
	return im.insertRows("orders", "platform, order_id, buyer_id, title, items, amount, shipping, created, paid_at, deadline, status, flash, agent, receiver, note, seq",
		fresh[0].now.id, len(fresh), func(a []any, i int) []any {
			o := fresh[i]
			n := &o.now
			// int64s and strings are driver values as they are: no conversion by reflection.
			return append(a, int64(o.platform), o.orderID, n.buyer, n.title, n.items, n.amount, n.shipping, n.created, n.paid,
				n.deadline, int64(n.status), int64(n.flash), n.agent, n.receiver, n.note, im.seq)
		})
}

// updateOrders writes the known orders the batch changed.
func (im *Import) updateOrders(orders map[pkey]*orderRow) error {
	for _, o := range orders {
		if o.isNew || o.now == o.was {
			continue
		}
		st, err := im.stmt(`UPDATE orders SET buyer_id = ?, title = ?, items = ?, amount = ?, shipping = ?, created = ?, paid_at = ?, deadline = ?,
			status = ?, flash = ?, agent = ?, receiver = ?, note = ?, seq = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		n := &o.now
		if _, err := st.ExecContext(im.ctx, n.buyer, n.title, n.items, n.amount, n.shipping, n.created, n.paid, n.deadline,
			n.status, n.flash, n.agent, n.receiver, n.note, im.seq, n.id); err != nil {
			return fmt.Errorf("order %s: %w", o.orderID, err)
		}
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
