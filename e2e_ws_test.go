package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"cuifu/data"
	"cuifu/queue"
)

// workstation is one cuifu workstation running in a tmux window, driven as a specialist would.
type workstation struct {
	t    *testing.T
	tmux func(args ...string) string
	name string
	dir  string
}

// tmuxBinary builds cuifu and starts a tmux server for it, or skips where tmux is missing
// outside CI. The server is killed at the end of the test.
func tmuxBinary(t *testing.T) (bin string, tmux func(args ...string) string, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI")
		}
		t.Skip("tmux not installed")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "cuifu")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	sock := filepath.Join(dir, "tmux.sock")
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	return bin, tmuxOn(t, sock), dir
}

// startWorkstation opens the workstation on db as operator, at the frozen shop time now, with
// the machine's zone set to UTC: every time on screen must still be the shop's.
func startWorkstation(t *testing.T, bin string, tmux func(args ...string) string, dir, name, db, operator, now string) *workstation {
	t.Helper()
	cmd := bin + " --db " + db + " --operator " + operator + " --now " + now + " 2>" + filepath.Join(dir, name+".err") + "; sleep 60"
	tmux(append([]string{"-f", "/dev/null", "new-session", "-d", "-s", name}, "-x", "100", "-y", "30", "-e", "LANG=C.UTF-8", "-e", "TZ=UTC",
		"-e", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), cmd)...)
	w := &workstation{t: t, tmux: tmux, name: name, dir: dir}
	w.waitFor("待催")
	return w
}

func (w *workstation) screen() string { return w.tmux("capture-pane", "-p", "-t", w.name) }

// keys sends each key as its own key press, without waiting in between.
func (w *workstation) keys(keys ...string) {
	w.t.Helper()
	w.tmux(append([]string{"send-keys", "-t", w.name}, keys...)...)
}

func (w *workstation) waitFor(want string) string {
	w.t.Helper()
	return waitFor(w.t, func() string {
		s := w.screen()
		if msg, err := os.ReadFile(filepath.Join(w.dir, w.name+".err")); err == nil && len(msg) > 0 {
			w.t.Fatalf("workstation %s wrote to stderr:\n%s\nscreen:\n%s", w.name, msg, s)
		}
		return s
	}, want, 15*time.Second)
}

var selectedOrder = regexp.MustCompile(`(?m)^订单 (\S+) ·`)

// selected reads the order number of the detail pane.
func (w *workstation) selected() string {
	w.t.Helper()
	m := selectedOrder.FindStringSubmatch(w.screen())
	if m == nil {
		w.t.Fatalf("no order in the detail pane:\n%s", w.screen())
	}
	return m[1]
}

