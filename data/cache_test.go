package data

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// fromFileAndFull loads the queue of the store at path the way a command does (from the
// snapshot file when there is a usable one), then in full, and fails unless they agree.
func fromFileAndFull(t *testing.T, s *Store, path, what string) {
	t.Helper()
	cfg := queue.DefaultConfig()
	got, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, what, got, fullLoad(t, s, path, &cfg))
}

// mergeEqualsLoad merges the store's changes into live, as a workstation does, and fails
// unless it equals the queue a command loads.
func mergeEqualsLoad(t *testing.T, s *Store, cfg *queue.Config, live *queue.Snapshot, what string) {
	t.Helper()
	ch, err := s.Changes(ctx, cfg, live.Seq)
	if err != nil {
		t.Fatal(err)
	}
	live.Merge(ch)
	full, err := s.Snapshot(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, what, live, full)
}

func upsertAll(t *testing.T, s *Store, recs ...exports.Record) {
	t.Helper()
	if _, err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
}

// S1: an import that only unmasks a buyer's phone changes the queue (the buyer can now be
// called), though no order changed.
func TestCacheSeesAPhoneOnlyImport(t *testing.T) {
	s, path := tempStore(t)
	s.snapMin = 1
	a := rec("A", queue.StatusUnpaid, 20000)
	a.Phone = "138****1234"
	upsertAll(t, s, a, rec("B", queue.StatusUnpaid, 30000))
	cfg := queue.DefaultConfig()
	live, err := s.Snapshot(ctx, &cfg) // what a workstation holds
	if err != nil {
		t.Fatal(err)
	}
	a.Phone = "13800001234"
	upsertAll(t, s, a)
	fromFileAndFull(t, s, path, "after a phone-only import")
	ch, err := s.Changes(ctx, &cfg, live.Seq)
	if err != nil {
		t.Fatal(err)
	}
	live.Merge(ch)
	sameQueue(t, "a live queue after a phone-only import", live, fullLoad(t, s, path, &cfg))
}

// S2: an order re-imported under another buyer leaves its old buyer's other order, which
// was its duplicate, a plain order again.
func TestCacheSeesABuyerMove(t *testing.T) {
	s, path := tempStore(t)
	s.snapMin = 1
	a, c := rec("A", queue.StatusUnpaid, 20000), rec("C", queue.StatusUnpaid, 20000)
	c.Buyer, c.Created = a.Buyer, a.Created+60 // the same purchase placed twice
	upsertAll(t, s, a, c, rec("B", queue.StatusUnpaid, 30000))
	cfg := queue.DefaultConfig()
	if snap := fullLoad(t, s, path, &cfg); snap.Orders[1].Flags&queue.FlagDuplicate == 0 {
		t.Fatal("the second order is not flagged a duplicate to begin with")
	}
	a.Buyer = "另一位买家"
	upsertAll(t, s, a)
	fromFileAndFull(t, s, path, "after a buyer move")
}

// S3: a restored backup that is changed again reaches the sequence number of the snapshot
// file saved before the restore; the file is not taken for this store's state.
func TestCacheSeesARestoredBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cuifu.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.snapMin = 1
	upsertAll(t, s, rec("A", queue.StatusUnpaid, 20000), rec("B", queue.StatusUnpaid, 30000))
	backup := filepath.Join(dir, "backup.db")
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, backup); err != nil {
		t.Fatal(err)
	}
	upsertAll(t, s, rec("C", queue.StatusUnpaid, 40000))
	cfg := queue.DefaultConfig()
	fullLoad(t, s, path, &cfg) // the file now reflects A, B, C
	s.Close()
	restore(t, backup, path)
	s = open(t, path)
	s.snapMin = 1
	upsertAll(t, s, rec("D", queue.StatusUnpaid, 50000))
	fromFileAndFull(t, s, path, "after a restore and an import")
}

// restore puts the store file backup at path, as an operator restoring a backup does: the
// store's own WAL files go, the snapshot file beside it stays.
func restore(t *testing.T, backup, path string) {
	t.Helper()
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		os.Remove(path + side)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A save of the snapshot file that was killed leaves its temporary file, with buyers'
// phones in it: the next open removes it. A save still running (this process's) is left
// alone, unless its file is older than any save takes.
func TestOpenRemovesTheTempFilesOfKilledSaves(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cuifu.db")
	s := open(t, path)
	s.Close()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("cannot run a process to take a dead process id from:", err)
	}
	prefix := snapPath(path) + ".tmp"
	killed := prefix + strconv.Itoa(dead.Process.Pid) + "-123"
	running := prefix + strconv.Itoa(os.Getpid()) + "-456"
	stale := prefix + strconv.Itoa(os.Getpid()) + "-789"
	other := filepath.Join(dir, "notes.tmp1")
	for _, f := range []string{killed, running, stale, other} {
		if err := os.WriteFile(f, []byte("13800001234"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * snapTempMaxAge)
	os.Chtimes(stale, old, old)
	open(t, path)
	for f, kept := range map[string]bool{killed: false, running: true, stale: false, other: true} {
		if _, err := os.Stat(f); (err == nil) != kept {
			t.Errorf("%s: kept %v, want %v", filepath.Base(f), err == nil, kept)
		}
	}
}
