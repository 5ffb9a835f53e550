package ui

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cuifu/data"
	"cuifu/data/exports"
	"cuifu/queue"
	"cuifu/scripts"
)

var update = flag.Bool("update", false, "rewrite the golden views")

// fakeStore counts every call, so a test can tell Update never touched the store.
type fakeStore struct {
	mu     sync.Mutex
	calls  int
	snap   *queue.Snapshot
	events []queue.Event
	claim  error
	// claimedBy refuses contacts and snoozes as the store does for a colleague's live claim,
	// unless forced: then the event is logged as an override of it.
	claimedBy string
	// changes answers Changes; changesErr fails it.
	changes    *queue.Changes
	changesErr error
	// shipping answers Shipping; shipAsked records what each call asked for.
	shipping  map[queue.OrderKey]queue.Fen
	shipAsked [][]queue.OrderKey
	version   int64   // the data_version DataVersion says (0 says 1)
	tallyFrom []int64 // the start of the day each Tally call asked for
}

func (f *fakeStore) Shipping(_ context.Context, keys []queue.OrderKey) (map[queue.OrderKey]queue.Fen, error) {
	f.hit()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shipAsked = append(f.shipAsked, keys)
	out := map[queue.OrderKey]queue.Fen{}
	for _, k := range keys {
		if fen, ok := f.shipping[k]; ok {
			out[k] = fen
		}
	}
	return out, nil
}

func (f *fakeStore) Changes(context.Context, *queue.Config, int64) (*queue.Changes, error) {
	f.hit()
	return f.changes, f.changesErr
}

func (f *fakeStore) hit() {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
}

func (f *fakeStore) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeStore) Snapshot(context.Context, *queue.Config) (*queue.Snapshot, error) {
	f.hit()
	return f.snap, nil
}

func (f *fakeStore) Append(_ context.Context, e queue.Event) (queue.Event, error) {
	f.hit()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.claimedBy != "" && (e.Kind == queue.EventContact || e.Kind == queue.EventSnooze) {
		if !e.Force {
			return e, &data.Refusal{Code: data.CodeClaimed, Order: e.Order, By: f.claimedBy, Until: shopNow.Add(time.Hour).Unix()}
		}
		e.Override = f.claimedBy
	}
	e.ID = int64(len(f.events) + 1)
	f.events = append(f.events, e)
	return e, nil
}

func (f *fakeStore) Claim(ctx context.Context, e queue.Event) (queue.Event, error) {
	if f.claim != nil {
		f.hit()
		return e, f.claim
	}
	return f.Append(ctx, e)
}

// Path is where the fake pretends to be.
func (f *fakeStore) Path() string { return "/tmp/shop/cuifu.db" }

// Revoke logs a revoke of an earlier event of the fake's log.
func (f *fakeStore) Revoke(ctx context.Context, e queue.Event, _ *queue.RosterConfig) (queue.Event, error) {
	e.Kind = queue.EventRevoke
	return f.Append(ctx, e)
}

// DataVersion is 1, or version when a test set it (the data changed).
func (f *fakeStore) DataVersion(context.Context) (int64, error) {
	f.hit()
	f.mu.Lock()
	defer f.mu.Unlock()
	return max(f.version, 1), nil
}

func (f *fakeStore) Detail(_ context.Context, k queue.OrderKey) (data.Detail, error) {
	f.hit()
	return data.Detail{Receiver: "张*", Phone: "13800001234", BuyerOrders: 2, BuyerPaid: 1}, nil
}

func (f *fakeStore) Tally(_ context.Context, _ string, from, _, _ int64) (data.Tally, error) {
	f.hit()
	f.mu.Lock()
	f.tallyFrom = append(f.tallyFrom, from)
	f.mu.Unlock()
	return data.Tally{Contacts: 12, OrdersContacted: 10, Recovered: 3, RecoveredFen: 345600}, nil
}

