package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"cuifu/data/exports"
	"cuifu/queue"
	"cuifu/scripts"
	"cuifu/ui"
)

var fullPhone = regexp.MustCompile(`1[3-9]\d{9}`)

// TestWordsNeverNameAPhone: for every gen platform, no script rendered for any of its orders
// (every channel, both SMS kinds, every decline reason, with the receiver's name from the
// order's detail) carries a full phone number, an e-mail or a tel: id; and the queue's JSON
// rows carry the suggested script as message.
func TestWordsNeverNameAPhone(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, queue.DefaultConfig().Location)
	lib := scripts.Default()
	for _, p := range []queue.Platform{queue.PlatformTaobao, queue.PlatformJD, queue.PlatformPDD, queue.PlatformDouyin, queue.PlatformShopify} {
		t.Run(p.String(), func(t *testing.T) {
			env := testEnv(t, now)
			env.Config.Shop.Name, env.Config.Shop.Signature = "小美家居", "小美家居"
			file := filepath.Join(t.TempDir(), "export.csv")
			capture(t, env, func() error { return Gen(env, GenOptions{Platform: p, Orders: 200, Unpaid: -1, Seed: 5, Out: file}) })
			// JD and PDD exports are payment history: their orders are stored as unpaid here, so
			// that every platform's buyers, phones and receivers reach the words.
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			var recs []exports.Record
			_, err = exports.Read(file, f, exports.Options{}, func(rs []exports.Record) error {
				for _, r := range rs {
					r.Status, r.PaidAt = queue.StatusUnpaid, 0
					recs = append(recs, r)
				}
				return nil
			})
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := env.Store.Upsert(ctx, recs); err != nil {
				t.Fatal(err)
			}
			snap, err := env.Store.Snapshot(ctx, &env.Config)
			if err != nil {
				t.Fatal(err)
			}
			rendered := 0
			for i := range snap.Orders {
				o := &snap.Orders[i]
				d, err := env.Store.Detail(ctx, o.Key())
				if err != nil {
					t.Fatal(err)
				}
				phase, sale := env.Config.OrderPhase(time.Unix(o.Created, 0), now)
				for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone} {
					for _, kind := range []queue.SMSKind{queue.SMSNotification, queue.SMSMarketing} {
						for _, reason := range append([]string{""}, queue.DeclineReasons...) {
							r := scripts.Request{Order: o, Buyer: &snap.Buyers[o.Buyer], Receiver: d.Receiver, Channel: ch, SMSKind: kind,
								Phase: phase, Config: &env.Config, Now: now, Reason: reason}
							if sale.On(now) {
								r.SaleEnds = sale.End
							}
							for _, s := range lib.Suggest(r) {
								rendered++
								if m := fullPhone.FindString(s.Text) + emailLike.FindString(s.Text); m != "" || strings.Contains(s.Text, "tel:") {
									t.Fatalf("%s for %s (buyer %q, receiver %q) carries %q: %q", s.ID, o.ID, snap.Buyers[o.Buyer].Nick, d.Receiver, m, s.Text)
								}
							}
						}
					}
				}
			}
			if rendered < 1000 {
				t.Fatalf("only %d renders: the test tests nothing", rendered)
			}

			var rows []QueueRow
			out := capture(t, env, func() error { return Queue(ctx, env, QueueOptions{Format: "json"}) })
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatal(err)
			}
			due := 0
			for _, row := range rows {
				if row.Status != "due" || row.Channel == "none" {
					continue
				}
				due++
				if row.Message == "" {
					t.Errorf("due row %s on %s has no message", row.OrderID, row.Channel)
				}
				if row.Channel == "sms" && !strings.HasPrefix(row.Message, "【小美家居】") {
					t.Errorf("an SMS message without the signature: %q", row.Message)
				}
			}
			if due == 0 {
				t.Fatal("no due rows: the test tests nothing")
			}
		})
	}
}

// TestQueueMessageIsTheCopiedScript: the JSON message of a row is the script the
// workstation suggests first for it.
func TestQueueMessageIsTheCopiedScript(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	file := filepath.Join(t.TempDir(), "export.csv")
	capture(t, env, func() error {
		return Gen(env, GenOptions{Platform: queue.PlatformTaobao, Orders: 100, Unpaid: -1, Seed: 9, Out: file})
	})
	capture(t, env, func() error { return Import(ctx, env, ImportOptions{Files: []string{file}}) })
	rows, ranked, first, snap := queueWithSuggestions(t, env, QueueOptions{Format: "json", Limit: 5}, now)
	for i, row := range rows {
		o := &snap.Orders[ranked[i].Order]
		want := first[i].Text
		if row.OrderID != o.ID || row.Message != want || (want == "") != (row.Channel == "none") {
			t.Errorf("row %d (%s, %s): message %q, want %q", i, row.OrderID, row.Channel, row.Message, want)
		}
	}
}

