package data

import (
	"database/sql"
	"os"
	"strconv"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// BenchmarkReplayDay is the budget of opening a day's replay: under 1 s on a store of
// CUIFU_REPLAY_N orders (default 1,000,000) placed over 100 days, replaying a day with
// 1,000 contacts. It times what `cuifu replay` does before it shows anything: History (the
// day's orders and events only), the audit of every contact, and the numbers.
// CUIFU_BENCH_DIR keeps the store between runs.
func BenchmarkReplayDay(b *testing.B) {
	n := envInt("CUIFU_REPLAY_N", 1_000_000)
	const days, contacts, day = 100, 1000, int64(86400)
	path := benchPath(b, "replay-"+strconv.Itoa(n)+".db")
	_, statErr := os.Stat(path)
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	first := t0 - (days-1)*day // the replayed day is the last, from t0
	if statErr != nil {
		im, err := s.BeginImport(ctx)
		if err != nil {
			b.Fatal(err)
		}
		im.Expect(n)
		recs := make([]exports.Record, 0, exports.BatchSize)
		for i := 0; i < n; i++ {
			r := exports.Record{Platform: queue.PlatformTaobao, ID: strconv.Itoa(3_000_000_000 + i), Buyer: "买家" + strconv.Itoa(i/2),
				Phone: "138****" + strconv.Itoa(1000+i%9000), Title: "北欧布艺沙发", Amount: queue.Fen(1000 + i%50_000),
				Created: first + int64(i)*(days*day)/int64(n), Status: queue.StatusUnpaid}
			if i%3 == 0 {
				r.Status, r.PaidAt = queue.StatusPaid, r.Created+1800
			}
			recs = append(recs, r)
			if len(recs) == cap(recs) || i == n-1 {
				if err := im.Add(recs); err != nil {
					b.Fatal(err)
				}
				recs = recs[:0]
			}
		}
		if err := im.Commit(); err != nil {
			b.Fatal(err)
		}
		// The day's contacts, on its orders, in one transaction.
		err = s.write(ctx, func(tx *sql.Tx) error {
			perDay := n / days
			for i := 0; i < contacts; i++ {
				e := queue.Event{At: t0 + 8*3600 + int64(i)*36, Operator: []string{"小美", "阿杰", "婷婷"}[i%3], Kind: queue.EventContact,
					Order:   queue.OrderKey{Platform: queue.PlatformTaobao, ID: strconv.Itoa(3_000_000_000 + n - perDay + i*perDay/contacts)},
					Channel: queue.ChannelIM, Result: queue.ResultSent}
				if err := s.appendTx(ctx, tx, &e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	cfg := queue.DefaultConfig()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h, err := s.History(ctx, &cfg, t0, t0+day, nil)
		if err != nil {
			b.Fatal(err)
		}
		flags, _ := h.Audit(&cfg)
		if _, err := h.Stats(t0, t0+day, cfg.Payroll.LookBack.Seconds()); err != nil {
			b.Fatal(err)
		}
		if len(flags) < contacts {
			b.Fatalf("%d events", len(flags))
		}
		b.ReportMetric(float64(len(h.Orders)), "orders")
	}
}