// ImportFile pretends to import: a file named bad… is refused, any other brings one order,
// with a progress report half-way; a cancelled context rolls it back.
func (f *fakeStore) ImportFile(ctx context.Context, req data.ImportRequest) (*data.ImportReport, error) {
	f.hit()
	if ctx.Err() != nil {
		return nil, ctx.Err() // the import rolls back
	}
	if strings.HasPrefix(filepath.Base(req.Path), "bad") {
		return nil, &exports.FileError{File: req.Path, Code: exports.CodeNoHeader, Args: []string{"a, b"}}
	}
	if req.Progress != nil {
		req.Progress(50, 100)
	}
	return &data.ImportReport{File: filepath.Base(req.Path), Summary: data.Summary{New: 1},
		Rejected: []exports.RowError{{File: req.Path, Line: 3, Code: exports.CodeNoID}}}, nil
}

var shopNow = time.Date(2026, 11, 11, 15, 0, 0, 0, time.FixedZone("CST", 8*3600))

// testSnapshot is a small afternoon of a sale day, with Chinese buyers and goods.
func testSnapshot() *queue.Snapshot {
	s := &queue.Snapshot{Operators: []string{"小美", "阿杰"}}
	buyers := []queue.Buyer{
		{Nick: "小鹿乱撞2021", Phone: "13800001234"},
		{Nick: "爱吃橘子的猫", Phone: "139****5678", Paid: 2},
		{Nick: "tb12345678", Phone: "15000002222", Paid: 1},
		{Nick: "晴天娃娃", Phone: ""},
		{Nick: "南风知我意", Phone: "18600003333", OptedOut: true},
	}
	s.Buyers = buyers
	add := func(id, title string, amount queue.Fen, age time.Duration, buyer int32, agent int32) *queue.Order {
		s.Orders = append(s.Orders, queue.Order{ID: id, Title: title, Amount: amount, Created: shopNow.Add(-age).Unix(),
			Buyer: buyer, Agent: agent, Platform: queue.PlatformTaobao, Contact: queue.ContactState{ClaimBy: -1}})
		return &s.Orders[len(s.Orders)-1]
	}
	add("3515313147329357901", "北欧布艺沙发 三人位", 259900, 2*time.Hour, 0, -1)
	add("3515313147329357902", "法式碎花连衣裙", 29900, 3*time.Hour, 1, 0).Flags |= queue.FlagCallAverse
	add("3515313147329357903", "原木抽纸 24包整箱", 5990, 50*time.Minute, 2, -1)
	add("3515313147329357904", "一级能效变频空调", 329900, 5*time.Minute, 3, -1)
	o := add("3515313147329357905", "925银项链 礼盒装", 39900, 5*time.Hour, 4, -1)
	o.Flags |= queue.FlagCallAverse
	o = add("3515313147329357906", "每日坚果礼盒 1.5kg", 8990, 4*time.Hour, 2, 1)
	o.Contact.Touches, o.Contact.LastAt, o.Contact.LastChannel = 1, shopNow.Add(-3*time.Hour).Unix(), queue.ChannelIM
	add("3515313147329357907", "岩板餐桌 一桌六椅", 169900, 26*time.Hour, 0, 0)
	add("3515313147329357908", "丝绒哑光口红 三支装", 12900, 40*time.Minute, 1, -1).Flags |= queue.FlagCallAverse
	return s
}

func testConfig() *queue.Config {
	c := queue.DefaultConfig()
	c.Shop.SaleDay = "2026-11-11"
	c.Shop.Name = "小美家居"
	return &c
}

// newTest builds a workstation at size w×h with the test snapshot loaded, the way a real
// start does: Init's load comes back as a message.
func newTest(t testing.TB, w, h int, lang queue.Lang) (*Model, *fakeStore) {
	t.Helper()
	return newTestOf(t, &fakeStore{snap: testSnapshot()}, w, h, lang)
}

