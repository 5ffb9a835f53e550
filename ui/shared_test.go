package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/data/demo"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/scripts"
)

// driver runs a workstation as its program would, without a terminal: every command in a
// goroutine of its own, and their messages through Update on the test's goroutine only.
type driver struct {
	m    *Model
	msgs chan tea.Msg
}

func drive(m *Model, cmds ...tea.Cmd) *driver {
	d := &driver{m: m, msgs: make(chan tea.Msg, 256)}
	for _, c := range cmds {
		d.run(c)
	}
	return d
}

func (d *driver) run(c tea.Cmd) {
	if c == nil {
		return
	}
	go func() {
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				d.run(c)
			}
			return
		}
		if msg != nil {
			d.msgs <- msg
		}
	}()
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// until feeds messages to the workstation until cond holds, for at most five seconds.
func (d *driver) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-deadline:
			t.Fatalf("%s: not within 5 s", what)
		}
	}
}

// idle feeds the messages that come within d.
func (d *driver) idle(wait time.Duration) {
	deadline := time.After(wait)
	for {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-deadline:
			return
		}
	}
}

func (d *driver) said(text string) bool {
	for _, n := range d.m.notices {
		if strings.Contains(n.text, text) {
			return true
		}
	}
	return false
}

// rowOf is the row of order k on the workstation's list.
func rowOf(m *Model, k queue.OrderKey) (queue.Row, bool) {
	for _, r := range m.rows {
		if m.snap.Orders[r.Order].Key() == k {
			return r, true
		}
	}
	return queue.Row{}, false
}

func orderOf(s *queue.Snapshot, k queue.OrderKey) *queue.Order {
	for i := range s.Orders {
		if s.Orders[i].Key() == k {
			return &s.Orders[i]
		}
	}
	return nil
}

