package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"cuifu/data"
	"cuifu/data/demo"
	"cuifu/queue"
	"cuifu/scripts"
	"cuifu/ui"
)

// Work opens the workstation on the store.
func Work(ctx context.Context, env *Env) error {
	lib, err := loadScripts(env)
	if err != nil {
		return err
	}
	return ui.Run(ctx, ui.Options{
		Store:    env.Store,
		Advisor:  lib,
		Config:   &env.Config,
		Clock:    env.Clock,
		Operator: env.Operator,
		Session:  env.Session,
		Lang:     env.Lang,
		Inbox:    ui.InboxDir(&env.Config, env.Store.Path()),
		NewStore: env.NewStore,
	})
}

// loadScripts reads the built-in scripts with the shop's own folder (paths.scripts) added,
// telling stderr about the scripts of that folder that were left out.
func loadScripts(env *Env) (*scripts.Library, error) {
	lib, probs, err := scripts.Load(env.Config.Paths.Scripts)
	if err != nil {
		return nil, fmt.Errorf("scripts: %w", err)
	}
	for _, p := range probs {
		fmt.Fprintln(env.Stderr, LintText(p, env.Lang))
	}
	return lib, nil
}

// demoPresale is the share of the demo's unpaid orders that are balance orders.
const demoPresale = 0.1

// DemoOptions are the `cuifu demo` flags.
type DemoOptions struct {
	Orders int
	Seed   int64
	Path   string // the demo store, made afresh

	// Stand-ins for tests; nil runs the workstation and the simulator.
	work     func(context.Context, *Env) error
	simulate func(context.Context, *data.Store, *demo.Sim, func() time.Time)
}

// Demo builds a realistic sale day in a fresh store and opens the workstation on it. While
// it runs, new orders arrive and some buyers pay, as on a real sale day.
func Demo(ctx context.Context, env *Env, o DemoOptions) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(o.Path + suffix); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("demo store %s: %w", o.Path, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o700); err != nil {
		return err
	}
	if err := env.OpenStore(ctx, o.Path); err != nil {
		return err
	}
	defer env.Close()
	env.NewStore = false // made afresh on purpose: no word of a mistyped --db
	loc := env.Config.Location
	now := env.Clock.Now()
	// The demo is a sale day (today, in the shop's zone, unless the config names one), and
	// some of the day's unpaid orders are presale orders whose balance is due today. The
	// store keeps that calendar, so cuifu queue, report or serve on the demo's store rank
	// it as the demo does.
	cal := data.Calendar{SaleDay: now.In(loc).Format("2006-01-02"), Sales: []queue.SaleConfig{demo.BalanceSale(now, loc)}}
	if err := env.Store.SetCalendar(ctx, cal); err != nil {
		return err
	}
	if err := addCalendar(&env.Config, cal); err != nil {
		return err
	}
	env.Store.SetShop(&env.Config)
	recs := demo.Generate(o.Orders, o.Seed, now, loc)
	demo.Presale(recs, demoPresale, o.Seed, now, loc)
	sum, err := env.Store.Upsert(ctx, recs)
	if err != nil {
		return err
	}
	if _, err := env.Store.Append(ctx, queue.Event{At: now.Unix(), Operator: env.Operator, Session: env.Session, Kind: queue.EventImport,
		// An import's note, so the replay says it in the user's words as it does a file's.
		Note: data.ImportNote{File: fmt.Sprintf("cuifu demo --seed %d", o.Seed), Platform: queue.PlatformDemo.String(), Encoding: "UTF-8",
			New: sum.New, Updated: sum.Updated, NowPaid: sum.NowPaid, NowClosed: sum.NowClosed, Unchanged: sum.Unchanged}.Note()}); err != nil {
		return err
	}
	if err := demo.SeedHistory(ctx, env.Store, recs, o.Seed, now, loc); err != nil {
		return err
	}
	work, sim := o.work, o.simulate
	if work == nil {
		work, sim = Work, simulate
	}
	simCtx, stop := context.WithCancel(ctx)
	simDone := make(chan struct{})
	go func() {
		defer close(simDone)
		sim(simCtx, env.Store, demo.NewSim(o.Seed, recs, loc), env.Clock.Now)
	}()
	// The simulator writes to the store: it is stopped and waited for before the store
	// closes (this runs before the Close deferred above).
	defer func() { stop(); <-simDone }()
	return work(ctx, env)
}

// simulate feeds the demo store with arrivals and payments every few seconds, as another
// process (an import, a colleague) would.
func simulate(ctx context.Context, s *data.Store, sim *demo.Sim, now func() time.Time) {
	t := time.NewTicker(2500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if recs := sim.Step(now()); len(recs) > 0 {
				if _, err := s.Upsert(ctx, recs); err != nil {
					return
				}
			}
		}
	}
}
