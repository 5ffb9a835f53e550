package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
)

// TestInbox: settled exports in the inbox are imported one at a time, oldest first, with a
// progress bar on the status line; a refused file goes to failed/ with its reason beside it,
// an imported one to done/ (its rejected rows beside it), and the queue's snapshot file is
// brought up to date; other files and files still being written are left alone.
func TestInbox(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	dir := t.TempDir()
	m.opt.Inbox = dir
	wall := time.Now()
	write := func(name string, age time.Duration) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, wall.Add(-age), wall.Add(-age))
	}
	write("bad.csv", 3*time.Minute)
	write("ExportOrderList.csv", 2*time.Minute)
	write("readme.txt", time.Hour)
	write("~$ExportOrderList.xlsx", time.Hour)
	write("still-copying.csv", 0)

	scan := func() inboxMsg {
		t.Helper()
		for _, msg := range runAll(m.onTick(wall)) {
			if in, ok := msg.(inboxMsg); ok {
				return in
			}
		}
		t.Fatal("the tick did not look at the inbox")
		return inboxMsg{}
	}
	in := scan()
	if len(in.files) != 2 || filepath.Base(in.files[0]) != "bad.csv" || filepath.Base(in.files[1]) != "ExportOrderList.csv" {
		t.Fatalf("inbox lists %v", in.files)
	}
	// One import at a time: the oldest first.
	var msgs []tea.Msg
	_, cmd := m.Update(in)
	msgs = runAll(cmd)
	if m.importing != "bad.csv" {
		t.Fatalf("importing %q", m.importing)
	}
	for _, msg := range msgs {
		m.Update(msg)
	}
	if m.importing != "" || !said(m, "导入失败") {
		t.Fatalf("after the refused file: importing %q, notice %v", m.importing, m.notices)
	}
	reason, err := os.ReadFile(filepath.Join(dir, "failed", "bad.csv.error.txt"))
	if err != nil || !strings.Contains(string(reason), "认不出表头") {
		t.Fatalf("failed/bad.csv.error.txt: %q %v", reason, err)
	}

	in = scan()
	if len(in.files) != 1 {
		t.Fatalf("inbox lists %v", in.files)
	}
	_, cmd = m.Update(in)
	msgs = runAll(cmd)
	var done tea.Msg
	for _, msg := range msgs {
		if p, ok := msg.(importProgressMsg); ok {
			m.Update(p)
		} else {
			done = msg
		}
	}
	view := stripANSI(m.render())
	if !strings.Contains(view, "导入 ExportOrderList.csv") || !strings.Contains(view, "50%") {
		t.Fatalf("no progress on the status line:\n%s", view)
	}
	golden(t, "inbox_progress_80x24", view)
	calls := st.count()
	_, cmd = m.Update(done)
	if !said(m, "ExportOrderList.csv: 新增 1") || cmd == nil {
		t.Fatalf("notice %v", m.notices)
	}
	runAll(cmd)
	if st.count() == calls {
		t.Fatal("the import did not lead to a look at the store")
	}
	if _, err := os.Stat(filepath.Join(dir, "done", "ExportOrderList.csv")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "done", "ExportOrderList.csv.error.txt")); !strings.Contains(string(b), ":3: 没有订单号") {
		t.Fatalf("rejected rows not kept beside the file: %q", b)
	}
	for _, left := range []string{"readme.txt", "~$ExportOrderList.xlsx", "still-copying.csv"} {
		if _, err := os.Stat(filepath.Join(dir, left)); err != nil {
			t.Fatalf("%s was touched: %v", left, err)
		}
	}
}

func TestInboxDir(t *testing.T) {
	cfg := queue.DefaultConfig()
	if got := InboxDir(&cfg, filepath.Join("shop", "cuifu.db")); got != filepath.Join("shop", "inbox") {
		t.Fatalf("default inbox %q", got)
	}
	cfg.Paths.Inbox = "/srv/exports"
	if got := InboxDir(&cfg, "cuifu.db"); got != "/srv/exports" {
		t.Fatalf("configured inbox %q", got)
	}
}

// importOne imports the one export in dir through the model and returns the end message.
func importOne(t *testing.T, m *Model, path string) importDoneMsg {
	t.Helper()
	_, cmd := m.Update(inboxMsg{files: []string{path}})
	for _, msg := range runAll(cmd) {
		if done, ok := msg.(importDoneMsg); ok {
			return done
		}
	}
	t.Fatal("the import did not end")
	return importDoneMsg{}
}

// TestInboxGoesOnAfterAFailedMove: a file that cannot be moved out of the inbox ends its
// import all the same, with a notice, and the next file is taken.
func TestInboxGoesOnAfterAFailedMove(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	dir := t.TempDir()
	m.opt.Inbox = dir
	os.WriteFile(filepath.Join(dir, "done"), []byte("not a folder"), 0o644) // done/ cannot be made
	path := filepath.Join(dir, "a.csv")
	os.WriteFile(path, []byte("x"), 0o644)
	done := importOne(t, m, path)
	m.Update(done)
	if m.importing != "" || !said(m, "无法移出收件箱") {
		t.Fatalf("after a failed move: importing %q, notice %v", m.importing, m.notices)
	}
	_, cmd := m.Update(inboxMsg{files: []string{path}})
	if cmd == nil || m.importing == "" {
		t.Fatal("the inbox froze after a failed move")
	}
}

// TestQuitDuringImportKeepsTheFile: quitting mid-import rolls it back and leaves the file
// in the inbox, not in failed/.
func TestQuitDuringImportKeepsTheFile(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	ctx, cancel := context.WithCancel(context.Background())
	m.ctx = ctx
	dir := t.TempDir()
	m.opt.Inbox = dir
	path := filepath.Join(dir, "a.csv")
	os.WriteFile(path, []byte("x"), 0o644)
	cancel()
	importOne(t, m, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the file left the inbox: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "failed", "a.csv")); err == nil {
		t.Fatal("the file went to failed/")
	}
}
