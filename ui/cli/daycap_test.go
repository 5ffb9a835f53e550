package cli

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/queue"
)

// TestContactWarnsAtTheDailyCap: with [caps] per_buyer_day = 2, after IMs yesterday at 09:00
// and today at 10:00 and 11:00, `cuifu contact` at 12:00 warns that the buyer had their
// contacts of the rolling day, and the event keeps the warning; a day after that it does not.
func TestContactWarnsAtTheDailyCap(t *testing.T) {
	ctx := context.Background()
	loc := queue.DefaultConfig().Location
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, loc) }
	env := testEnv(t, day(12, 9))
	env.Config.Caps.PerOrder, env.Config.Caps.PerBuyerDay = 9, 2
	file := filepath.Join(t.TempDir(), "export.csv")
	capture(t, env, func() error {
		return Gen(env, GenOptions{Platform: queue.PlatformTaobao, Orders: 40, Unpaid: 1, Seed: 3, Out: file})
	})
	capture(t, env, func() error { return Import(ctx, env, ImportOptions{Files: []string{file}}) })
	order := firstOrder(t, env)
	warning := queue.BreakDayCap.Label(queue.LangZH)
	contactAt := func(at time.Time) string {
		env.Clock = queue.FixedClock{T: at}
		return capture(t, env, func() error {
			return Contact(ctx, env, ContactOptions{Order: order, Channel: queue.ChannelIM, Result: queue.ResultSent})
		})
	}
	for _, at := range []time.Time{day(12, 9), day(13, 10), day(13, 11)} {
		if out := contactAt(at); strings.Contains(out, warning) {
			t.Fatalf("a contact at %s warns of the daily cap: %q", at, out)
		}
	}
	if out := contactAt(day(13, 12)); !strings.Contains(out, warning) {
		t.Fatalf("the third contact of the day does not warn of the daily cap: %q", out)
	}
	key, err := env.findOrder(ctx, order)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := env.Store.Events(ctx, data.EventFilter{Order: &key})
	if err != nil || len(evs) != 4 || !slices.Contains(queue.ParseBreaks(evs[3].Warning), queue.BreakDayCap) {
		t.Fatalf("events %+v, %v", evs, err)
	}
	if out := contactAt(day(14, 12)); strings.Contains(out, warning) {
		t.Fatalf("a contact the day after warns of the daily cap: %q", out)
	}
}
