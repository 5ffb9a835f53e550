package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"hash/maphash"
	"strconv"
	"strings"

	"cuifu/data/exports"
	"cuifu/queue"
)

// The import's lifecycle: a file's batches in one transaction, from BeginImport to Commit
// or Rollback. Look-ups are in lookup.go, the merge of a record into an order in
// recordmerge.go, the writers in bulk.go and the filter of added orders in bloom.go.

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
	firstSeq  int64 // its first batch's: the rows it wrote carry it or a later one
	at        int64 // when the store learns what the import brings (unix seconds; 0 = from each fact's own time)
	nextOrder int64 // the next free order rowid: the import holds the write lock
	nextBuyer int64
	stmts     map[string]*sql.Stmt
	bulk      map[string]driver.Stmt // the multi-row INSERTs, on the driver connection itself
	// sparseSets are the sets of sparseCols the orders' INSERTs have written (bits by index).
	sparseSets map[uint64]bool
	titleSigs  map[string]int64 // itemsSig of an order that stores no items, by title
	args       []any
	named      []driver.NamedValue
	buyers     map[pkey]*buyerRow           // every buyer the import has met, by platform and nick
	fresh      []*buyerRow                  // the buyers the store does not have yet, in id order, written at commit
	firstNew   int64                        // the id of fresh[0]
	phones     []*buyerRow                  // buyers the store has whose phone the batch improved
	smsPhones  []string                     // the old and new phones of the buyers the store has whose phone changed
	rebuild    bool                         // the buyer index of orders is built at commit, not row by row
	triggers   []string                     // the insert triggers dropped for the import, created again at commit (seqInsertTriggers)
	empty      map[queue.Platform]bool      // platforms the store had no buyer of: nothing to look up
	added      map[queue.Platform]*addedSet // platforms the store had no order of, with the orders added since
	seed       maphash.Seed
	// wasEmpty: the store had no order and no buyer when the import began, so every buyer
	// is in fresh and all their orders are the import's.
	wasEmpty bool
	// receiverBuyers are, in an empty store, the buyers with both a masked receiver and one
	// that may name them (buyerRow.receivers): the only ones with an order to flag.
	receiverBuyers []int64
	mismatch       []int64   // the orders the import's commit flagged for their receiver (markReceiversTx)
	feed           *snapFeed // an import into an empty store builds the queue file too
	expect         int       // the orders the file holds, roughly (Expect)
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
	defer s.noticeWait()() // the write lock may be another import's
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
	im.firstNew, im.wasEmpty = im.nextBuyer, im.nextOrder == 1 && im.nextBuyer == 1
	if err == nil && im.nextOrder == 1 && im.nextBuyer == 1 {
		// An empty store: the import will know its whole queue (importsnap.go).
		im.feed = &snapFeed{path: snapPath(s.path), min: s.snapMin}
	}
	if err != nil {
		im.Rollback()
		return nil, err
	}
	return im, nil
}

// rebuiltIndexes are the indexes whose entries land at random places, as the schema has
// them: the orders' by buyer and by order time (schema step 11), the buyers' by phone.
var rebuiltIndexes = map[string]string{
	"orders_buyer":   `CREATE INDEX orders_buyer ON orders(buyer_id)`,
	"orders_created": `CREATE INDEX orders_created ON orders(created)`,
	"buyers_phone":   `CREATE INDEX buyers_phone ON buyers(phone) WHERE phone != ''`, // schema step 14
}

// seqInsertTriggers are schema step 7's triggers that give an order or buyer inserted
// without a change sequence a new one. A table with a trigger that writes makes each
// multi-row INSERT into it keep a statement journal, a copy of every page the statement
// touches (the buyers' index by nick: every page, again for every statement), and run the
// trigger's program for every row. The rows a big import inserts all carry its sequence, so
// it drops the triggers and creates them again before it commits, in its own transaction:
// no other connection ever sees the store without them, and a rollback keeps them.
var seqInsertTriggers = []string{"orders_seq_insert", "buyers_seq_insert"}

