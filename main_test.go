package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/data/demo"
)

// cuifu runs one command line in-process against a fresh store and config.
func cuifu(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no config file: the defaults
	all := append([]string{"--db", db, "--operator", "小美"}, args...)
	code = run(context.Background(), all, &out, &errb)
	return out.String(), errb.String(), code
}

func TestUsageErrorsExit2(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	for _, args := range [][]string{
		{"frobnicate"},
		{"queue", "--format", "xml"},
		{"queue", "--bogus"},
		{"--now", "yesterday", "queue"},
		{"--lang", "fr", "queue"},
		{"contact", "1001", "--channel", "fax", "--result", "sent"},
		{"contact", "1001", "--channel", "im", "--result", "maybe"},
		{"contact", "--channel", "im", "--result", "sent"},
		{"config", "destroy"},
		{"gen", "--platform", "ebay"},
		{"gen", "--platform", "taobao", "--unpaid", "1.5"},
		{"gen", "--platform", "taobao", "--orders", "0"},
	} {
		_, stderr, code := cuifu(t, db, args...)
		if code != 2 || !strings.Contains(stderr, "Usage:") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with the usage", args, code, stderr)
		}
	}
}

func TestScriptsCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	out, _, code := cuifu(t, db, "scripts", "check")
	if code != 0 || !strings.Contains(out, "no problems") {
		t.Fatalf("built-in scripts: exit %d, %q", code, out)
	}
	out, _, code = cuifu(t, db, "scripts", "check", filepath.Join("scripts", "testdata", "lint", "forbidden"))
	if code != 1 || !strings.Contains(out, filepath.Join("scripts", "testdata", "lint", "forbidden", "scripts.txt")+":4:") {
		t.Fatalf("a bad directory: exit %d, %q", code, out)
	}
	if _, _, code := cuifu(t, db, "scripts", "lint"); code != 2 {
		t.Fatalf("scripts lint: exit %d, want 2", code)
	}
}

func TestConfigInitWritesTheDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "config.toml")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--config", path, "config", "init"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "[timing]") {
		t.Fatalf("config not written: %v", err)
	}
	if code := run(context.Background(), []string{"--config", path, "config", "init"}, &out, &errb); code == 0 {
		t.Fatal("config init overwrote an existing file without --force")
	}
}

// TestEndToEndInTmux runs the built binary in a real terminal: the demo opens on ranked
// Chinese queue rows, and q quits with status 0.
func TestEndToEndInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI")
		}
		t.Skip("tmux not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cuifu")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cmd := bin + " --db " + filepath.Join(dir, "demo.db") + " --operator 小美 --now 2026-11-11T15:00:00+08:00 demo --orders 300 --seed 7 2>" +
		filepath.Join(dir, "err.txt") + "; echo $? >" + filepath.Join(dir, "exit") + "; sleep 30"
	tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "-e", "LANG=C.UTF-8",
		"-e", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), cmd)
	defer exec.Command("tmux", "-S", sock, "kill-server").Run()

	screen := waitFor(t, func() string {
		out := tmux("capture-pane", "-p", "-t", "e2e")
		if _, err := os.Stat(filepath.Join(dir, "exit")); err == nil {
			msg, _ := os.ReadFile(filepath.Join(dir, "err.txt"))
			t.Fatalf("cuifu died at start:\n%s", msg)
		}
		return out
	}, "待催", 20*time.Second)
	for _, want := range []string{"小美", "¥"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("screen lacks %q:\n%s", want, screen)
		}
	}
	tmux("send-keys", "-t", "e2e", "j")
	tmux("send-keys", "-t", "e2e", "q")
	// The shell around cuifu writes its exit status where the test can read it.
	exitFile := filepath.Join(dir, "exit")
	var code []byte
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, err := os.ReadFile(exitFile); err == nil && len(bytes.TrimSpace(b)) > 0 {
			code = bytes.TrimSpace(b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cuifu did not exit after q; screen:\n%s", tmux("capture-pane", "-p", "-t", "e2e"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if string(code) != "0" {
		msg, _ := os.ReadFile(filepath.Join(dir, "err.txt"))
		t.Fatalf("cuifu exited with status %s after q, want 0\n%s", code, msg)
	}
}

