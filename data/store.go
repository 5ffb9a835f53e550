// Package data is cuifu's store: one SQLite file (modernc.org/sqlite, no cgo) holding the
// orders, the buyers and the append-only shift log. It builds the compact snapshot the queue
// ranks, tells when another process changed the store, and reads the log back for the tally,
// replay and payroll. Several cuifu processes may share one store.
package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"cuifu/queue"
)

// ErrNoOrder means an event named an order the store does not have.
var ErrNoOrder = errors.New("no such order")

// ErrClaimed means another specialist holds a live claim on the order.
var ErrClaimed = errors.New("order claimed by another specialist")

// Store is an open cuifu store.
type Store struct {
	db      *sql.DB
	path    string
	loc     *time.Location
	created bool // Open made the file
	// clock is the store's own clock (the wall clock; tests set another). It stamps each
	// event's Logged and judges claim leases, so a caller's frozen --now cannot outlast or
	// cut short a colleague's claim.
	clock func() time.Time
	// shop is the shop's config (SetShop): its holdout is recorded with each day's events.
	shop *queue.Config
	lift liftCache // the tally's lift of the day
	// snapMin is the smallest queue kept in a snapshot file (snapFileMin; tests lower it),
	// and the other two are queue.MergeLimit and fileRewriteMin.
	snapMin, mergeLimit, fileRewrite int

	// What hears of a write's long wait (OnWait), after waitAfter (waitNotice; tests lower it).
	waitMu    sync.Mutex
	onWait    func(waiting bool)
	waitAfter time.Duration

	// The background save of the snapshot file (refreshSnapshot).
	refreshMu                sync.Mutex
	refreshing, refreshAgain bool

	verMu sync.Mutex
	ver   *sql.Conn // the one connection PRAGMA data_version is asked on

	// bg counts work a method left running when it returned (an import handing back its
	// connection); Close waits for it, so the last connection's close checkpoints the WAL.
	bg sync.WaitGroup
}

// busyTimeout is how long a writer waits for another process's transaction. Writes are short,
// so a wait this long means something is wrong, not merely busy.
const busyTimeout = 15 * time.Second

// Open opens the store at path, creating it (mode 0600, in a 0700 directory) and bringing
// its schema up to date. The file runs in WAL mode with synchronous=FULL: an acknowledged
// event survives a crash or a power loss.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
	}
	_, err := os.Stat(path)
	created := errors.Is(err, fs.ErrNotExist)
	// Create the file ourselves so it never exists with a wider mode, even for a moment.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 {
		if err := initFile(ctx, path); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()),
		"journal_mode(WAL)",
		"synchronous(FULL)",
		"foreign_keys(ON)",
		// Statement journals (a multi-row INSERT keeps one) stay in memory, not in a temp file.
		"temp_store(MEMORY)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers queue on the lock instead of failing mid-transaction
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	s := &Store{db: db, path: path, loc: time.FixedZone("CST", 8*3600), created: created, clock: time.Now, snapMin: snapFileMin,
		mergeLimit: queue.MergeLimit, fileRewrite: fileRewriteMin, waitAfter: waitNotice}
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		s.loc = loc
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		_ = os.Chmod(path+side, 0o600) // SQLite creates them with the process umask
	}
	removeDeadSnapTemps(snapPath(path))
	return s, nil
}

// pageSize is a new store's page size. Its rows are small, but a queue is read and an
// import written by the hundred thousand: 16 KB pages quarter the pages, the B-tree splits
// and the WAL frames of a big import.
const pageSize = 16384

// initFile gives a new, empty store file its page size. That has to happen before the first
// page is written, which switching to WAL does: the driver runs the connection pragmas in
// alphabetical order, so page_size there would come after journal_mode and do nothing.
func initFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize))
	return err
}

// Close closes the store.
func (s *Store) Close() error {
	s.bg.Wait()
	s.verMu.Lock()
	if s.ver != nil {
		s.ver.Close()
		s.ver = nil
	}
	s.verMu.Unlock()
	return s.db.Close()
}

