package cli

import (
	"context"
	"io"
	"path/filepath"
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