// newTestOf is newTest on the store st.
func newTestOf(t testing.TB, st *fakeStore, w, h int, lang queue.Lang) (*Model, *fakeStore) {
	t.Helper()
	m := New(Options{Store: st, Advisor: scripts.Default(), Config: testConfig(), Clock: queue.FixedClock{T: shopNow},
		Operator: "小美", Session: "s1", Lang: lang})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
	settle(m, cmd)
	m.Update(tallyMsg{t: data.Tally{Contacts: 12, OrdersContacted: 10, Recovered: 3, RecoveredFen: 345600}})
	st.mu.Lock()
	st.calls = 0 // the start's own loads are not the test's
	st.mu.Unlock()
	return m, st
}

// settle runs cmd and the commands its messages lead to, feeding every message back to
// the model, until nothing more comes (a tick never does: runCmd skips what waits on time).
func settle(m *Model, cmds ...tea.Cmd) {
	for round := 0; len(cmds) > 0 && round < 20; round++ {
		var next []tea.Cmd
		for _, c := range cmds {
			for _, msg := range runCmd(c) {
				if msg == nil {
					continue
				}
				_, cmd := m.Update(msg)
				next = append(next, cmd)
			}
		}
		cmds = next
	}
}

func press(m *Model, keys ...string) []tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		cmds = append(cmds, cmd)
	}
	return cmds
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func screen(m *Model) string { return ansi.Strip(m.View().Content) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden view:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func checkWidths(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide (terminal %d): %q", i, n, w, l)
		}
	}
}

func TestGoldenViews(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		lang queue.Lang
		keys []string
	}{
		{"queue_80x24", 80, 24, queue.LangZH, nil},
		{"second_row_80x24", 80, 24, queue.LangZH, []string{"j"}},
		{"phone_guide_120x40", 120, 40, queue.LangZH, nil},
		{"english_80x24", 80, 24, queue.LangEN, nil},
		{"attempt_menu_80x24", 80, 24, queue.LangZH, []string{"a"}},
		{"full_help_80x24", 80, 24, queue.LangZH, []string{"?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTest(t, tt.w, tt.h, tt.lang)
			press(m, tt.keys...)
			m.Update(detailMsg{key: m.selected, d: data.Detail{Receiver: "张*", Phone: "13800001234", BuyerOrders: 2, BuyerPaid: 1}})
			v := screen(m)
			checkWidths(t, v, tt.w, tt.h)
			golden(t, tt.name, v)
		})
	}
}

// TestTooSmall: below MinWidth×MinHeight (40×10 is) the screen says it is too small, in
// the words of the language, instead of drawing a cut-off layout; made larger, it is the
// workstation again.
func TestTooSmall(t *testing.T) {
	for _, size := range [][2]int{{59, 16}, {60, 15}, {40, 10}, {20, 5}, {0, 0}, {1, 1}} {
		m, _ := newTest(t, size[0], size[1], queue.LangZH)
		press(m, "j", "k")
		v := screen(m)
		if size[0] >= 10 && !strings.Contains(v, "太小") {
			t.Errorf("%v: no too-small notice: %q", size, v)
		}
		if size[0] > 0 {
			checkWidths(t, v, size[0], size[1])
		}
	}
	for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
		m, _ := newTest(t, 40, 10, lang)
		golden(t, fmt.Sprintf("too_small_%s_40x10", []string{"zh", "en"}[lang]), screen(m))
		want, _ := newTest(t, 80, 24, lang)
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		if got := screen(m); got != screen(want) {
			t.Errorf("resized to 80×24, the screen is not the workstation's:\n%s", got)
		}
	}
	m, _ := newTest(t, MinWidth, MinHeight, queue.LangZH)
	if v := screen(m); strings.Contains(v, "太小") || !strings.Contains(v, "建议") {
		t.Errorf("at %d×%d the layout is not drawn with its advice:\n%s", MinWidth, MinHeight, v)
	}
}