// Expect tells the import how many orders the file holds, roughly, before the first Add.
// When that is more than the store has, the orders' indexes whose entries land at random
// places (rebuiltIndexes) are dropped and built again at commit: one sort beats a million
// random inserts, and a smaller statement journal. The insert triggers are dropped until
// the commit too (seqInsertTriggers).
func (im *Import) Expect(rows int) error {
	im.expect = rows
	if im.rebuild || int64(rows) < im.nextOrder-1 || rows < 50_000 {
		return nil
	}
	for name := range rebuiltIndexes {
		if _, err := im.tx.ExecContext(im.ctx, `DROP INDEX `+name); err != nil {
			return err
		}
	}
	im.rebuild = true
	for _, name := range seqInsertTriggers {
		var create string
		err := im.tx.QueryRowContext(im.ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name).Scan(&create)
		if err == sql.ErrNoRows {
			continue
		}
		if err == nil {
			_, err = im.tx.ExecContext(im.ctx, `DROP TRIGGER `+name)
		}
		if err != nil {
			return err
		}
		im.triggers = append(im.triggers, create) // as the store has it
	}
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
		f.end = make(chan feedEnd, 1)
		fresh := im.fresh
		go func() {
			tmp := ""
			snap := f.build(fresh)
			// The file names the point of the store's history the commit makes: commit
			// reads it after the import's last write (a zero mark: the import failed).
			if e := <-f.end; snap != nil && e.mark.seq != 0 {
				f.flagReceivers(snap, e.mismatch)
				snap.Seq = e.mark.seq
				tmp = writeSnapTemp(f.path, snap, e.mark)
			}
			snapTmp <- tmp
		}()
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
	f := im.feed
	im.feed = nil
	var mark snapMark // zero unless the import gets as far as its last write
	if f != nil {
		defer func() { f.end <- feedEnd{mark, im.mismatch} }()
	}
	var err error
	if len(im.fresh) > 0 || len(im.paid) > 0 {
		// The buyers written at commit may have been written by a batch already.
		im.seq, err = nextSeq(im.ctx, im.tx)
	}
	shared, err := im.smsShared(err)
	if err == nil {
		err = im.insertBuyers()
	}
	if im.rebuild {
		for _, create := range rebuiltIndexes {
			if err == nil {
				_, err = im.tx.ExecContext(im.ctx, create)
			}
		}
	}
	// The import's last insert is done.
	for _, create := range im.triggers {
		if err == nil {
			_, err = im.tx.ExecContext(im.ctx, create)
		}
	}
	if err == nil {
		err = im.addPaidCounts()
	}
	if err == nil && len(shared) > 0 {
		var seq int64
		if seq, err = nextSeq(im.ctx, im.tx); err == nil {
			err = samePhoneSMSTx(im.ctx, im.tx, seq, shared...)
		}
	}
	if err == nil {
		// After the buyer index is built again.
		im.mismatch, err = im.markReceivers()
	}
	if err == nil && f != nil {
		mark, err = readMark(im.ctx, im.tx)
	}
	if err != nil {
		mark = snapMark{}
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

// smsShared returns the phones whose buyers' SMS the import may have made shared or no
// longer shared (see samePhoneSMSTx): the old and new phones of the buyers whose phone
// changed, and the new buyers' phones; none when no buyer ever had an SMS (a first import).
func (im *Import) smsShared(err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	var any bool
	if err := im.tx.QueryRowContext(im.ctx, `SELECT EXISTS (SELECT 1 FROM buyers WHERE sms_at != 0)`).Scan(&any); err != nil || !any {
		return nil, err
	}
	phones := im.smsPhones
	for _, b := range im.fresh {
		phones = append(phones, b.phone)
	}
	return phones, nil
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
	// receivers are the receiverMasked and receiverNamed bits of the receivers of the
	// orders the import wrote for a buyer new to an empty store.
	receivers uint8
}

// storedOrder is an order's row as the import reads and writes it.
type storedOrder struct {
	id, buyer                                 int64
	title, items, agent, receiver, note       string
	amount, shipping, created, paid, deadline int64
	itemsSig                                  int64 // queue.ItemsSignature of items (or the title alone)
	status, flash                             int
	stage, deposit                            int64 // presale: queue.Stage and the deposit paid in fen
	learned, statusLearned                    int64 // when the store learned of the order, and of its status (schema step 11)
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

func (im *Import) addBatch(recs []exports.Record) error {
	if err := im.meet(recs); err != nil {
		return err
	}
	// Each batch writes under a sequence of its own: an order or buyer that an earlier
	// batch wrote must be written under a newer one (schema step 7).
	var err error
	if im.seq, err = nextSeq(im.ctx, im.tx); err != nil {
		return err
	}
	if im.firstSeq == 0 {
		im.firstSeq = im.seq
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
				im.rejected = append(im.rejected, exports.RowError{Line: r.Line, Code: exports.CodeNotInStore, Args: []string{queue.ShortField(r.ID)}})
				continue
			}
			var out outcome
			o.now, out = mergeItems(o.now, r)
			im.count(out, o.now.buyer)
			continue
		}
		if o == nil {
			b := im.recBuyer[i]
			o = im.row()
			*o = orderRow{platform: r.Platform, orderID: r.ID, isNew: true}
			o.now = newOrder(r, im.nextOrder, b.id, im.at, im.itemsSig)
			im.nextOrder++
			orders[k] = o
			im.newRows = append(im.newRows, o)
			if set := im.added[r.Platform]; set != nil {
				set.add(maphash.String(im.seed, r.ID))
			}
			im.summary.New++
			switch r.Status { // what the store learns of it now, as for an order it had
			case queue.StatusPaid:
				im.summary.NowPaid++
				im.addPaid(b.id)
			case queue.StatusClosed:
				im.summary.NowClosed++
			}
			continue
		}
		var buyer int64
		if r.Buyer != "" {
			buyer = im.buyers[pkey{r.Platform, r.Buyer}].id
		}
		var out outcome
		o.now, out = mergeRecord(o.now, r, buyer, im.at)
		im.count(out, o.now.buyer)
	}
	if im.wasEmpty {
		for _, o := range orders {
			im.noteReceiver(o.now.buyer, o.now.receiver)
		}
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

// maxTitleSigs bounds Import.titleSigs: an export of a few products names them again and
// again; one of a million different titles is worked out title by title.
const maxTitleSigs = 1 << 16

// itemsSig is itemsSig, with the signature of a title alone (an order that stores no items,
// most of an export's) worked out once per title.
func (im *Import) itemsSig(items, title string) int64 {
	if items != "" {
		return itemsSig(items, title)
	}
	if v, ok := im.titleSigs[title]; ok {
		return v
	}
	v := itemsSig(items, title)
	if im.titleSigs == nil {
		im.titleSigs = map[string]int64{}
	}
	if len(im.titleSigs) < maxTitleSigs {
		im.titleSigs[strings.Clone(title)] = v // not the record's line, kept alive by its title
	}
	return v
}

// count adds what merging a record did to order of buyer to the import's summary.
func (im *Import) count(out outcome, buyer int64) {
	switch out {
	case outUnchanged:
		im.summary.Unchanged++
	case outUpdated:
		im.summary.Updated++
	case outNowPaid:
		im.summary.NowPaid++
		im.addPaid(buyer)
	case outNowClosed:
		im.summary.NowClosed++
	}
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

// noteReceiver notes, in an empty store, that the import wrote an order for receiver of the
// buyer with row id id.
func (im *Import) noteReceiver(id int64, receiver string) {
	if id < im.firstNew || id-im.firstNew >= int64(len(im.fresh)) {
		return
	}
	b := im.fresh[id-im.firstNew]
	const both = receiverMasked | receiverNamed
	k := receiverKind(receiver)
	if b.receivers|k == both && b.receivers != both {
		im.receiverBuyers = append(im.receiverBuyers, id)
	}
	b.receivers |= k
}

// markReceivers works out the receiver flag again (markReceiversTx) for the buyers whose
// orders the import wrote: in an empty store, those of them Go found may have one; in
// another, the buyers of the rows it wrote, found by their change sequence.
func (im *Import) markReceivers() ([]int64, error) {
	switch {
	case im.firstSeq == 0: // nothing written
		return nil, nil
	case !im.wasEmpty:
		return markReceiversTx(im.ctx, im.tx, writtenBuyers, im.firstSeq)
	case len(im.receiverBuyers) == 0:
		return nil, nil
	}
	ids := make([]string, len(im.receiverBuyers))
	for i, id := range im.receiverBuyers {
		ids[i] = strconv.FormatInt(id, 10)
	}
	return markReceiversTx(im.ctx, im.tx, listedBuyers, "["+strings.Join(ids, ",")+"]")
}