func waitFor(t *testing.T, read func() string, want string, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := read()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q; last:\n%s", want, s)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// demoStore writes a generated sale day into a fresh store and returns its path.
func demoStore(t *testing.T, now time.Time) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "cuifu.db")
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Upsert(context.Background(), demo.Generate(300, 7, now, now.Location())); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestQueueJSONHasTheSpecFields(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-11-11T15:00:00+08:00")
	db := demoStore(t, now)
	out, stderr, code := cuifu(t, db, "--now", "2026-11-11T15:00:00+08:00", "queue", "--format", "json", "--limit", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(rows) != 20 {
		t.Fatalf("%d rows, want 20", len(rows))
	}
	for i, r := range rows {
		for _, f := range []string{"rank", "order_id", "platform", "buyer", "amount", "created_at", "deadline", "status", "channel", "why"} {
			if _, ok := r[f]; !ok {
				t.Fatalf("row %d lacks %q: %v", i, f, r)
			}
		}
		if int(r["rank"].(float64)) != i+1 {
			t.Fatalf("row %d has rank %v", i, r["rank"])
		}
		if _, err := time.Parse(time.RFC3339, r["created_at"].(string)); err != nil || !strings.HasSuffix(r["created_at"].(string), "+08:00") {
			t.Fatalf("created_at %v is not RFC 3339 in the shop's zone", r["created_at"])
		}
		if amt := r["amount"].(string); !strings.Contains(amt, ".") || len(amt)-strings.Index(amt, ".") != 3 {
			t.Fatalf("amount %q is not yuan with two decimals", amt)
		}
		switch r["status"] {
		case "due", "upcoming", "blocked":
		default:
			t.Fatalf("status %v", r["status"])
		}
		if r["status"] == "upcoming" && r["next_at"] == nil {
			t.Fatalf("an upcoming row without next_at: %v", r)
		}
	}
	if rows[0]["status"] != "due" {
		t.Fatalf("the top row is %v, want due", rows[0]["status"])
	}
}

func TestContactLogsAndWarns(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-11-11T15:00:00+08:00")
	db := demoStore(t, now)
	out, _, _ := cuifu(t, db, "--now", now.Format(time.RFC3339), "queue", "--format", "json", "--limit", "1")
	var rows []map[string]any
	json.Unmarshal([]byte(out), &rows)
	id := rows[0]["order_id"].(string)

	out, stderr, code := cuifu(t, db, "--now", "2026-11-11T15:01:00+08:00", "contact", id, "--channel", "im", "--result", "sent")
	if code != 0 || !strings.Contains(out, "已记录") || stderr != "" {
		t.Fatalf("contact: exit %d, out %q, err %q", code, out, stderr)
	}
	// At 03:00 it is quiet hours: still recorded, with a warning and exit 0.
	out, stderr, code = cuifu(t, db, "--now", "2026-11-12T03:00:00+08:00", "contact", id, "--channel", "im", "--result", "replied")
	if code != 0 || !strings.Contains(stderr, "免打扰") || !strings.Contains(out, "已记录") {
		t.Fatalf("quiet-hours contact: exit %d, out %q, err %q", code, out, stderr)
	}
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evs, _ := s.Events(context.Background(), data.EventFilter{})
	if len(evs) != 2 || evs[1].Warning == "" || evs[0].Warning != "" {
		t.Fatalf("events: %+v", evs)
	}
	if _, stderr, code := cuifu(t, db, "contact", "nope", "--channel", "im", "--result", "sent"); code != 1 || !strings.Contains(stderr, "no order") {
		t.Fatalf("unknown order: exit %d, %q", code, stderr)
	}
	if _, _, code := cuifu(t, db, "contact", id, "--channel", "im", "--result", "declined"); code != 2 {
		t.Fatalf("a decline without a reason: exit %d, want 2", code)
	}
}