// TestUpdateMakesNoStoreCalls pins that Update only returns commands: the store is called
// when the commands run, never inside Update.
func TestUpdateMakesNoStoreCalls(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	msgs := []tea.Msg{tickMsg(time.Now()), versionMsg{v: 7}, tea.WindowSizeMsg{Width: 120, Height: 40},
		tea.MouseWheelMsg{Button: tea.MouseWheelDown}}
	for _, k := range []string{"j", "down", "pgdown", "k", "up", "G", "g", "n", "c", "v", "m", "z", "a", "tab", "s", "o", "d", "2",
		"o", "p", "/", "沙", "esc", "?", "?", "a", "esc", "o", "$", "h", "j", "esc", "f", "1", "esc", "N", "x", "enter", "o", "!", "F"} {
		msgs = append(msgs, keyMsg(k))
	}
	var cmds []tea.Cmd
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		cmds = append(cmds, cmd)
	}
	if n := st.count(); n != 0 {
		t.Fatalf("Update called the store %d times", n)
	}
	// The commands do the work.
	for _, c := range cmds {
		runCmd(c)
	}
	if st.count() == 0 {
		t.Fatal("the commands never reached the store")
	}
}

// runCmd runs a command and the batches inside it, skipping the ones that wait on time.
func runCmd(c tea.Cmd) []tea.Msg {
	if c == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case msg := <-done:
		switch msg := msg.(type) {
		case tea.BatchMsg:
			var out []tea.Msg
			for _, c := range msg {
				out = append(out, runCmd(c)...)
			}
			return out
		case testTick:
			return nil // the clock: the tests move it themselves
		}
		return []tea.Msg{msg}
	case <-time.After(waitsOnNews):
		return nil // a command that waits on news (the shared queue's), not on its own work
	}
}

// testTick stands for a tick (tick, replayTickCmd) in the tests, at once: so runCmd needs no
// deadline to tell a tick from a command at work, and a ranking slowed by a loaded machine or
// the race detector is not taken for one (and dropped) any more.
type testTick struct{}

// waitsOnNews is how long runCmd gives a command before taking it for one that waits on news
// (a colleague's write): far longer than any command's own work.
const waitsOnNews = 3 * time.Second

func init() {
	tick = func() tea.Cmd { return func() tea.Msg { return testTick{} } }
	replayTickCmd = tick
}

func TestLoggingAnAttempt(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	_, first := m.current()
	key := first.Key()
	cmds := press(m, "a", "s")
	if m.mode != modeNormal {
		t.Fatalf("mode %v after the result key", m.mode)
	}
	for _, msg := range runCmd(cmds[1]) {
		m.Update(msg)
	}
	if len(st.events) != 1 {
		t.Fatalf("events logged: %+v", st.events)
	}
	e := st.events[0]
	if e.Order != key || e.Kind != queue.EventContact || e.Result != queue.ResultSent || e.Operator != "小美" || e.ScriptID == "" || e.At != shopNow.Unix() {
		t.Fatalf("event %+v", e)
	}
	if !strings.Contains(screen(m), "已记录") {
		t.Fatalf("no confirmation on screen:\n%s", screen(m))
	}
	// The order's contact state moved in memory, without a reload.
	for i := range m.snap.Orders {
		if m.snap.Orders[i].Key() == key && m.snap.Orders[i].Contact.Touches != 1 {
			t.Fatalf("touches not applied: %+v", m.snap.Orders[i].Contact)
		}
	}
	if m.selected == key {
		t.Fatal("the selection stayed on the logged order instead of moving to the next")
	}
}

func TestDeclineNeedsAReason(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	cmds := press(m, "o", "d")
	if m.mode != modeDecline || cmds[1] != nil {
		t.Fatalf("after o d: mode %v", m.mode)
	}
	cmds = press(m, "2")
	for _, msg := range runCmd(cmds[0]) {
		m.Update(msg)
	}
	if len(st.events) != 1 || st.events[0].Result != queue.ResultDeclined || st.events[0].Reason != queue.DeclineReasons[1] {
		t.Fatalf("events %+v", st.events)
	}
}