// Two workstations on one shared queue read one snapshot, which knows every specialist of
// the roster (the rota reads their names from it). A claim in one is loaded once
// and reaches the other, where the order is blocked (it stays mine in the first, and my
// selection stays on it); the snapshot they read before is left as it was. A contact on the order the other has
// selected is a colleague's there and my own here. A write by another process on the host
// reaches both through data_version.
func TestSharedQueueServesEveryWorkstation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := testConfig()
	cfg.Roster.Operators = []string{"小美", "阿杰", "新来的"}
	db := filepath.Join(t.TempDir(), "team.db")
	st, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SetLocation(cfg.Location)
	if _, err := st.Upsert(ctx, demo.Generate(40, 1, shopNow, cfg.Location)); err != nil {
		t.Fatal(err)
	}
	sh := NewShared(st, cfg)
	done := make(chan struct{})
	go func() { sh.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	open := func(name string) *driver {
		m := New(Options{Store: st, Shared: sh, Context: ctx, Advisor: scripts.Default(), Config: cfg,
			Clock: queue.FixedClock{T: shopNow}, Operator: name, Session: "s-" + name, Lang: queue.LangZH})
		d := drive(m, m.Init())
		d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
		return d
	}
	a, b := open("小美"), open("阿杰")
	bothOn := func(what string) {
		t.Helper()
		for try := 0; try < 10 && (a.m.onScreen != b.m.onScreen || a.m.onScreen != sh.newest()); try++ {
			for _, d := range []*driver{a, b} {
				d.until(t, what, func() bool { return d.m.snap != nil && d.m.fresh == nil && d.m.onScreen == sh.newest() })
			}
		}
		if a.m.snap != b.m.snap {
			t.Fatalf("%s: the workstations read two snapshots", what)
		}
	}
	bothOn("the first load")
	// An import or an undo makes a workstation look at the store: on a shared queue it never
	// loads a queue of its own (let alone merges into the one everyone reads).
	if _, cmd := a.m.Update(versionMsg{v: 1 << 40}); cmd != nil {
		t.Fatal("a new data version made the workstation load the queue itself")
	}
	if a.m.snap.LookupOperator("新来的") < 0 {
		t.Fatal("the shared snapshot does not know the roster's specialist who has no orders yet")
	}

	before := a.m.snap
	kept := before.Clone()
	// The last due order that is not mine yet: a claim makes it mine and moves it up.
	pick := -1
	for i, r := range a.m.shown {
		if r.Section() == queue.SectionDue && r.Why&queue.WhyMine == 0 {
			pick = i
		}
	}
	if pick < 1 {
		t.Fatal("no due order of someone else's below the first")
	}
	a.m.selectAt(pick)
	claimed := a.m.selected
	a.send(keyMsg("m"))
	a.until(t, "the claim is logged", func() bool { return len(a.m.pending) == 0 })
	b.until(t, "the claim reaches the other workstation", func() bool {
		r, ok := rowOf(b.m, claimed)
		return ok && r.Section() == queue.SectionBlocked
	})
	bothOn("after the claim")
	if r, _ := rowOf(a.m, claimed); r.Section() == queue.SectionBlocked || r.Why&queue.WhyMine == 0 {
		t.Errorf("my claimed order is %v (why %b) on my own list", r.Section(), r.Why)
	}
	if a.m.selected != claimed {
		t.Error("my selection left the order I claimed")
	}
	if !slices.Equal(before.Orders, kept.Orders) || !slices.Equal(before.Buyers, kept.Buyers) {
		t.Error("the snapshot the workstations read before the claim was written")
	}

	// b's selection, contacted from a.
	bSel := b.m.selected
	i := slices.IndexFunc(a.m.shown, func(r queue.Row) bool { return a.m.snap.Orders[r.Order].Key() == bSel })
	if i < 0 {
		t.Fatal("b's selection is not on a's list")
	}
	a.m.selectAt(i)
	a.send(keyMsg("a"))
	a.send(keyMsg("s"))
	// "小美 刚联系了订单 …", then "小美 刚撤销了订单 …": who, then the order, on b, not on a.
	announced := func(what, format string) {
		t.Helper()
		said := fmt.Sprintf(strings.Split(format, "%[2]s")[0], "小美")
		b.until(t, "a colleague's "+what+" is announced", func() bool { return b.said(said) })
		bothOn("after the " + what)
		a.idle(50 * time.Millisecond)
		if a.said(said) {
			t.Errorf("my own %s was announced to me as a colleague's", what)
		}
	}
	announced("contact", words.For(queue.LangZH).ColleagueTouched)
	// The contact undone: it moved the order from under b's selection, which stays where it
	// was, and the undo is announced all the same.
	a.send(keyMsg("u"))
	announced("undo", words.For(queue.LangZH).ColleagueUndid)

	// Another process on the host.
	other, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	target := a.m.snap.Orders[len(a.m.snap.Orders)-1].Key()
	if _, err := other.Append(ctx, queue.Event{Kind: queue.EventSnooze, Order: target, Operator: "婷婷", At: shopNow.Unix(),
		Until: shopNow.Add(3 * time.Hour).Unix(), UID: data.NewUID()}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*driver{a, b} {
		d.until(t, "another process's snooze", func() bool {
			o := orderOf(d.m.snap, target)
			return o != nil && o.Contact.Until == shopNow.Add(3*time.Hour).Unix()
		})
	}
	bothOn("after the other process")
}

// slowImports is a store whose imports take a while and are counted.
type slowImports struct {
	*fakeStore
	mu sync.Mutex
	n  int
}

func (s *slowImports) ImportFile(ctx context.Context, req data.ImportRequest) (*data.ImportReport, error) {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	time.Sleep(50 * time.Millisecond)
	return s.fakeStore.ImportFile(ctx, req)
}

// The workstations on one shared queue watch one inbox: an export dropped into it is
// imported once, by one of them, and moved to done/ once; none of them warns that it could
// not move the file away (it was imported twice before, and one move failed).
func TestSharedInboxImportsAFileOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := &slowImports{fakeStore: &fakeStore{snap: testSnapshot()}}
	sh := NewShared(st, testConfig())
	var ms []*Model
	var cmds []tea.Cmd
	for _, name := range []string{"小美", "阿杰", "婷婷"} {
		m := New(Options{Store: st, Shared: sh, Advisor: scripts.Default(), Config: testConfig(), Clock: queue.FixedClock{T: shopNow},
			Operator: name, Session: "s-" + name, Lang: queue.LangZH, Inbox: dir})
		_, cmd := m.Update(inboxMsg{files: []string{path}}) // the same scan, at the same time
		ms, cmds = append(ms, m), append(cmds, cmd)
	}
	results := make([][]tea.Msg, len(ms))
	var wg sync.WaitGroup
	for i, c := range cmds {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = runAll(c) }()
	}
	wg.Wait()
	for i, m := range ms {
		for _, msg := range results[i] {
			if done, ok := msg.(importDoneMsg); ok {
				m.Update(done)
			}
		}
		if said(m, "无法移出收件箱") {
			t.Errorf("%s could not move the export away: %v", m.opt.Operator, m.notices)
		}
		if m.importing != "" {
			t.Errorf("%s is still importing %q", m.opt.Operator, m.importing)
		}
	}
	if st.n != 1 {
		t.Errorf("the export was imported %d times, want once", st.n)
	}
	if _, err := os.Stat(filepath.Join(dir, "done", "orders.csv")); err != nil {
		t.Errorf("the export is not in done/: %v", err)
	}
	files, _ := os.ReadDir(filepath.Join(dir, "done"))
	exports := 0
	for _, f := range files {
		if isExport(f.Name()) {
			exports++
		}
	}
	if exports != 1 {
		t.Errorf("done/ holds %d exports, want 1: %v", exports, files)
	}
}