// queueWithSuggestions runs cuifu queue and returns its rows, the ranking they come from,
// the workstation's first suggestion for each (zero when there is none) and the snapshot.
func queueWithSuggestions(t *testing.T, env *Env, opts QueueOptions, now time.Time) ([]QueueRow, []queue.Row, []scripts.Suggestion, *queue.Snapshot) {
	t.Helper()
	ctx := context.Background()
	var rows []QueueRow
	if err := json.Unmarshal([]byte(capture(t, env, func() error { return Queue(ctx, env, opts) })), &rows); err != nil {
		t.Fatal(err)
	}
	snap, err := env.Store.Snapshot(ctx, &env.Config)
	if err != nil {
		t.Fatal(err)
	}
	var r queue.Ranker
	ranked := r.Rank(queue.Input{Snap: snap, Config: &env.Config, Now: now, Me: snap.OperatorIndex(env.Operator)})
	first := make([]scripts.Suggestion, len(rows))
	for i := range rows {
		o := &snap.Orders[ranked[i].Order]
		d, err := env.Store.Detail(ctx, o.Key())
		if err != nil {
			t.Fatal(err)
		}
		if sg := scripts.Default().Suggest(ui.ScriptRequest(ranked, i, snap, &env.Config, now, env.Lang, d.Receiver, ui.DeclineReason(o, &d))); len(sg) > 0 {
			first[i] = sg[0]
		}
	}
	return rows, ranked, first, snap
}

// TestQueueJSONNamesScriptSMSKindAndStage: each JSON row carries the id of the script its
// message renders, an SMS row its kind, and a balance order its stage and deposit, as the
// spec's JSON fields ask.
func TestQueueJSONNamesScriptSMSKindAndStage(t *testing.T) {
	env, now := busyQueue(t)
	rows, ranked, first, _ := queueWithSuggestions(t, env, QueueOptions{Format: "json"}, now)
	sms, balance := 0, 0
	for i, row := range rows {
		wantID := first[i].ID
		if row.Script != wantID || (row.Message == "") != (row.Script == "") {
			t.Errorf("row %d (%s): script %q, want %q (message %q)", i, row.OrderID, row.Script, wantID, row.Message)
		}
		wantKind := ""
		if ranked[i].Channel() == queue.ChannelSMS {
			wantKind = ranked[i].SMSKind().String()
			sms++
		}
		if row.SMSKind != wantKind {
			t.Errorf("row %d (%s, %s): sms_kind %q, want %q", i, row.OrderID, row.Channel, row.SMSKind, wantKind)
		}
		if row.OrderID == "BAL1" {
			balance++
			if row.Stage != "balance" || row.Deposit != "100.00" || row.Amount != "400.00" {
				t.Errorf("balance order: stage %q, deposit %q, amount %q", row.Stage, row.Deposit, row.Amount)
			}
		} else if row.Stage != "" || row.Deposit != "" {
			t.Errorf("row %d (%s): stage %q deposit %q on an ordinary order", i, row.OrderID, row.Stage, row.Deposit)
		}
	}
	if sms == 0 || balance != 1 {
		t.Fatalf("%d SMS rows and %d balance rows: the case tests nothing", sms, balance)
	}
}

// busyQueue is a store of 600 generated orders with grouped and SMS rows and one presale
// balance order, BAL1 (¥400.00 due, ¥100.00 paid as the deposit), and its clock.
func busyQueue(t *testing.T) (*Env, time.Time) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, queue.DefaultConfig().Location)
	env := testEnv(t, now)
	env.Config.Shop.Signature = "小美家居" // so SMS rows exist
	file := filepath.Join(t.TempDir(), "export.csv")
	capture(t, env, func() error {
		return Gen(env, GenOptions{Platform: queue.PlatformTaobao, Orders: 600, Unpaid: -1, Seed: 4, Out: file})
	})
	capture(t, env, func() error { return Import(ctx, env, ImportOptions{Files: []string{file}}) })
	bal := exports.Record{Platform: queue.PlatformTaobao, ID: "BAL1", Buyer: "尾款买家", Title: "北欧布艺沙发",
		Amount: 40000, Deposit: 10000, Stage: queue.StageBalanceUnpaid, Created: now.Add(-3 * time.Hour).Unix(),
		Status: queue.StatusUnpaid, Receiver: "张*"}
	if _, err := env.Store.Upsert(ctx, []exports.Record{bal}); err != nil {
		t.Fatal(err)
	}
	return env, now
}