// TestLostClaimIsShown: a claim the store refused says whose the order is, until when: the
// lease ends at the shop's midnight, on the day after the clock's (15:00), so with its date.
func TestLostClaimIsShown(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	st.claim = fmt.Errorf("claim: %w", &data.Refusal{Code: data.CodeClaimed, Order: queue.OrderKey{ID: "1001"}, By: "阿杰\x1b", Until: 1794412800})
	for _, msg := range runCmd(press(m, "m")[0]) {
		m.Update(msg)
	}
	if !strings.Contains(screen(m), `已被阿杰\x1b认领,至 11-12 00:00`) {
		t.Fatalf("a lost claim is not shown:\n%s", screen(m))
	}
}

func TestStaleSnapshotIsDropped(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	old := m.snap
	m.Update(versionMsg{v: 9}) // asks for generation 2
	m.Update(snapshotMsg{gen: m.gen - 1, version: 5, snap: &queue.Snapshot{}})
	if m.snap != old {
		t.Fatal("a stale snapshot replaced the current one")
	}
}

// runAll runs a command and the batches it makes, and returns the messages.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runAll(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// TestChangesAreMerged: another process's writes reach the screen as a merge of the changed
// orders, not a full reload; a big import falls back to one.
func TestChangesAreMerged(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	m.snap.Seq = 7
	paid := m.snap.Orders[0]
	arrived := queue.Order{ID: "990", Title: "香薰蜡烛礼盒", Amount: 12900, Created: shopNow.Add(-40 * time.Minute).Unix(),
		Deadline: shopNow.Add(20 * time.Hour).Unix(), Platform: queue.PlatformTaobao}
	st.changes = &queue.Changes{Seq: 9, Orders: []queue.Changed{
		{Order: paid, Status: queue.StatusPaid, Buyer: m.snap.Buyers[paid.Buyer]},
		{Order: arrived, Status: queue.StatusUnpaid, Buyer: queue.Buyer{Nick: "新来的买家"}},
	}}
	n := len(m.snap.Orders)
	var got *changesMsg
	for _, msg := range runAll(m.onVersion(2)) {
		if c, ok := msg.(changesMsg); ok {
			got = &c
		}
		if _, ok := msg.(snapshotMsg); ok {
			t.Fatal("a small change reloaded the whole snapshot")
		}
	}
	if got == nil {
		t.Fatal("no changes were asked for")
	}
	m.Update(*got)
	if len(m.snap.Orders) != n || m.snap.Seq != 9 {
		t.Fatalf("after the merge: %d orders (want %d), seq %d", len(m.snap.Orders), n, m.snap.Seq)
	}
	// (Where it is, the merge decides: it keeps the snapshot laid out.)
	at := slices.IndexFunc(m.snap.Orders, func(o queue.Order) bool { return o.ID == "990" })
	if at < 0 || !m.isNew(int32(at)) {
		t.Fatal("the arrival is not in the queue, marked new")
	}
	for _, r := range m.rows {
		if m.snap.Orders[r.Order].Key() == paid.Key() {
			t.Fatalf("the paid order %s is still on the list after the merge", paid.ID)
		}
	}
	if !said(m, "离开队列") {
		t.Fatalf("the payment is not announced: %v", m.notices)
	}
	// A big import: the merge gives way to a full reload.
	st.changesErr = data.ErrTooManyChanges
	var reloaded bool
	for _, msg := range runAll(m.onVersion(3)) {
		if c, ok := msg.(changesMsg); ok {
			for _, msg := range runAll(m.onChanges(c)) {
				_, reloaded = msg.(snapshotMsg)
			}
		}
	}
	if !reloaded {
		t.Fatal("too many changes did not reload the snapshot")
	}
}

