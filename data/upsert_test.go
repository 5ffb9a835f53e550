package data

import (
	"hash/maphash"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// buyerOf returns an order's buyer: nick, phone and paid count.
func buyerOf(t *testing.T, s *Store, id string) (nick, phone string, paid int) {
	t.Helper()
	err := s.db.QueryRowContext(ctx, `SELECT b.nick, b.phone, b.paid_count FROM orders o JOIN buyers b ON b.id = o.buyer_id
		WHERE o.platform = ? AND o.order_id = ?`, int(queue.PlatformTaobao), id).Scan(&nick, &phone, &paid)
	if err != nil {
		t.Fatal(err)
	}
	return nick, phone, paid
}

// importInSteps imports recs in one import, step records per Add, and returns it committed.
func importInSteps(t *testing.T, s *Store, recs []exports.Record, step int) *Import {
	t.Helper()
	im, err := s.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for at := 0; at < len(recs); at += step {
		if err := im.Add(recs[at:min(at+step, len(recs))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return im
}

// TestImportBatchesAgree: an import of many batches gives the same store whatever the
// batch size: buyers met in an earlier batch are found again, paid counts add up across
// batches, an order repeated far apart in a file is one order, and a full phone replaces a
// masked one but not the other way round.
func TestImportBatchesAgree(t *testing.T) {
	var recs []exports.Record
	for i := 0; i < 3*exports.BatchSize; i++ {
		r := rec(string(rune('A'+i%26))+"-"+strconv.Itoa(i), queue.StatusUnpaid, 10000)
		r.Buyer = "买家" + strconv.Itoa(i%100) // each buyer has many orders, across batches
		if i%3 == 0 {
			r.Status, r.PaidAt = queue.StatusPaid, t0+7200
		}
		r.Phone = "138****1234"
		if i == 2*exports.BatchSize+5 {
			r.Phone = "13800005678" // buyer 买家97 shows a full number late in the file
		}
		recs = append(recs, r)
	}
	dup := recs[1] // order 1 again, near the end, now paid
	dup.Status, dup.PaidAt = queue.StatusPaid, t0+9000
	recs = append(recs, dup)

	s := open(t, filepath.Join(t.TempDir(), "s.db"))
	im := importInSteps(t, s, recs, 1000)
	sum := im.Summary()
	if sum.New != 3*exports.BatchSize || sum.NowPaid != exports.BatchSize+1 {
		t.Fatalf("summary %+v", sum)
	}
	var buyers, orders int
	s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM buyers), (SELECT count(*) FROM orders)`).Scan(&buyers, &orders)
	if buyers != 100 || orders != 3*exports.BatchSize {
		t.Fatalf("%d buyers, %d orders", buyers, orders)
	}
	// Buyer 1's orders are i = 1, 101, 201, …: paid when i%3 == 0, plus order 1 paid late.
	want := 0
	for i := 1; i < 3*exports.BatchSize; i += 100 {
		if i%3 == 0 {
			want++
		}
	}
	if _, _, paid := buyerOf(t, s, recs[1].ID); paid != want+1 {
		t.Fatalf("buyer 1 paid %d, want %d", paid, want+1)
	}
	if _, phone, _ := buyerOf(t, s, recs[2*exports.BatchSize+5].ID); phone != "13800005678" {
		t.Fatalf("buyer 97's phone %q, want the full number", phone)
	}

	// The same file again changes nothing.
	sum2, err := s.Upsert(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	if sum2.New != 0 || sum2.Updated != 0 || sum2.NowPaid != 0 || sum2.Unchanged != len(recs) {
		t.Fatalf("re-import %+v", sum2)
	}
	if _, _, paid := buyerOf(t, s, recs[1].ID); paid != want+1 {
		t.Fatalf("re-import moved buyer 1's paid count to %d", paid)
	}
}

// TestBigImportRebuildsTheBuyerIndex: an import expecting more orders than the store holds
// builds the orders' buyer index at commit; a rolled-back one leaves the index as it was.
func TestBigImportRebuildsTheBuyerIndex(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "s.db"))
	hasIndex := func() bool {
		var n int
		s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'orders_buyer'`).Scan(&n)
		return n == 1
	}
	for _, commit := range []bool{false, true} {
		if bigImport(t, s, commit); !hasIndex() {
			t.Fatalf("commit %v: no index", commit)
		}
	}
}

// bigImport runs an import on s that expects a million orders, with two, and commits or
// rolls it back.
func bigImport(t *testing.T, s *Store, commit bool) *Import {
	t.Helper()
	im, err := s.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Expect(1_000_000); err != nil {
		t.Fatal(err)
	}
	if err := im.Add([]exports.Record{rec("1", queue.StatusUnpaid, 100), rec("2", queue.StatusPaid, 100)}); err != nil {
		t.Fatal(err)
	}
	if commit {
		err = im.Commit()
	} else {
		err = im.Rollback()
	}
	if err != nil {
		t.Fatalf("commit %v: %v", commit, err)
	}
	return im
}

// TestBigImportKeepsTheInsertTriggers: a big import drops the triggers that stamp a row
// inserted without a change sequence, and has them again, as the store had them, once it
// commits or rolls back; a row inserted without one afterwards still gets a sequence.
func TestBigImportKeepsTheInsertTriggers(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "s.db"))
	triggers := func() string {
		var sqls string
		s.db.QueryRowContext(ctx, `SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name)`).Scan(&sqls)
		return sqls
	}
	before := triggers()
	for _, name := range seqInsertTriggers {
		if !strings.Contains(before, "CREATE TRIGGER "+name+" ") {
			t.Fatalf("the store has no trigger %s", name)
		}
	}
	for i, commit := range []bool{false, true} {
		if im := bigImport(t, s, commit); len(im.triggers) != len(seqInsertTriggers) {
			t.Fatalf("the big import dropped %d insert triggers", len(im.triggers))
		}
		if got := triggers(); got != before {
			t.Fatalf("commit %v: the triggers are\n%s\nnot\n%s", commit, got, before)
		}
		var seq, buyerSeq int64
		nick := "后来的" + strconv.Itoa(i)
		_, err := s.db.ExecContext(ctx, `INSERT INTO buyers (platform, nick) VALUES (1, ?)`, nick)
		if err == nil {
			_, err = s.db.ExecContext(ctx, `INSERT INTO orders (platform, order_id, buyer_id) VALUES (1, ?, (SELECT id FROM buyers WHERE nick = ?))`, nick, nick)
		}
		if err == nil {
			err = s.db.QueryRowContext(ctx, `SELECT o.seq, b.seq FROM orders o JOIN buyers b ON b.id = o.buyer_id WHERE o.order_id = ?`, nick).Scan(&seq, &buyerSeq)
		}
		if err != nil || seq == 0 || buyerSeq == 0 {
			t.Fatalf("commit %v: rows inserted without a sequence have %d, %d (%v)", commit, seq, buyerSeq, err)
		}
	}
}

