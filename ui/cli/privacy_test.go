package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"cuifu/data/exports"
	"cuifu/queue"
)

// testEnv opens a fresh store with the default config, the clock frozen at now.
func testEnv(t *testing.T, now time.Time) *Env {
	t.Helper()
	env := &Env{Config: queue.DefaultConfig(), Clock: queue.FixedClock{T: now}, Operator: "小美", Lang: queue.LangZH,
		Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	if err := env.OpenStore(context.Background(), filepath.Join(t.TempDir(), "c.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { env.Close() })
	return env
}

// capture runs f with the env's outputs sent to a fresh buffer and returns what it wrote.
func capture(t *testing.T, env *Env, f func() error) string {
	t.Helper()
	var out bytes.Buffer
	env.Stdout, env.Stderr = &out, &out
	if err := f(); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return out.String()
}

var emailLike = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// TestNoPhoneOrEmailInAnyOutput: for every platform's generated export, no full phone and
// no e-mail address of any buyer appears in the queue (table, CSV, JSON), the plain replay
// or the payroll file, and neither does a phone written by hand in a note, nor an escape
// code from an operator's name.
func TestNoPhoneOrEmailInAnyOutput(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, queue.DefaultConfig().Location)
	for _, p := range []queue.Platform{queue.PlatformTaobao, queue.PlatformJD, queue.PlatformPDD, queue.PlatformDouyin, queue.PlatformShopify} {
		t.Run(p.String(), func(t *testing.T) {
			env := testEnv(t, now)
			file := filepath.Join(t.TempDir(), "export.csv")
			capture(t, env, func() error { return Gen(env, GenOptions{Platform: p, Orders: 300, Unpaid: -1, Seed: 3, Out: file}) })
			secrets := map[string]bool{"13912345679": true}
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = exports.Read(file, f, exports.Options{}, func(rs []exports.Record) error {
				for _, r := range rs {
					if queue.PhoneUsable(r.Phone) {
						secrets[r.Phone] = true
					}
					for _, e := range emailLike.FindAllString(r.Buyer+" "+r.Note, -1) {
						secrets[e] = true
					}
				}
				return nil
			})
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if p != queue.PlatformPDD && len(secrets) < 10 {
				t.Fatalf("the export has only %d phones and e-mails: the test tests nothing", len(secrets))
			}
			capture(t, env, func() error { return Import(ctx, env, ImportOptions{Files: []string{file}}) })
			var outputs []string
			for _, format := range []string{"table", "csv", "json"} {
				outputs = append(outputs, capture(t, env, func() error { return Queue(ctx, env, QueueOptions{Format: format}) }))
			}
			// A contact on the first unpaid order, by an operator whose name carries a line break
			// and escape codes, with a phone written by hand in the note.
			keys, err := env.Store.Find(ctx, firstOrder(t, env))
			if err == nil && len(keys) > 0 {
				env.Operator = "evil\n15:00:00  小王\x1b[2J\x1b]52;c;aGk=\a"
				capture(t, env, func() error {
					return Contact(ctx, env, ContactOptions{Order: keys[0].String(), Channel: queue.ChannelIM, Result: queue.ResultSent,
						Note: "买家说打 +86 139 1234 5679 或 139-1234-5679"})
				})
			}
			outputs = append(outputs, capture(t, env, func() error { return Replay(ctx, env, ReplayOptions{Plain: true}) }))
			outputs = append(outputs, capture(t, env, func() error { return ExportPayroll(ctx, env, PayrollOptions{}) }))
			outputs = append(outputs, capture(t, env, func() error { return Report(ctx, env, ReportOptions{By: queue.ByOperator}) }))
			for i, out := range outputs {
				for s := range secrets {
					if strings.Contains(out, s) {
						t.Errorf("output %d shows %q:\n%s", i, s, clip(out, s))
					}
				}
				if strings.ContainsAny(out, "\x1b\a") {
					t.Errorf("output %d carries a raw control character:\n%q", i, clip(out, "\x1b"))
				}
				if strings.Contains(out, "\n15:00:00  小王") {
					t.Errorf("output %d has a forged line:\n%s", i, out)
				}
			}
		})
	}
}

// firstOrder returns the first order of the queue, or "" when it is empty.
func firstOrder(t *testing.T, env *Env) string {
	snap, err := env.Store.Snapshot(context.Background(), &env.Config)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Orders) == 0 {
		return ""
	}
	return snap.Orders[0].Key().String()
}

// clip shows the part of out around s.
func clip(out, s string) string {
	i := strings.Index(out, s)
	if i < 0 {
		return out[:min(len(out), 400)]
	}
	return out[max(i-200, 0):min(i+200, len(out))]
}

// shopifyStore is a fresh store with a generated Shopify export of n orders imported, the
// share unpaid of them unpaid (seed 1), the clock at 15:00 on 11-11.
func shopifyStore(t *testing.T, n int, unpaid float64) *Env {
	t.Helper()
	env := testEnv(t, time.Date(2026, 11, 11, 15, 0, 0, 0, queue.DefaultConfig().Location))
	file := filepath.Join(t.TempDir(), "orders.csv")
	capture(t, env, func() error {
		return Gen(env, GenOptions{Platform: queue.PlatformShopify, Orders: n, Unpaid: unpaid, Seed: 1, Out: file})
	})
	capture(t, env, func() error { return Import(context.Background(), env, ImportOptions{Files: []string{file}}) })
	return env
}

// TestContactTakesShopifyIDsWithOrWithoutHash: a Shopify order imported as the merchant
// sees it (#…) is logged by `contact` and claimed by `claim` whether the # is typed or not.
func TestContactTakesShopifyIDsWithOrWithoutHash(t *testing.T) {
	ctx := context.Background()
	env := shopifyStore(t, 20, 1)
	id := strings.TrimPrefix(firstOrder(t, env), "shopify:")
	if !strings.HasPrefix(id, "#") {
		t.Fatalf("the Shopify order is stored as %q, not as the merchant sees it", id)
	}
	for _, typed := range []string{id, strings.TrimPrefix(id, "#")} {
		out := capture(t, env, func() error {
			return Contact(ctx, env, ContactOptions{Order: typed, Channel: queue.ChannelIM, Result: queue.ResultSent})
		})
		if !strings.Contains(out, "shopify:"+id) {
			t.Errorf("contact %q: %s", typed, out)
		}
		capture(t, env, func() error { return Claim(ctx, env, typed) })
		capture(t, env, func() error { return Release(ctx, env, typed) })
	}
}

// TestAnOrderOnTwoPlatformsIsAnsweredInTheUILanguage: an order number two platforms share
// is refused with the choices, in the language of the command line (it was English in both).
func TestAnOrderOnTwoPlatformsIsAnsweredInTheUILanguage(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	var recs []exports.Record
	for _, p := range []queue.Platform{queue.PlatformTaobao, queue.PlatformJD} {
		recs = append(recs, exports.Record{Platform: p, ID: "20261111", Buyer: "买家" + p.String(), Title: "北欧布艺沙发",
			Amount: 40000, Created: now.Add(-2 * time.Hour).Unix(), Status: queue.StatusUnpaid})
	}
	if _, err := env.Store.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang queue.Lang
		want string
	}{
		{queue.LangZH, "订单 20261111 在多个平台上都有,请写明是哪一个:taobao:20261111, jd:20261111"},
		{queue.LangEN, "order 20261111 is on several platforms; name one of taobao:20261111, jd:20261111"},
	} {
		env.Lang = c.lang
		for name, run := range map[string]func() error{
			"contact": func() error {
				return Contact(ctx, env, ContactOptions{Order: "20261111", Channel: queue.ChannelIM, Result: queue.ResultSent})
			},
			"claim":   func() error { return Claim(ctx, env, "20261111") },
			"release": func() error { return Release(ctx, env, "20261111") },
		} {
			err := run()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%d %s: %v, want %q", c.lang, name, err, c.want)
			}
		}
	}
}