func TestSelectionFollowsTheOrder(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	press(m, "j", "j")
	key := m.selected
	// A reload brings two urgent orders that rank above everything.
	snap := testSnapshot()
	for i := 0; i < 2; i++ {
		snap.Orders = append(snap.Orders, queue.Order{ID: "99" + string(rune('0'+i)), Title: "法式多门冰箱", Amount: 1199900,
			Created: shopNow.Add(-2 * time.Hour).Unix(), Deadline: shopNow.Add(20 * time.Minute).Unix(), Buyer: 0, Agent: -1,
			Platform: queue.PlatformTaobao, Contact: queue.ContactState{ClaimBy: -1}})
	}
	st.snap = snap // what the store holds now
	m.Update(versionMsg{v: 2})
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 2, snap: snap})
	settle(m, cmd)
	if m.selected != key {
		t.Fatalf("selection moved from %v to %v", key, m.selected)
	}
	if m.qp.cursor != 4 {
		t.Fatalf("cursor %d, want 4 (two new orders above)", m.qp.cursor)
	}
	if !m.isNew(int32(len(snap.Orders) - 1)) {
		t.Fatal("the new order is not marked")
	}
}

func TestFilter(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	settle(m, press(m, "/", "口", "红", "enter")...)
	if len(m.shown) != 1 || !strings.Contains(m.snap.Orders[m.shown[0].Order].Title, "口红") {
		t.Fatalf("filter shows %d rows", len(m.shown))
	}
	settle(m, press(m, "esc")...)
	if len(m.shown) != len(m.snap.Orders) {
		t.Fatalf("after esc %d rows", len(m.shown))
	}
}

// A filter that matches no order says so, and how to see all again: the queue pane said
// 队列是空的:没有未付款订单 (the queue is empty: no unpaid orders) over a queue of 52,464
// due orders. esc still clears the filter.
func TestAFilterMatchingNothing(t *testing.T) {
	for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
		m, _ := newTest(t, 80, 24, lang)
		settle(m, press(m, "/", "z", "z", "z", "enter")...)
		if len(m.shown) != 0 {
			t.Fatalf("%v: the filter zzz shows %d rows", lang, len(m.shown))
		}
		if s := screen(m); strings.Contains(s, m.wd.EmptyQueue) || !strings.Contains(s, fmt.Sprintf(m.wd.NoMatch, "esc")) {
			t.Errorf("%v: a filter matching nothing says the queue is empty:\n%s", lang, s)
		}
		settle(m, press(m, "esc")...)
		if m.filterText != "" || len(m.shown) != len(m.snap.Orders) {
			t.Fatalf("%v: after esc the filter is %q, %d rows of %d", lang, m.filterText, len(m.shown), len(m.snap.Orders))
		}
	}
}

func stripANSI(s string) string { return ansi.Strip(s) }

// TestStoreWaitIsShown: a write waiting on another process's import says so on the status
// line, and the word goes when the write is through.
func TestStoreWaitIsShown(t *testing.T) {
	m, _ := newTest(t, 120, 30, queue.LangZH)
	m.Update(StoreWaitMsg(true))
	if v := m.View().Content; !strings.Contains(v, "等待导入完成…") {
		t.Fatalf("no word of the wait:\n%s", v)
	}
	m.Update(StoreWaitMsg(false))
	if v := m.View().Content; strings.Contains(v, "等待导入完成…") {
		t.Fatalf("the wait is over, the word stays:\n%s", v)
	}
}