// TestImportChecksTheRowids: the import lets SQLite number its new rows and checks that
// they got the ids it handed out. A row that appears behind its back (here one written on
// the import's own transaction) shifts the numbering: the import fails and rolls back
// instead of linking orders to the wrong buyers.
func TestImportChecksTheRowids(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "s.db"))
	if _, err := s.Upsert(ctx, []exports.Record{rec("1", queue.StatusUnpaid, 100)}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"orders", "buyers"} {
		im, err := s.BeginImport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		q := `INSERT INTO orders (platform, order_id, buyer_id) VALUES (9, 'x', 1)`
		if table == "buyers" {
			q = `INSERT INTO buyers (platform, nick) VALUES (9, 'x')`
		}
		if _, err := im.tx.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
		err = im.Add([]exports.Record{rec("2", queue.StatusUnpaid, 100), rec("3", queue.StatusUnpaid, 100)})
		if err == nil {
			err = im.Commit()
		} else {
			im.Rollback()
		}
		if err == nil || !strings.Contains(err.Error(), "ids") {
			t.Fatalf("%s: a shifted rowid went unnoticed: %v", table, err)
		}
		var orders, buyers int
		s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM buyers)`).Scan(&orders, &buyers)
		if orders != 1 || buyers != 1 {
			t.Fatalf("%s: the failed import left %d orders, %d buyers", table, orders, buyers)
		}
	}
}

// TestAddedSetNeverMissesAnOrder: the filter that spares a first import its look-ups must
// never call an added order unseen (that order would be inserted twice); a false "seen"
// only costs a look-up, and stays rare at the size the filter was made for.
func TestAddedSetNeverMissesAnOrder(t *testing.T) {
	const n = 100_000
	seed := maphash.MakeSeed()
	set := newAddedSet(n)
	for i := 0; i < n; i++ {
		set.add(maphash.String(seed, "A"+strconv.Itoa(i)))
	}
	for i := 0; i < n; i++ {
		if !set.has(maphash.String(seed, "A"+strconv.Itoa(i))) {
			t.Fatalf("order A%d was added but is not seen", i)
		}
	}
	seen := 0
	for i := 0; i < n; i++ {
		if set.has(maphash.String(seed, "B"+strconv.Itoa(i))) {
			seen++
		}
	}
	if seen > n/30 {
		t.Fatalf("%d of %d orders never added are seen", seen, n)
	}
}

// TestNewOrdersKeepEveryColumn: the INSERTs leave a column to its default where every row
// of a statement has the default there, so rows with and without items, an agent, a note,
// a presale stage and deposit, a flash sale, shipping, a payment and the learned times sit
// side by side in statements of every mix, more mixes than the import prepares statements
// for (then a statement writes every column); each order is stored as the record says.
func TestNewOrdersKeepEveryColumn(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "s.db"))
	var recs []exports.Record
	for i := 0; i < 6*exports.BatchSize; i++ {
		r := rec("S"+strconv.Itoa(i), queue.StatusUnpaid, 10000)
		// In chunk c of 500 rows, the row 7 in brings column c%10 of sparseCols, and every
		// row of every fourth chunk brings them all.
		c, all := i/insertChunk, i/insertChunk%4 == 3
		if k := c % len(sparseCols); all || i%insertChunk == 7 {
			for j := range sparseCols {
				if !all && j != k {
					continue
				}
				switch sparseCols[j].name {
				case "items":
					r.Items = []exports.Item{{Title: "抱枕", Quantity: 2}, {Title: "沙发", Quantity: 1}}
				case "agent":
					r.Agent = "小美"
				case "note":
					r.Note = "尽快发货"
				case "stage", "deposit":
					r.Stage, r.Deposit = queue.StageBalanceUnpaid, 3000
				case "flash":
					r.Flash = true
				case "shipping":
					r.Shipping = 800
				case "paid_at", "status_learned":
					r.Status, r.PaidAt = queue.StatusPaid, t0+7200
				}
			}
		}
		recs = append(recs, r)
	}
	im := importInSteps(t, s, recs, len(recs))
	// Ten single columns and more mixes: the sets reach the most, and then every column.
	if n := len(im.sparseSets); n < maxSparseSets || n > maxSparseSets+1 || !im.sparseSets[1<<len(sparseCols)-1] {
		t.Fatalf("%d sets of columns prepared (the most is %d and every column)", n, maxSparseSets)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT order_id, items, agent, note, stage, deposit, flash, shipping, paid_at, learned, status_learned, amount, status,
		items_sig FROM orders ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		var id string
		var got storedOrder
		if err := rows.Scan(&id, &got.items, &got.agent, &got.note, &got.stage, &got.deposit, &got.flash, &got.shipping, &got.paid,
			&got.learned, &got.statusLearned, &got.amount, &got.status, &got.itemsSig); err != nil {
			t.Fatal(err)
		}
		want := newOrder(&recs[i], 0, 0, im.at, itemsSig)
		want = storedOrder{items: want.items, agent: want.agent, note: want.note, stage: want.stage, deposit: want.deposit, flash: want.flash,
			shipping: want.shipping, paid: want.paid, learned: want.learned, statusLearned: want.statusLearned, amount: want.amount, status: want.status,
			itemsSig: want.itemsSig}
		if id != recs[i].ID || got != want {
			t.Fatalf("order %s stored as\n%+v, not\n%+v", id, got, want)
		}
	}
	if i != len(recs) {
		t.Fatalf("%d orders stored, not %d", i, len(recs))
	}
}

// TestImportItemsSigIsItemsSig: the import's signatures, worked out once per title for
// orders that store no items, are itemsSig's, for titles met again, new titles past the
// most it keeps, and orders with items.
func TestImportItemsSigIsItemsSig(t *testing.T) {
	im := &Import{}
	items := `[{"title":"抱枕","quantity":2},{"title":"沙发","quantity":1}]`
	for i := 0; i < maxTitleSigs+1000; i++ {
		for _, title := range []string{"北欧布艺沙发", " 北欧布艺沙发 ", "", "商品" + strconv.Itoa(i)} {
			if got, want := im.itemsSig("", title), itemsSig("", title); got != want {
				t.Fatalf("%q: %d, itemsSig %d", title, got, want)
			}
		}
		if i%1000 == 0 {
			if got, want := im.itemsSig(items, "北欧布艺沙发"), itemsSig(items, "北欧布艺沙发"); got != want || got == itemsSig("", "北欧布艺沙发") {
				t.Fatalf("with items: %d, itemsSig %d", got, want)
			}
		}
	}
	if len(im.titleSigs) != maxTitleSigs {
		t.Fatalf("%d titles kept, not the most (%d)", len(im.titleSigs), maxTitleSigs)
	}
}