// TestImportSaysSystemErrorsInTheUsersWords: a folder, a missing file, a denied permission
// and any other system error are said in the user's language, never in the system's
// English (read /tmp/x: is a directory), and the same way whether the file fails to open
// or to read.
func TestImportSaysSystemErrorsInTheUsersWords(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		err    func(env *Env) error
		zh, en string
	}{
		{"a folder", func(env *Env) error {
			return Import(context.Background(), env, ImportOptions{Files: []string{dir}})
		}, "这是文件夹", "a folder"},
		{"a missing file", func(env *Env) error {
			return Import(context.Background(), env, ImportOptions{Files: []string{filepath.Join(dir, "nope.csv")}})
		}, "文件不存在", "no such file"},
		{"a path through a file", func(env *Env) error {
			f := filepath.Join(dir, "f.csv")
			os.WriteFile(f, []byte("x"), 0o600)
			return Import(context.Background(), env, ImportOptions{Files: []string{filepath.Join(f, "x.csv")}})
		}, "不是文件夹", "not a directory"},
		{"a denied permission", func(*Env) error {
			return &fs.PathError{Op: "open", Path: "/srv/o.csv", Err: syscall.EACCES}
		}, "没有读取权限", "permission denied"},
		{"a read that fails", func(*Env) error {
			return &exports.FileError{File: "/srv/o.csv", Code: exports.CodeUnreadable, Args: []string{"read /srv/o.csv: input/output error"},
				Err: &fs.PathError{Op: "read", Path: "/srv/o.csv", Err: syscall.EIO}}
		}, "系统错误 5", "system error 5"},
		{"a folder read", func(*Env) error {
			return &exports.FileError{File: "/srv/d", Code: exports.CodeUnreadable, Args: []string{"read /srv/d: is a directory"},
				Err: &fs.PathError{Op: "read", Path: "/srv/d", Err: syscall.EISDIR}}
		}, "这是文件夹", "a folder"},
	}
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, tt := range tests {
		for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
			env := testEnv(t, time.Date(2026, 11, 11, 15, 0, 0, 0, queue.DefaultConfig().Location))
			env.Lang = lang
			var out bytes.Buffer
			env.Stdout, env.Stderr = &out, &out
			said := out.String
			if err := tt.err(env); err != nil && out.Len() == 0 {
				said = func() string { return ui.ImportErrorText(err, lang) }
			}
			var whys []string
			for _, line := range strings.Split(strings.TrimSpace(said()), "\n") {
				_, why, _ := strings.Cut(line, ": ") // the path before it is the user's own
				whys = append(whys, why)
			}
			s := strings.Join(whys, "\n")
			want := tt.zh
			if lang == queue.LangEN {
				want = tt.en
			}
			if !strings.Contains(s, want) {
				t.Errorf("%s, %v: %q does not say %q", tt.name, lang, said(), want)
			}
			if lang == queue.LangZH && latin.MatchString(s) {
				t.Errorf("%s: the Chinese has English in it: %q", tt.name, said())
			}
			if lang == queue.LangEN && strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("%s: the English has Chinese in it: %q", tt.name, said())
			}
		}
	}
}

// TestAFileThatCannotBeWrittenIsSaidInWords: an -o file that cannot be made (its folder is
// missing, or it is a folder) is said in the user's language, naming the file, for the
// payroll and for gen. Both gave the system's English, "open …: no such file or directory",
// in the Chinese command line. Nothing is left behind.
func TestAFileThatCannotBeWrittenIsSaidInWords(t *testing.T) {
	ctx := context.Background()
	env := testEnv(t, time.Date(2026, 11, 12, 3, 0, 0, 0, time.UTC))
	dir := t.TempDir()
	missing := filepath.Join(dir, "没有的文件夹", "payroll.csv")
	latin := regexp.MustCompile(`[A-Za-z]{3,}`)
	for _, c := range []struct {
		path, why string
		l         queue.Lang
	}{
		{missing, "文件夹不存在", queue.LangZH},
		{dir, "这是一个文件夹", queue.LangZH},
		{missing, "no such folder", queue.LangEN},
	} {
		env.Lang = c.l
		for name, run := range map[string]func() error{
			"payroll": func() error { return ExportPayroll(ctx, env, PayrollOptions{Out: c.path}) },
			"gen": func() error {
				return Gen(env, GenOptions{Platform: queue.PlatformTaobao, Orders: 3, Unpaid: 1, Out: c.path})
			},
		} {
			err := run()
			if err == nil {
				t.Fatalf("%s -o %s: no error", name, c.path)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.path) || !strings.Contains(msg, c.why) {
				t.Errorf("%s -o %s (%v): %q, want the file and %q", name, c.path, c.l, msg, c.why)
			}
			if c.l == queue.LangZH && latin.MatchString(strings.ReplaceAll(msg, c.path, "")) {
				t.Errorf("%s -o %s: English in the Chinese error %q", name, c.path, msg)
			}
		}
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("the missing folder was made: %v", err)
	}
}