// openStore opens the store at db beside the workstations, closed at the end of the test.
func openStore(t *testing.T, db string) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// eventsOf waits until the store holds n events of kind (or the time is up) and returns them.
// The touches a contact on a buyer's lead order logs on the orders grouped under it (their
// UID is the lead's, with "/order" after it) are part of that one contact, not counted.
func eventsOf(t *testing.T, s *data.Store, kind queue.EventKind, n int) []queue.Event {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		all, err := s.Events(context.Background(), data.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var evs []queue.Event
		for _, e := range all {
			if e.Kind == kind && !strings.Contains(e.UID, "/") {
				evs = append(evs, e)
			}
		}
		if len(evs) >= n || time.Now().After(deadline) {
			return evs
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestWorkstationInTmux drives the built binary in tmux as a specialist on the 双11 evening,
// on a machine whose zone is UTC: keys typed faster than the store answers act once each, u
// undoes, the screen survives a resize to 40×10, and every time shown is the shop's.
func TestWorkstationInTmux(t *testing.T) {
	bin, tmux, dir := tmuxBinary(t)
	const now = "2026-11-11T21:30:00+08:00"
	db := demoStore(t, mustTime(now))
	w := startWorkstation(t, bin, tmux, dir, "a", db, "小美", now)

	// The shop's 21:30, not the machine's 13:30, in the header and in the snooze menu.
	if s := w.screen(); !strings.Contains(strings.SplitN(s, "\n", 2)[0], "11-11 21:30") {
		t.Fatalf("the header is not in the shop's time:\n%s", s)
	}
	w.keys("z")
	s := w.waitFor("11-11 22:30")
	if !strings.Contains(s, "11-12 21:30") || strings.Contains(s, "13:30") || strings.Contains(s, "14:30") {
		t.Fatalf("the snooze menu is not in the shop's time:\n%s", s)
	}
	w.keys("Escape")
	waitFor(t, func() string {
		if strings.Contains(w.screen(), "11-11 22:30") {
			return ""
		}
		return "closed"
	}, "closed", 5*time.Second)

	s1 := openStore(t, db)

	// Three contacts typed at once: three orders, one event each.
	first := w.selected()
	w.keys("a", "s", "a", "s", "a", "s")
	evs := eventsOf(t, s1, queue.EventContact, 3)
	time.Sleep(time.Second) // a fourth would have come by now
	evs = eventsOf(t, s1, queue.EventContact, 3)
	if len(evs) != 3 {
		t.Fatalf("a s a s a s logged %d contacts, want 3: %+v\n%s", len(evs), evs, w.screen())
	}
	seen := map[string]bool{}
	for _, e := range evs {
		if e.Result != queue.ResultSent || e.Operator != "小美" {
			t.Errorf("unexpected contact %+v", e)
		}
		if seen[e.Order.ID] {
			t.Errorf("order %s logged twice: %+v", e.Order.ID, evs)
		}
		seen[e.Order.ID] = true
	}
	if !seen[first] {
		t.Errorf("the selected order %s was not the first contacted: %+v", first, evs)
	}

	// u takes back the last one, by a revoke in the log; nothing is deleted.
	w.keys("u")
	revs := eventsOf(t, s1, queue.EventRevoke, 1)
	if len(revs) != 1 || revs[0].Revokes != evs[2].ID {
		t.Fatalf("u logged %+v, want a revoke of #%d\n%s", revs, evs[2].ID, w.screen())
	}
	if got := eventsOf(t, s1, queue.EventContact, 3); len(got) != 3 {
		t.Fatalf("the undo deleted a contact: %+v", got)
	}

	// A small terminal, then back: nothing drawn past the edge, and the full screen returns.
	tmux("resize-window", "-t", "a", "-x", "40", "-y", "10")
	// tmux shows the old frame cut at the edge until cuifu draws anew, so wait for a frame
	// that fits: at most 10 lines, none wider than 40 columns, and something on it.
	waitFor(t, func() string {
		s := strings.TrimRight(w.screen(), "\n")
		lines := strings.Split(s, "\n")
		fits := len(lines) <= 10 && strings.TrimSpace(s) != ""
		for _, line := range lines {
			fits = fits && ansi.StringWidth(line) <= 40
		}
		if fits {
			return s + "\x00fits"
		}
		return s
	}, "\x00fits", 5*time.Second)
	tmux("resize-window", "-t", "a", "-x", "100", "-y", "30")
	s = w.waitFor("待催")
	if !selectedOrder.MatchString(s) || !strings.Contains(s, "11-11 21:30") {
		t.Fatalf("the screen did not come back after the resize:\n%s", s)
	}

	w.keys("q")
	waitFor(t, func() string {
		if strings.Contains(w.screen(), "待催") {
			return ""
		}
		return "gone"
	}, "gone", 10*time.Second)
}

// TestClaimsHoldBetweenWorkstationsInTmux runs two workstations on one store: 小美 claims an
// order, and 阿杰's contact on it is refused and not logged.
func TestClaimsHoldBetweenWorkstationsInTmux(t *testing.T) {
	bin, tmux, dir := tmuxBinary(t)
	const now = "2026-11-11T21:30:00+08:00"
	db := demoStore(t, mustTime(now))
	a := startWorkstation(t, bin, tmux, dir, "a", db, "小美", now)
	b := startWorkstation(t, bin, tmux, dir, "b", db, "阿杰", now)

	s1 := openStore(t, db)

	order := a.selected()
	a.keys("m")
	if claims := eventsOf(t, s1, queue.EventClaim, 1); len(claims) != 1 || claims[0].Order.ID != order {
		t.Fatalf("m logged %+v, want a claim of %s\n%s", claims, order, a.screen())
	}
	// 阿杰 finds the order by its number and logs a message on it.
	b.keys("/")
	b.keys("-l", order)
	b.keys("Enter")
	waitFor(t, func() string { return b.selected() }, order, 10*time.Second)
	b.keys("a", "s")
	b.waitFor("已被小美认领")
	time.Sleep(time.Second)
	for _, e := range eventsOf(t, s1, queue.EventContact, 0) {
		t.Errorf("a contact on 小美's claim was logged: %+v", e)
	}
}
