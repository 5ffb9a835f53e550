package data

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"cuifu/data/demo"
	"cuifu/queue"
)

// envInt reads a benchmark size from the environment, or def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// benchN is the store size of the benchmarks (env CUIFU_BENCH_N; default 100,000).
func benchN() int { return envInt("CUIFU_BENCH_N", 100_000) }

// benchPath is where a benchmark keeps its store called name: in CUIFU_BENCH_DIR, which
// keeps it between runs, or in the benchmark's temp dir.
func benchPath(b *testing.B, name string) string {
	dir := os.Getenv("CUIFU_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	return filepath.Join(dir, name)
}

// benchStore returns a store holding a generated sale day of n orders, built once per n in
// the temp dir (CUIFU_BENCH_DIR keeps it between runs).
func benchStore(b *testing.B, n int) *Store {
	path := benchPath(b, "bench-"+strconv.Itoa(n)+".db")
	_, statErr := os.Stat(path)
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if statErr != nil {
		loc, _ := time.LoadLocation("Asia/Shanghai")
		now := time.Date(2026, 11, 11, 15, 0, 0, 0, loc)
		recs := demo.Generate(n, 1, now, loc)
		for i := range recs {
			recs[i].Status = queue.StatusUnpaid // every order in the queue
			recs[i].PaidAt = 0
		}
		if _, err := s.Upsert(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkUpsert writes n new orders in one transaction.
func BenchmarkUpsert(b *testing.B) {
	n := benchN()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	recs := demo.Generate(n, 1, time.Date(2026, 11, 11, 15, 0, 0, 0, loc), loc)
	for i := 0; i < b.N; i++ {
		s, err := Open(ctx, filepath.Join(b.TempDir(), "u.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Upsert(ctx, recs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSnapshot loads every unpaid order of an n-order store: in full from the store
// (which also saves the snapshot file), and from the snapshot file.
func BenchmarkSnapshot(b *testing.B) {
	s := benchStore(b, benchN())
	defer s.Close()
	cfg := queue.DefaultConfig()
	load := func(b *testing.B, full bool) {
		for i := 0; i < b.N; i++ {
			if full {
				os.Remove(snapPath(s.path))
			}
			snap, err := s.Snapshot(ctx, &cfg)
			if err != nil {
				b.Fatal(err)
			}
			if len(snap.Orders) < benchN() {
				b.Fatalf("%d orders", len(snap.Orders))
			}
		}
	}
	b.Run("store", func(b *testing.B) { load(b, true) })
	b.Run("file", func(b *testing.B) { load(b, false) })
}

// BenchmarkChangesDayCap is the cost of a change with [caps] per_buyer_day set on a sale
// day: one contact logged, and a live queue merging the changes since it last looked, on
// an n-order store where every order had a contact in the last day (written straight into
// the log once per store). Only the changed buyer's contacts are read.
func BenchmarkChangesDayCap(b *testing.B) {
	s := benchStore(b, benchN())
	defer s.Close()
	cfg := queue.DefaultConfig()
	cfg.Caps.PerBuyerDay = 2
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, loc).Unix()
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE kind = 'contact'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n < benchN() {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO events (at, operator, kind, platform, order_id, channel, result)
			SELECT ?1 - id % 86400, '小美', 'contact', platform, order_id, ?2, 'sent' FROM orders`, now, int(queue.ChannelIM)); err != nil {
			b.Fatal(err)
		}
	}
	live, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o := &live.Orders[i%len(live.Orders)]
		if _, err := s.Append(ctx, queue.Event{At: now + int64(i), Operator: "小美", Kind: queue.EventContact, Order: o.Key(),
			Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		ch, err := s.Changes(ctx, &cfg, live.Seq)
		if err != nil {
			b.Fatal(err)
		}
		live.Merge(ch)
	}
}
