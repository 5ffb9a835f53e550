package data

import (
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

var (
	cacheOps  = flag.Int("cache.ops", 300, "operations of TestCacheIsACache (a longer run: -cache.ops=20000)")
	cacheSeed = flag.Uint64("cache.seed", 1, "seed of TestCacheIsACache")
)

// TestCacheIsACache is the proof that the snapshot file is only a cache: random operations
// on stores (imports with new orders on two platforms, payments, closures, retitles, buyer moves and phone
// changes; contacts (SMS to a phone shared across the platforms, wrong numbers among them), claims, opt-outs, blocks and unblocks; writes that forget the change sequence; saves of
// the file; backups and their restores; side-by-side copies with their files), and after
// each one the queue a command loads (from the file when it takes it) and a workstation's
// live queue (merged from Changes) both equal a full load of that store. It runs without
// the daily cap (no buyer's contacts loaded) and with it (every recent one), and a store's
// file made under one config is read under the other too.
func TestCacheIsACache(t *testing.T) {
	for _, caps := range [][]int{{0}, {2}, {0, 2}} {
		t.Run(fmt.Sprint("per_buyer_day ", caps), func(t *testing.T) {
			m := &cacheModel{t: t, rnd: rand.New(rand.NewPCG(*cacheSeed, 7)), dir: t.TempDir(), cfg: queue.DefaultConfig(), caps: caps}
			m.cfg.Caps.PerBuyerDay = caps[0]
			m.stores = append(m.stores, m.open(filepath.Join(m.dir, "s0.db")))
			for i := 0; i < *cacheOps; i++ {
				st := m.stores[m.rnd.IntN(len(m.stores))]
				what := m.step(st)
				if len(caps) > 1 && m.rnd.IntN(8) == 0 {
					// Another config on the same stores: the live queues are loaded anew.
					m.cfg.Caps.PerBuyerDay = caps[m.rnd.IntN(len(caps))]
					for _, st := range m.stores {
						st.live = nil
					}
				}
				m.check(st, fmt.Sprintf("op %d (%s) on %s, per_buyer_day %d", i, what, filepath.Base(st.path), m.cfg.Caps.PerBuyerDay))
			}
			for _, st := range m.stores {
				st.s.Close()
			}
		})
	}
}

type cacheModel struct {
	t       *testing.T
	caps    []int // the daily caps the model's configs take
	rnd     *rand.Rand
	dir     string
	cfg     queue.Config
	stores  []*modelStore
	backups []modelBackup
	n       int // files made
}

// modelBackup is a backup of a model store.
type modelBackup struct {
	path    string
	rawMove bool // of the store it was taken of
}

// modelStore is one store of the model, with what a workstation on it holds.
type modelStore struct {
	path string
	s    *Store
	ids  []string // the order ids it has
	live *queue.Snapshot
	// rawMove: a write that forgot the change sequence moved one of its orders to another
	// buyer, so those buyers' receiver flags are as the last import left them (only an
	// import keeps them): the check of the flags against the rule stops for it.
	rawMove bool
}

func (m *cacheModel) open(path string) *modelStore {
	s, err := Open(ctx, path)
	if err != nil {
		m.t.Fatal(err)
	}
	st := &modelStore{path: path}
	m.setUp(st, s)
	return st
}

// setUp gives st the store s, with limits small enough that every path of the cache runs.
func (m *cacheModel) setUp(st *modelStore, s *Store) {
	s.snapMin, s.mergeLimit, s.fileRewrite = 1, 12+m.rnd.IntN(30), 1+m.rnd.IntN(8)
	st.s, st.live = s, nil
	ids, err := s.db.QueryContext(ctx, `SELECT order_id FROM orders ORDER BY id`)
	if err != nil {
		m.t.Fatal(err)
	}
	defer ids.Close()
	st.ids = st.ids[:0]
	for ids.Next() {
		var id string
		ids.Scan(&id)
		st.ids = append(st.ids, id)
	}
}

var modelOps = []string{"import", "import", "import", "contact", "contact", "claim", "opt-out", "block", "forgotten seq",
	"save", "backup", "restore", "copy", "late contact", "revoke"}

func (m *cacheModel) step(st *modelStore) string {
	what := modelOps[m.rnd.IntN(len(modelOps))]
	if len(st.ids) == 0 {
		what = "import"
	}
	switch what {
	case "import":
		m.importSome(st)
	case "contact", "claim", "opt-out", "late contact":
		m.event(st, what)
	case "revoke":
		m.revoke(st)
	case "block":
		m.block(st)
	case "forgotten seq":
		q := m.forget(st)
		st.rawMove = st.rawMove || strings.Contains(q, "buyer_id =")
		return what + " " + q
	case "save":
		if err := st.s.saveSnapshot(ctx); err != nil {
			m.t.Fatal(err)
		}
	case "backup":
		m.n++
		b := filepath.Join(m.dir, "backup"+strconv.Itoa(m.n)+".db")
		if _, err := st.s.db.ExecContext(ctx, `VACUUM INTO ?`, b); err != nil {
			m.t.Fatal(err)
		}
		m.backups = append(m.backups, modelBackup{b, st.rawMove})
	case "restore":
		if len(m.backups) == 0 {
			return "restore (no backup yet)"
		}
		st.s.Close()
		b := m.backups[m.rnd.IntN(len(m.backups))]
		restore(m.t, b.path, st.path)
		st.rawMove = b.rawMove
		s, err := Open(ctx, st.path)
		if err != nil {
			m.t.Fatal(err)
		}
		m.setUp(st, s)
	case "copy":
		if len(m.stores) == 3 {
			return "copy (enough stores)"
		}
		m.n++
		p := filepath.Join(m.dir, "copy"+strconv.Itoa(m.n)+".db")
		if _, err := st.s.db.ExecContext(ctx, `VACUUM INTO ?`, p); err != nil {
			m.t.Fatal(err)
		}
		if b, err := os.ReadFile(snapPath(st.path)); err == nil {
			os.WriteFile(snapPath(p), b, 0o600) // the copy takes the file along
		}
		c := m.open(p)
		c.rawMove = st.rawMove
		m.stores = append(m.stores, c)
	}
	return what
}

// importSome imports a few records: new orders, and known ones paid, closed, retitled,
// moved to another buyer or with another phone, some naming no buyer account. Few buyers and titles, close in time, so
// duplicates come and go.
func (m *cacheModel) importSome(st *modelStore) {
	r := m.rnd
	var recs []exports.Record
	for k := 1 + r.IntN(8); k > 0; k-- {
		var id string
		if len(st.ids) == 0 || r.IntN(3) == 0 {
			m.n++
			id = "O" + strconv.Itoa(m.n)
			st.ids = append(st.ids, id)
		} else {
			id = st.ids[r.IntN(len(st.ids))]
		}
		rec := exports.Record{Platform: modelPlatform(id), ID: id, Buyer: "买家" + strconv.Itoa(r.IntN(6)),
			Title: []string{"北欧布艺沙发", "坚果礼盒", "婴儿奶粉 3段"}[r.IntN(3)], Amount: queue.Fen(1000 * (1 + r.IntN(2))),
			Created: t0 + int64(r.IntN(90))*60, Receiver: modelReceivers[r.IntN(len(modelReceivers))], Agent: []string{"", "婷婷"}[r.IntN(2)]}
		switch r.IntN(3) {
		case 0:
			rec.Phone = "138000012" + strconv.Itoa(10+r.IntN(5))
		case 1:
			rec.Phone = "138****12" + strconv.Itoa(10+r.IntN(5))
		}
		if r.IntN(2) == 0 {
			rec.Shipping = 800
		}
		switch r.IntN(8) {
		case 0:
			rec.Status, rec.PaidAt = queue.StatusPaid, t0+7200
		case 1:
			rec.Status = queue.StatusClosed
		}
		if r.IntN(4) == 0 { // a presale order whose balance is due, its deposit paid
			rec.Stage, rec.Deposit = queue.StageBalanceUnpaid, queue.Fen(100*(1+r.IntN(3)))
		}
		if r.IntN(6) == 0 { // no account: the buyer is known by the order and its receiver
			rec.Buyer, rec.Receiver = "", []string{"丁小明", "丁**", ""}[r.IntN(3)]
		}
		recs = append(recs, rec)
	}
	if _, err := st.s.Upsert(ctx, recs); err != nil {
		m.t.Fatal(err)
	}
}

// modelReceivers are the model's receivers: named and masked ones of two names and
// lengths, so an order's masked receiver comes to match its buyer and not to.
var modelReceivers = []string{"张*", "张*", "张三", "李*", "张**", "李四", ""}

// modelPlatform is the platform of the model's order id: Taobao or JD, so the buyers of
// one phone are on two platforms (an SMS to one counts for the other).
func modelPlatform(id string) queue.Platform {
	if (id[len(id)-1]-'0')%2 == 1 {
		return queue.PlatformJD
	}
	return queue.PlatformTaobao
}

// event logs a contact, a claim or an opt-out on a random order; a refusal (another's
// claim) is an answer like any other.
func (m *cacheModel) event(st *modelStore, what string) {
	r := m.rnd
	id := st.ids[r.IntN(len(st.ids))]
	e := queue.Event{At: t0 + 3600 + int64(r.IntN(7200)), Operator: []string{"小美", "阿杰"}[r.IntN(2)], Kind: queue.EventContact,
		Order:   queue.OrderKey{Platform: modelPlatform(id), ID: id},
		Channel: queue.Channel(1 + r.IntN(3)), Result: queue.Results[r.IntN(len(queue.Results))], Note: "cushion=" + strconv.Itoa(r.IntN(4))}
	var err error
	switch what {
	case "late contact": // days on: the window of the buyers' contacts moves
		e.At = t0 + 3600 + int64(r.IntN(5*86400))
		_, err = st.s.Append(ctx, e)
	case "claim":
		e.Until = e.At + 600
		_, err = st.s.Claim(ctx, e)
	case "opt-out":
		e.Result, e.Reason = queue.ResultDoNotContact, "complaint"
		_, err = st.s.Append(ctx, e)
	default:
		_, err = st.s.Append(ctx, e)
	}
	var ref *Refusal
	if err != nil && !errors.As(err, &ref) {
		m.t.Fatal(err)
	}
}

// revoke takes back one of the log's contacts, claims or snoozes, as its own specialist;
// a refusal (revoked already) is an answer like any other.
func (m *cacheModel) revoke(st *modelStore) {
	rows, err := st.s.db.QueryContext(ctx, `SELECT id, operator FROM events WHERE kind IN ('contact', 'claim') AND note NOT LIKE 'group=%' ORDER BY id`)
	if err != nil {
		m.t.Fatal(err)
	}
	type target struct {
		id int64
		by string
	}
	var all []target
	for rows.Next() {
		var tg target
		if err := rows.Scan(&tg.id, &tg.by); err != nil {
			m.t.Fatal(err)
		}
		all = append(all, tg)
	}
	rows.Close()
	if len(all) == 0 {
		return
	}
	tg := all[m.rnd.IntN(len(all))]
	_, err = st.s.Revoke(ctx, queue.Event{At: t0 + 7200, Operator: tg.by, Revokes: tg.id, Reason: "mistake"}, &queue.RosterConfig{})
	var ref *Refusal
	if err != nil && !errors.As(err, &ref) {
		m.t.Fatal(err)
	}
}

// block puts a buyer or a phone on the blacklist, or takes one off.
func (m *cacheModel) block(st *modelStore) {
	r := m.rnd
	target := []string{"买家" + strconv.Itoa(r.IntN(6)), "138000012" + strconv.Itoa(10+r.IntN(5))}[r.IntN(2)]
	kind := []queue.EventKind{queue.EventBlock, queue.EventUnblock}[r.IntN(2)]
	_, err := st.s.Block(ctx, []queue.Event{{At: t0 + 3600, Operator: "小美", Kind: kind, Note: target, Reason: "complaint"}})
	if err != nil && !errors.Is(err, ErrNotBlocked) {
		m.t.Fatal(err)
	}
}

// forget writes what the queue reads without taking a change sequence, as a careless
// writer would: the schema must give the rows one.
func (m *cacheModel) forget(st *modelStore) string {
	id := st.ids[m.rnd.IntN(len(st.ids))]
	q := []string{
		`UPDATE orders SET title = title || '!' WHERE order_id = ?`,
		`UPDATE orders SET status = 1, paid_at = 1 WHERE order_id = ? AND status = 0`,
		`UPDATE buyers SET phone = '13900001111' WHERE id = (SELECT buyer_id FROM orders WHERE order_id = ?)`,
		`UPDATE buyers SET opted_out = 1 - opted_out WHERE id = (SELECT buyer_id FROM orders WHERE order_id = ?)`,
		`UPDATE orders SET buyer_id = (SELECT min(id) FROM buyers WHERE platform = orders.platform) WHERE order_id = ?`,
	}[m.rnd.IntN(5)]
	if err := st.s.write(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, q, id); return err }); err != nil {
		m.t.Fatal(err)
	}
	return q
}