// TestFilterAfterAMergeThatRemovedOrders: the filter still finds the right orders after a
// merge took an order out of the queue (the orders after it move up by one). Before, the
// filter read the haystack by the old places and showed the order next to the one asked for.
func TestFilterAfterAMergeThatRemovedOrders(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	m.snap.Seq = 7
	last := m.snap.Orders[len(m.snap.Orders)-1]
	nick := m.snap.Buyers[last.Buyer].Nick
	settle(m, m.setFilter(nick)) // the haystack is made
	paid := m.snap.Orders[0]
	st.changes = &queue.Changes{Seq: 9, Orders: []queue.Changed{{Order: paid, Status: queue.StatusPaid, Buyer: m.snap.Buyers[paid.Buyer]}}}
	settle(m, m.onVersion(2))
	if len(m.shown) == 0 {
		t.Fatalf("the filter %q finds nothing after the merge", nick)
	}
	for _, r := range m.shown {
		if o := m.snap.Orders[r.Order]; m.snap.Buyers[o.Buyer].Nick != nick {
			t.Errorf("the filter %q shows order %s of %s", nick, o.ID, m.snap.Buyers[o.Buyer].Nick)
		}
	}
}

// TestSmallerSnapshotWhileRowsShown: a full reload that brings fewer orders (a big import of
// payments) is shown only with its own rows: until its ranking is back, the rows ranked on
// the snapshot before are not read against it. Before, the workstation panicked when the
// selected row was past the new snapshot's end.
func TestSmallerSnapshotWhileRowsShown(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	end := slices.IndexFunc(m.shown, func(r queue.Row) bool { return int(r.Order) == len(m.snap.Orders)-1 })
	m.selectAt(end)
	smaller := testSnapshot()
	smaller.Orders = smaller.Orders[:len(smaller.Orders)-3]
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: smaller})
	screen(m)
	settle(m, cmd)
	if len(m.shown) != len(smaller.Orders) {
		t.Fatalf("the list shows %d rows after the reload, want %d", len(m.shown), len(smaller.Orders))
	}
	screen(m)

	// A list job on the bigger snapshot still running when the smaller one comes: its rows
	// are not shown against the smaller one.
	bigger := testSnapshot()
	_, cmd = m.Update(snapshotMsg{gen: m.gen, version: 1, snap: bigger})
	settle(m, cmd)
	m.selectAt(slices.IndexFunc(m.shown, func(r queue.Row) bool { return int(r.Order) == len(bigger.Orders)-1 }))
	job := m.relist(true) // on bigger, not run yet
	_, cmd = m.Update(snapshotMsg{gen: m.gen, version: 1, snap: smaller})
	_, relisted := m.Update(job())
	screen(m)
	settle(m, cmd, relisted)
	if len(m.shown) != len(smaller.Orders) || m.snap != smaller {
		t.Fatalf("after a job on the snapshot before: %d rows, want %d", len(m.shown), len(smaller.Orders))
	}
}

// TestMyOutcomeIsMyAttemptsContact: 小美's promise logged at the workstation right after her
// IM on the same order is that contact: no cooldown or cap warning is logged with it, and the
// order keeps one touch in memory.
func TestMyOutcomeIsMyAttemptsContact(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	_, first := m.current()
	key := first.Key()
	settle(m, press(m, "a", "s")...)
	for i := range m.shown {
		if m.snap.Orders[m.shown[i].Order].Key() == key {
			m.selectAt(i)
		}
	}
	if _, o := m.current(); o == nil || o.Key() != key {
		t.Fatalf("the IM's order %v is not on the list", key)
	}
	settle(m, press(m, "o", "p")...)
	if len(st.events) != 2 || st.events[1].Result != queue.ResultPromised {
		t.Fatalf("events %+v", st.events)
	}
	if w := st.events[1].Warning; w != "" {
		t.Errorf("the promise was logged with %q", w)
	}
	for i := range m.snap.Orders {
		if c := m.snap.Orders[i].Contact; m.snap.Orders[i].Key() == key && (c.Touches != 1 || c.LastResult != queue.ResultPromised) {
			t.Errorf("the order in memory: %+v, want one touch, promised", c)
		}
	}
}