// TestQueueMessageCarriesNoControlCharacters: a Taobao title with a bell in it reaches the
// message `cuifu queue --format json` renders (the script the workstation copies) with the
// bell removed, not written out as \x07: the message is what the buyer is sent. (The table
// and the CSV carry no message; their title is shown escaped, for the specialist's eyes.)
func TestQueueMessageCarriesNoControlCharacters(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, queue.DefaultConfig().Location)
	h, err := os.ReadFile(filepath.Join("..", "..", "data", "exports", "formats", "taobao_2019_header.csv"))
	if err != nil {
		t.Fatal(err)
	}
	head := strings.TrimRight(string(h), "\r\n")
	row := map[string]string{"订单编号": "3001", "买家会员名": "小鹿乱撞", "订单状态": "等待买家付款",
		"订单创建时间": "2026-11-20 14:00:00", "买家实际支付金额": "0.00", "总金额": "259.00",
		"宝贝标题": "超长标题\a丝绒哑光\x1b[2J口红", "收货人姓名": "王\a芳"}
	var f []string
	for _, c := range strings.Split(head, ",") {
		f = append(f, row[strings.TrimSpace(strings.Trim(c, `"`))])
	}
	file := filepath.Join(t.TempDir(), "taobao.csv")
	if err := os.WriteFile(file, []byte(head+"\n"+strings.Join(f, ",")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := testEnv(t, now)
	capture(t, env, func() error { return Import(ctx, env, ImportOptions{Files: []string{file}}) })
	escaped := regexp.MustCompile(`\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\[2J`)
	out := capture(t, env, func() error { return Queue(ctx, env, QueueOptions{Format: "json"}) })
	var rows []struct{ Message string }
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("json: %v, %d rows\n%s", err, len(rows), out)
	}
	if m := rows[0].Message; !strings.Contains(m, "超长标题") || strings.ContainsFunc(m, unicode.IsControl) || escaped.MatchString(m) {
		t.Errorf("message: %q", m)
	}
}