// check compares the queue a command loads, and the workstation's live one, with a full
// load that leaves the snapshot file alone.
func (m *cacheModel) check(st *modelStore, what string) {
	t := m.t
	t.Helper()
	var want *queue.Snapshot
	if err := st.s.read(ctx, func(c *sql.Conn) error {
		var err error
		want, err = loadSnapshot(ctx, c, &m.cfg)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got, err := st.s.Snapshot(ctx, &m.cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, what+": the command's queue", got, want)
	if m.cfg.Caps.PerBuyerDay <= 0 && want.Contacts.Len() > 0 {
		t.Fatalf("%s: without the daily cap the queue holds %d buyers' contacts", what, want.Contacts.Len())
	}
	if len(want.Orders) > 0 && m.cfg.Caps.PerBuyerDay > 0 {
		// The rule check at log time reads the buyer's contacts as the snapshot has them.
		o := &want.Orders[m.rnd.IntN(len(want.Orders))]
		day, err := st.s.DayContacts(ctx, o.Key())
		if err != nil || !slices.Equal(day, want.BuyerContacts(o.Buyer)) {
			t.Fatalf("%s: the contacts of %s's buyer at log time %v (%v), in the snapshot %v", what, o.ID, day, err, want.BuyerContacts(o.Buyer))
		}
	}
	if !st.rawMove {
		m.receiversRight(st, want, what)
	}
	if st.live == nil {
		st.live = got
		return
	}
	ch, err := st.s.Changes(ctx, &m.cfg, st.live.Seq)
	if errors.Is(err, ErrTooManyChanges) {
		st.live = got // the workstation reloads
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	st.live.Merge(ch)
	sameQueue(t, what+": the live queue", st.live, want)
}

// receiversRight fails unless the queue snap of st flags exactly the orders whose masked
// receiver does not match the latest receiver naming their buyer, as the store's rows are.
func (m *cacheModel) receiversRight(st *modelStore, snap *queue.Snapshot, what string) {
	t := m.t
	t.Helper()
	rows, err := st.s.db.QueryContext(ctx, `SELECT o.platform, o.order_id, o.receiver, o.buyer_id, o.status,
		k.id, k.receiver, k.created FROM orders o JOIN orders k ON k.buyer_id = o.buyer_id ORDER BY o.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type order struct {
		key      queue.OrderKey
		receiver string
		open     bool
		buyer    []receiverRow
	}
	var orders []*order
	for rows.Next() {
		var o order
		var p, status int
		var buyer int64
		var k receiverRow
		if err := rows.Scan(&p, &o.key.ID, &o.receiver, &buyer, &status, &k.id, &k.receiver, &k.created); err != nil {
			t.Fatal(err)
		}
		o.key.Platform, o.open = queue.Platform(p), status == int(queue.StatusUnpaid)
		if n := len(orders); n == 0 || orders[n-1].key != o.key {
			orders = append(orders, &o)
		}
		last := orders[len(orders)-1]
		last.buyer = append(last.buyer, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[queue.OrderKey]bool{}
	for _, o := range orders {
		if o.open {
			want[o.key] = queue.ReceiverMismatch(o.receiver, knownReceiver(o.buyer))
		}
	}
	for _, o := range snap.Orders {
		if got := o.Flags&queue.FlagReceiverMismatch != 0; got != want[o.Key()] {
			t.Fatalf("%s: order %s flagged %v for its receiver, want %v", what, o.ID, got, want[o.Key()])
		}
	}
}
