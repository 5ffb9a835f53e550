package cli

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cuifu/queue"
)

// TestAnswersInTheUsersWords: what contact, claim and the plain replay print is in the
// user's language: the channel and result (电话 未接, not phone no_answer), the claim's
// lease (15分钟, not 15m0s), and a group touch without its raw group= note.
func TestAnswersInTheUsersWords(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	file := filepath.Join(t.TempDir(), "export.csv")
	capture(t, env, func() error {
		return Gen(env, GenOptions{Platform: queue.PlatformTaobao, Orders: 40, Unpaid: 1, Seed: 3, Out: file})
	})
	capture(t, env, func() error { return Import(ctx, env, ImportOptions{Files: []string{file}}) })
	order := firstOrder(t, env)
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