// TestShopifyBuyersAreNeverShownByEmail: a Shopify export names its customers by e-mail;
// `cuifu queue` (table, CSV, JSON) shows each by a neutral id, never the address, masked or
// not, and the message never addresses them by it. The e-mail stays the buyer's identity, so
// a store that keyed its buyers by it keeps them.
func TestShopifyBuyersAreNeverShownByEmail(t *testing.T) {
	ctx := context.Background()
	env := shopifyStore(t, 300, 0.5)
	maskedEmail := regexp.MustCompile(`\*\*\*\([0-9a-f]+\)@|@[A-Za-z0-9-]+\.[A-Za-z]{2,}`)
	for _, format := range []string{"table", "csv", "json"} {
		out := capture(t, env, func() error { return Queue(ctx, env, QueueOptions{Format: format}) })
		if m := maskedEmail.FindString(out); m != "" || emailLike.MatchString(out) {
			t.Errorf("%s shows an e-mail (%q):\n%s", format, m, clip(out, "@"))
		}
		if format != "json" {
			continue
		}
		var rows []struct{ OrderID, Buyer, Message string }
		if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) < 50 {
			t.Fatalf("json: %v, %d rows", err, len(rows))
		}
		for _, r := range rows {
			if !strings.HasPrefix(r.Buyer, "顾客") || strings.Contains(r.Message, "@") || strings.Contains(r.Message, "顾客") {
				t.Errorf("%s: shown %q, message %q", r.OrderID, r.Buyer, r.Message)
			}
		}
	}
	snap, err := env.Store.Snapshot(ctx, &env.Config)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range snap.Buyers {
		if strings.Contains(b.Nick, "@") {
			return // the identity is the e-mail still: existing stores keep their buyers
		}
	}
	t.Errorf("no buyer is keyed by an e-mail: the identity changed")
}
