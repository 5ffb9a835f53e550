package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/data/demo"
	"cuifu/queue"
)

// TestDemoJoinsTheSimulatorBeforeClosing: when the workstation quits, the demo's simulator
// is stopped and waited for before the store closes, so its last write never meets a closed
// store. The workstation is not told the store is new: the demo makes it so on purpose.
func TestDemoJoinsTheSimulatorBeforeClosing(t *testing.T) {
	env := &Env{Config: queue.DefaultConfig(), Clock: queue.FixedClock{T: time.Date(2026, 11, 11, 15, 0, 0, 0, time.UTC)},
		Operator: "小美", Stdout: io.Discard, Stderr: io.Discard}
	var finished, toldNew bool
	var lastErr error
	o := DemoOptions{Orders: 40, Seed: 1, Path: filepath.Join(t.TempDir(), "demo.db"),
		work: func(_ context.Context, env *Env) error { toldNew = env.NewStore; return nil }, // the specialist quits at once
		simulate: func(ctx context.Context, s *data.Store, _ *demo.Sim, _ func() time.Time) {
			<-ctx.Done()
			time.Sleep(50 * time.Millisecond) // a write still on its way when the workstation ends
			_, lastErr = s.DataVersion(context.Background())
			finished = true
		}}
	if err := Demo(context.Background(), env, o); err != nil {
		t.Fatal(err)
	}
	if !finished {
		t.Fatal("Demo returned (and closed the store) before the simulator ended")
	}
	if toldNew {
		t.Error("the demo's workstation would say a new empty store was made (a mistyped --db)")
	}
	if lastErr != nil {
		t.Fatalf("the simulator's last store call met a closed store: %v", lastErr)
	}
}

// TestDemoImportSaysItsCountsInWords: the demo's import event carries an import's note, so
// the replay says its counts in the user's words; it said "demo seed 1: 40 new, 12 paid" in
// the Chinese replay.
func TestDemoImportSaysItsCountsInWords(t *testing.T) {
	env := &Env{Config: queue.DefaultConfig(), Clock: queue.FixedClock{T: time.Date(2026, 11, 11, 15, 0, 0, 0, time.UTC)},
		Operator: "小美", Stdout: io.Discard, Stderr: io.Discard}
	var imports []queue.Event
	o := DemoOptions{Orders: 40, Seed: 1, Path: filepath.Join(t.TempDir(), "demo.db"),
		work: func(ctx context.Context, env *Env) error {
			evs, err := env.Store.Events(ctx, data.EventFilter{})
			for _, e := range evs {
				if e.Kind == queue.EventImport {
					imports = append(imports, e)
				}
			}
			return err
		},
		simulate: func(ctx context.Context, _ *data.Store, _ *demo.Sim, _ func() time.Time) { <-ctx.Done() }}
	if err := Demo(context.Background(), env, o); err != nil {
		t.Fatal(err)
	}
	if len(imports) != 1 {
		t.Fatalf("%d import events", len(imports))
	}
	n, ok := data.ParseImportNote(imports[0].Note)
	if !ok || n.New == 0 {
		t.Fatalf("the demo's import note %q is not an import's (%+v)", imports[0].Note, n)
	}
	zh := noteWords(&imports[0], queue.LangZH)
	if !strings.Contains(zh, "新增 "+strconv.Itoa(n.New)) || strings.Contains(zh, " new") || strings.Contains(zh, "paid") {
		t.Errorf("the Chinese replay says the demo's import as %q", zh)
	}
	if en := noteWords(&imports[0], queue.LangEN); !strings.Contains(en, strconv.Itoa(n.New)+" new") {
		t.Errorf("the English replay says the demo's import as %q", en)
	}
}

// TestTheDemosStoreRanksItsBalanceOrdersInEveryCommand: the store the demo made, ranked by
// cuifu queue in another process (its own config, which knows nothing of the demo), gives
// the balance orders the balance window the demo gives them, closing with it at the end of
// the day. The demo's presale lived only in the demo's config, so cuifu queue closed them
// 72 hours (30 minutes for 聚划算) after their order, days ago: 已过关闭时间.
func TestTheDemosStoreRanksItsBalanceOrdersInEveryCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 11, 11, 21, 30, 0, 0, time.FixedZone("CST", 8*3600))
	env := &Env{Config: queue.DefaultConfig(), Clock: queue.FixedClock{T: now}, Operator: "小美", Stdout: io.Discard, Stderr: io.Discard}
	path := filepath.Join(dir, "demo.db")
	o := DemoOptions{Orders: 600, Seed: 11, Path: path,
		work:     func(context.Context, *Env) error { return nil },
		simulate: func(ctx context.Context, _ *data.Store, _ *demo.Sim, _ func() time.Time) { <-ctx.Done() }}
	if err := Demo(ctx, env, o); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfgPath, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	g := Globals{DB: path, Now: now.Add(10 * time.Minute).Format(time.RFC3339), Config: cfgPath, Lang: "zh"}
	qenv, err := g.Env(ctx, NeedsStore, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer qenv.Close()
	if day := qenv.Config.Shop.SaleDay; day != "2026-11-11" {
		t.Errorf("cuifu queue on the demo's store has the sale day %q, the demo 2026-11-11", day)
	}
	if err := Queue(ctx, qenv, QueueOptions{Format: "json"}); err != nil {
		t.Fatal(err)
	}
	var rows []QueueRow
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	windowEnd := time.Date(2026, 11, 12, 0, 0, 0, 0, now.Location()).Format(time.RFC3339)
	var balance int
	for _, r := range rows {
		if r.Stage != "balance" {
			continue
		}
		balance++
		if r.Deadline != windowEnd {
			t.Errorf("balance order %s (placed %s) closes at %s, not with its balance window at %s: %s", r.OrderID, r.CreatedAt, r.Deadline, windowEnd, r.Why)
		}
	}
	if balance == 0 {
		t.Fatal("the demo's store has no balance order in the queue")
	}
}
