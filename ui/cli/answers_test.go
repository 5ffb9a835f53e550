package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/queue"
)

// TestAnswersInTheUsersWords: what contact, claim and the plain replay print is in the
// user's language: the channel and result (电话 未接, not phone no_answer), the claim's
// lease (15分钟, not 15m0s), and a group touch without its raw group= note.
func TestAnswersInTheUsersWords(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	order := fortyUnpaid(t, env)
	out := capture(t, env, func() error {
		return Contact(ctx, env, ContactOptions{Order: order, Channel: queue.ChannelPhone, Result: queue.ResultNoAnswer})
	})
	out += capture(t, env, func() error { return Claim(ctx, env, order) })
	if !strings.Contains(out, "电话 未接") || !strings.Contains(out, "租约 15分钟") {
		t.Errorf("contact and claim say %q", out)
	}
	replay := capture(t, env, func() error { return Replay(ctx, env, ReplayOptions{Plain: true}) })
	// Every Latin word left is data: an order key's platform (taobao:…), the file, its encoding.
	rest := strings.NewReplacer("taobao:", "", "export.csv", "", "GB18030", "").Replace(replay)
	if w := regexp.MustCompile(`[A-Za-z_=]{2,}`).FindAllString(rest, -1); len(w) > 0 {
		t.Errorf("the replay has %q:\n%s", w, replay)
	}
	env.Lang = queue.LangEN
	out = capture(t, env, func() error { return Release(ctx, env, order) })
	out += capture(t, env, func() error { return Claim(ctx, env, order) })
	if !strings.Contains(out, "lease 15m") || strings.Contains(out, "15m0s") {
		t.Errorf("in English: %q", out)
	}
}

// fortyUnpaid imports a generated Taobao export of 40 unpaid orders (export.csv) into env's
// store and returns the first order of its queue.
func fortyUnpaid(t *testing.T, env *Env) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "export.csv")
	capture(t, env, func() error {
		return Gen(env, GenOptions{Platform: queue.PlatformTaobao, Orders: 40, Unpaid: 1, Seed: 3, Out: file})
	})
	capture(t, env, func() error { return Import(context.Background(), env, ImportOptions{Files: []string{file}}) })
	return firstOrder(t, env)
}

// TestAPromiseForThePastIsRefused: cuifu contact --result promised --until a time that is not
// after now (a typo: 11-10 for 11-12) is a bad command line (exit 2) that logs nothing, in
// the user's words. It was logged as 承诺付款 without a word, and the callback it named was
// dropped, since a callback is only ever in the future: the buyer was never called back.
// A promise with a later callback, or with none (tomorrow, same time), is logged as before.
func TestAPromiseForThePastIsRefused(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 21, 30, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	order := fortyUnpaid(t, env)
	for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
		env.Lang = lang
		for _, until := range []time.Time{now.AddDate(0, 0, -1), now} {
			err := Contact(ctx, env, ContactOptions{Order: order, Channel: queue.ChannelIM, Result: queue.ResultPromised, Until: until})
			var ee ExitError
			if !errors.As(err, &ee) || ee.Code != 2 || !strings.Contains(err.Error(), "--until") || !strings.Contains(err.Error(), until.Format("01-02 15:04")) {
				t.Errorf("%v: a promise until %s: %v", lang, until, err)
			}
		}
	}
	evs, err := env.Store.Events(ctx, data.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Kind == queue.EventContact {
			t.Fatalf("a refused promise was logged: %+v", e)
		}
	}
	env.Lang = queue.LangZH
	out := capture(t, env, func() error {
		return Contact(ctx, env, ContactOptions{Order: order, Channel: queue.ChannelIM, Result: queue.ResultPromised, Until: now.Add(time.Hour)})
	})
	if !strings.Contains(out, "承诺付款") {
		t.Errorf("a promise until an hour later: %q", out)
	}
}

// TestGenRefusesAWorkbookName: cuifu gen writes the platforms' CSV exports, so an -o named
// .xlsx (or .xls) is a bad command line (exit 2) that writes nothing: the CSV it wrote under
// that name was refused by cuifu import (扩展名是 .xlsx,但不是 Excel 工作簿).
func TestGenRefusesAWorkbookName(t *testing.T) {
	env := testEnv(t, time.Date(2026, 11, 11, 21, 30, 0, 0, queue.DefaultConfig().Location))
	for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
		env.Lang = lang
		for _, name := range []string{"orders.xlsx", "ORDERS.XLS"} {
			file := filepath.Join(t.TempDir(), name)
			err := Gen(env, GenOptions{Platform: queue.PlatformTaobao, Orders: 10, Unpaid: -1, Seed: 1, Out: file})
			var ee ExitError
			if !errors.As(err, &ee) || ee.Code != 2 || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), ".csv") {
				t.Errorf("%v: gen -o %s: %v", lang, name, err)
			}
			if _, err := os.Stat(file); err == nil {
				t.Errorf("%v: gen -o %s wrote the file", lang, name)
			}
		}
	}
}
