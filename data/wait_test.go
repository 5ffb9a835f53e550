package data

import (
	"sync"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestAWriteThatWaitsSaysSo: a contact logged while another process imports waits for the
// import's write lock; after waitAfter, the store's OnWait hears it waits, and then that
// it is through. A write that does not wait says nothing.
func TestAWriteThatWaitsSaysSo(t *testing.T) {
	s, path := tempStore(t)
	if _, err := s.Upsert(ctx, []exports.Record{rec("A", queue.StatusUnpaid, 1000)}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var heard []bool
	// The write that waits for nothing runs with the real notice time: on a loaded machine an
	// uncontended write can take longer than the short one the waiting write below uses.
	s.waitAfter = waitNotice
	s.OnWait(func(w bool) { mu.Lock(); heard = append(heard, w); mu.Unlock() })
	contact := queue.Event{At: t0 + 4000, Operator: "小美", Kind: queue.EventContact,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, Channel: queue.ChannelIM, Result: queue.ResultSent}
	if _, err := s.Append(ctx, contact); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	n := len(heard)
	mu.Unlock()
	if n != 0 {
		t.Fatalf("a write that did not wait: heard %v", heard)
	}
	s.waitMu.Lock()
	s.waitAfter = 50 * time.Millisecond
	s.waitMu.Unlock()
	other := open(t, path) // another process
	im, err := other.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { _, err := s.Append(ctx, contact); done <- err }()
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	waiting := append([]bool(nil), heard...)
	mu.Unlock()
	im.Rollback()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(waiting) != 1 || !waiting[0] || len(heard) != 2 || heard[1] {
		t.Fatalf("while the import held the store: heard %v; after: %v (want [true], then [true false])", waiting, heard)
	}
}