// Created reports whether Open made the store's file: a mistyped --db names a new, empty
// store, and the ui says so.
func (s *Store) Created() bool { return s.created }

// Path returns the store's file name.
func (s *Store) Path() string { return s.path }

// SetLocation sets the shop's time zone (for the buyer's SMS day).
func (s *Store) SetLocation(loc *time.Location) {
	if loc != nil {
		s.loc = loc
	}
}

// DataVersion returns SQLite's data_version: it changes whenever any connection, in this
// process or another, commits a change to the file. It is asked on one pinned connection,
// because the value is only comparable on the same connection.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	s.verMu.Lock()
	defer s.verMu.Unlock()
	if s.ver == nil {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return 0, err
		}
		s.ver = c
	}
	var v int64
	if err := s.ver.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		s.ver.Close()
		s.ver = nil
		return 0, err
	}
	return v, nil
}

// write runs f in one immediate write transaction and commits it. SQLite's busy timeout
// covers ordinary waiting; a rare SQLITE_BUSY that escapes it (a WAL snapshot upgrade) is
// retried here, so "database is locked" never reaches a specialist.
func (s *Store) write(ctx context.Context, f func(tx *sql.Tx) error) error {
	defer s.noticeWait()()
	var err error
	for attempt := 0; attempt < 50; attempt++ {
		err = s.tryWrite(ctx, f)
		if err == nil || !isBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 10 * time.Millisecond):
		}
	}
	return err
}

// OnWait sets f to hear when a write waits: f(true) once a write has waited waitNotice for
// the store's write lock (which only an import holds that long: another process's, or this
// one's), and f(false) when that write is through. f is called from the writing goroutine
// or a timer's; it must not call back into the store.
func (s *Store) OnWait(f func(waiting bool)) {
	s.waitMu.Lock()
	s.onWait = f
	s.waitMu.Unlock()
}

// waitNotice is how long a write waits before OnWait's function hears of it.
const waitNotice = time.Second

// noticeWait starts the clock of a write's wait; the function it returns ends it.
func (s *Store) noticeWait() (done func()) {
	s.waitMu.Lock()
	f, after := s.onWait, s.waitAfter
	s.waitMu.Unlock()
	if f == nil {
		return func() {}
	}
	var mu sync.Mutex
	told, over := false, false
	t := time.AfterFunc(after, func() {
		mu.Lock()
		defer mu.Unlock()
		if !over {
			told = true
			f(true)
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		defer mu.Unlock()
		over = true
		if told {
			f(false)
		}
	}
}

func (s *Store) tryWrite(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// Find returns the orders whose platform order number is id, as the user typed it: every
// command that names an order (contact, claim, release) looks it up here. "platform:id"
// names one platform. A Shopify order is #1001 as the merchant sees it, and is found with
// or without the #.
func (s *Store) Find(ctx context.Context, id string) ([]queue.OrderKey, error) {
	id = strings.TrimSpace(id)
	one := queue.PlatformUnknown
	if p, rest, ok := strings.Cut(id, ":"); ok {
		if plat, err := queue.ParsePlatform(p); err == nil {
			one, id = plat, strings.TrimSpace(rest)
		}
	}
	bare := strings.TrimPrefix(id, "#")
	query := "SELECT platform, order_id FROM orders WHERE (order_id = ? OR (platform = ? AND order_id IN (?, ?)))"
	args := []any{id, int(queue.PlatformShopify), "#" + bare, bare}
	if one != queue.PlatformUnknown {
		query += " AND platform = ?"
		args = append(args, int(one))
	}
	rows, err := s.db.QueryContext(ctx, query+" ORDER BY platform", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []queue.OrderKey
	for rows.Next() {
		var k queue.OrderKey
		var p int
		if err := rows.Scan(&p, &k.ID); err != nil {
			return nil, err
		}
		k.Platform = queue.Platform(p)
		out = append(out, k)
	}
	return out, rows.Err()
}