// TestAWrappedMenuLeavesThePaneWhole: a menu too wide for the status line takes the lines
// it needs from the layout, so the detail pane is drawn in the lines left to it, whole,
// and gives way by its own rules (the buyer's counts before the script's end). Drawn over
// the pane, the menu hid its last lines: at 60 columns English "declined because …" took
// three lines and cut the script's last line.
func TestAWrappedMenuLeavesThePaneWhole(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		lang queue.Lang
		keys []string
	}{
		{"decline_menu_en_60x24", 60, 24, queue.LangEN, []string{"o", "d"}},
		{"snooze_menu_en_60x16", 60, 16, queue.LangEN, []string{"z"}},
		{"snooze_menu_en_80x24", 80, 24, queue.LangEN, []string{"z"}},
		{"outcome_menu_zh_80x24", 80, 24, queue.LangZH, []string{"o"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := newTest(t, tc.w, tc.h, tc.lang)
			press(m, tc.keys...)
			m.Update(detailMsg{key: m.selected, d: data.Detail{Receiver: "张*", Phone: "13800001234", BuyerOrders: 2, BuyerPaid: 1,
				Note: "买家留言:请尽快发货,颜色要正红"}})
			v := screen(m)
			checkWidths(t, v, tc.w, tc.h)
			pane := strings.Split(ansi.Strip(m.dp.View()), "\n")
			if n := len(m.menu.wrapped()); n > 2 && m.lay.Menu.H != n {
				t.Errorf("the menu needs %d lines and was given %d", n, m.lay.Menu.H)
			}
			if !strings.Contains(v, strings.Join(pane, "\n")) {
				t.Errorf("the detail pane is not whole on screen:\n%s\n--- the pane\n%s", v, strings.Join(pane, "\n"))
			}
			golden(t, tc.name, v)
		})
	}
}

// TestLayoutGivesAMenuItsLines: for every size and menu height the rectangles tile the
// screen: the menu gets the lines it needs past the status line and the help from the
// panes, which keep minBody lines and the queue its lines first.
func TestLayoutGivesAMenuItsLines(t *testing.T) {
	for _, w := range []int{MinWidth, 80, 119, 120, 200} {
		for h := MinHeight; h <= 40; h += 4 {
			for menuH := 0; menuH <= 12; menuH++ {
				l := layout(w, h, 1, menuH)
				panes := l.Queue.H + l.Detail.H
				if l.SideBySide {
					panes = l.Queue.H
				}
				bottom := 1 + l.Help.H
				if menuH > 0 {
					bottom = l.Menu.H
					if want := min(max(menuH, 2), h-2-minBody); l.Menu.H != want {
						t.Errorf("%dx%d menu %d: given %d lines, want %d", w, h, menuH, l.Menu.H, want)
					}
				}
				if 2+panes+bottom != h || panes < minBody || l.Detail.Y != l.Queue.Y+l.Queue.H && !l.SideBySide {
					t.Errorf("%dx%d menu %d: the parts do not tile the screen: %+v", w, h, menuH, l)
				}
				if !l.SideBySide && l.Detail.H > 0 && l.Queue.H != layout(w, h, 1, 0).Queue.H {
					t.Errorf("%dx%d menu %d: the queue moved while the detail had lines: %+v", w, h, menuH, l)
				}
			}
		}
	}
}

// TestASlowCommandIsNotTakenForATick: the tests' runCmd waits for a command at work, even one
// a loaded machine or the race detector slows down (a ranking, a store call), and drops a
// tick at once. It took any command slower than 100 ms for a tick and dropped its message,
// so a menu test failed now and then on a busy machine (the menu's order never came).
func TestASlowCommandIsNotTakenForATick(t *testing.T) {
	type worked struct{}
	slow := func() tea.Msg { time.Sleep(250 * time.Millisecond); return worked{} }
	if got := runCmd(slow); len(got) != 1 || got[0] != (worked{}) {
		t.Fatalf("a command of 250 ms gave %v", got)
	}
	start := time.Now()
	if got := runCmd(tick()); len(got) != 0 || time.Since(start) > time.Second {
		t.Fatalf("a tick gave %v after %v", got, time.Since(start))
	}
}
