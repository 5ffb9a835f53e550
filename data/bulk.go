package data

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
)

// The import's writers: multi-row INSERTs on the driver connection, and the updates of
// what a batch changed.

// updatePhones stores the better phones the batch found for buyers the store has.
func (im *Import) updatePhones() error {
	for _, b := range im.phones {
		st, err := im.stmt(`UPDATE buyers SET phone = ?, seq = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(im.ctx, b.phone, im.seq, b.id); err != nil {
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

// insertRows writes rows with multi-row INSERTs; chunk names the columns of rows at to
// at+k-1 and gives fill, which appends row i's values.
// Row i must get rowid first+i. The rowid is not bound but left to SQLite, which gives the
// next one after the table's largest (the import holds the write lock and assigns ids the
// same way): a bound INTEGER PRIMARY KEY may fail its integer check, and a statement that
// may fail half-way keeps a statement journal, a copy of every page it touches. The last
// rowid of each statement is checked, so a gap fails the import instead of mislinking rows.
func (im *Import) insertRows(table string, first int64, n int, chunk func(at, k int) (cols string, fill func(args []any, i int) []any)) error {
	for at := 0; at < n; at += insertChunk {
		k := min(insertChunk, n-at)
		cols, fill := chunk(at, k)
		width := strings.Count(cols, ",") + 1
		row := "(" + strings.Repeat("?,", width-1) + "?)"
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
	fill := func(a []any, i int) []any {
		b := im.fresh[i]
		return append(a, int64(b.key.platform), b.key.nick, b.phone, int64(b.paid), im.seq)
	}
	err := im.insertRows("buyers", im.firstNew, len(im.fresh), func(int, int) (string, func([]any, int) []any) {
		return "platform, nick, phone, paid_count, seq", fill
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
	_, err := im.tx.ExecContext(im.ctx, `UPDATE buyers SET paid_count = paid_count + j.value ->> 'n', seq = ? FROM json_each(?) j WHERE buyers.id = j.value ->> 'i'`, im.seq, string(js))
	return err
}

// newOrderCols are the columns of a new order the import always writes, and sparseCols those
// it leaves out of a statement whose rows all have their default there (” or 0, as the
// schema has it): most exports have no item list, agent, presale stage or deposit, and a
// value not bound is one call into SQLite fewer (a string costs a copy too).
const newOrderCols = "platform, order_id, buyer_id, title, amount, created, deadline, status, receiver, items_sig, seq"

var sparseCols = []sparseCol{
	sparse("items", func(n *storedOrder) string { return n.items }),
	sparse("agent", func(n *storedOrder) string { return n.agent }),
	sparse("note", func(n *storedOrder) string { return n.note }),
	sparse("stage", func(n *storedOrder) int64 { return n.stage }),
	sparse("deposit", func(n *storedOrder) int64 { return n.deposit }),
	sparse("flash", func(n *storedOrder) int64 { return int64(n.flash) }),
	sparse("shipping", func(n *storedOrder) int64 { return n.shipping }),
	sparse("paid_at", func(n *storedOrder) int64 { return n.paid }),
	sparse("learned", func(n *storedOrder) int64 { return n.learned }),
	sparse("status_learned", func(n *storedOrder) int64 { return n.statusLearned }),
}

// sparseCol is a column of sparseCols: its value in a row, and whether that is the default.
type sparseCol struct {
	name string
	val  func(n *storedOrder) any
	zero func(n *storedOrder) bool
}

// sparse is the sparseCol name of an int64 or string field f.
func sparse[T int64 | string](name string, f func(n *storedOrder) T) sparseCol {
	var zero T
	// int64s and strings are driver values as they are: no conversion by reflection.
	return sparseCol{name, func(n *storedOrder) any { return f(n) }, func(n *storedOrder) bool { return f(n) == zero }}
}

// maxSparseSets is how many sets of left-out columns the import prepares statements for;
// past that a chunk writes every column (one set more).
const maxSparseSets = 8

// insertOrders writes the batch's new orders.
func (im *Import) insertOrders(fresh []*orderRow) error {
	if len(fresh) == 0 {
		return nil
	}
	var written []int // the sparseCols the chunk writes
	fill := func(a []any, i int) []any {
		o := fresh[i]
		n := &o.now
		a = append(a, int64(o.platform), o.orderID, n.buyer, n.title, n.amount, n.created, n.deadline, int64(n.status), n.receiver, n.itemsSig, im.seq)
		for _, c := range written {
			a = append(a, sparseCols[c].val(n))
		}
		return a
	}
	return im.insertRows("orders", fresh[0].now.id, len(fresh), func(at, k int) (string, func([]any, int) []any) {
		var set uint64
		for i := at; i < at+k; i++ {
			for c := range sparseCols {
				if set&(1<<c) == 0 && !sparseCols[c].zero(&fresh[i].now) {
					set |= 1 << c
				}
			}
		}
		if !im.sparseSets[set] && len(im.sparseSets) >= maxSparseSets {
			set = 1<<len(sparseCols) - 1
		}
		if im.sparseSets == nil {
			im.sparseSets = map[uint64]bool{}
		}
		im.sparseSets[set] = true
		cols := newOrderCols
		written = written[:0]
		for c := range sparseCols {
			if set&(1<<c) != 0 {
				written = append(written, c)
				cols += ", " + sparseCols[c].name
			}
		}
		return cols, fill
	})
}

// updateOrders writes the known orders the batch changed.
func (im *Import) updateOrders(orders map[pkey]*orderRow) error {
	for _, o := range orders {
		if o.isNew || o.now == o.was {
			continue
		}
		st, err := im.stmt(`UPDATE orders SET buyer_id = ?, title = ?, items = ?, amount = ?, shipping = ?, created = ?, paid_at = ?, deadline = ?,
			status = ?, flash = ?, agent = ?, receiver = ?, note = ?, stage = ?, deposit = ?, items_sig = ?, seq = ?, status_learned = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		n := &o.now
		if _, err := st.ExecContext(im.ctx, n.buyer, n.title, n.items, n.amount, n.shipping, n.created, n.paid, n.deadline,
			n.status, n.flash, n.agent, n.receiver, n.note, n.stage, n.deposit, n.itemsSig, im.seq, n.statusLearned, n.id); err != nil {
			return fmt.Errorf("order %s: %w", o.orderID, err)
		}
	}
	return nil
}
