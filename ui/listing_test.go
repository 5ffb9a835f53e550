package ui

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// TestFastKeysActOnceEach: a s a s a s typed faster than the store answers logs three
// different orders, one event each: the selection moves on when the key is pressed.
func TestFastKeysActOnceEach(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	cmds := press(m, "a", "s", "a", "s", "a", "s")
	for _, i := range []int{1, 3, 5} {
		runCmd(cmds[i]) // the store logs; its answers are not read yet
	}
	if n := len(st.events); n != 3 {
		t.Fatalf("%d events, want 3: %+v", n, st.events)
	}
	seen := map[queue.OrderKey]int{}
	for _, e := range st.events {
		seen[e.Order]++
	}
	if len(seen) != 3 {
		t.Fatalf("events on %d orders, want 3 different: %v", len(seen), seen)
	}
	if len(m.pending) != 3 {
		t.Fatalf("%d orders pending, want 3", len(m.pending))
	}
	if !strings.Contains(screen(m), "⋯") {
		t.Fatalf("no pending mark on screen:\n%s", screen(m))
	}
}

// TestActionOnALeadMovesPastItsGroup: a contact on a buyer's lead order goes to the orders
// grouped under it too, so the selection moves on to the next buyer, not into the group.
func TestActionOnALeadMovesPastItsGroup(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	for _, o := range st.snap.Orders { // every order is open: buyers with two are grouped
		st.snap.Buyers[o.Buyer].Open++
	}
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 2, snap: st.snap})
	settle(m, cmd)
	lead := -1
	for i := 0; i+1 < len(m.shown); i++ {
		if m.shown[i].Section() == queue.SectionDue && m.shown[i+1].Section() == queue.SectionGrouped {
			lead = i
			break
		}
	}
	if lead < 0 {
		t.Fatalf("the test snapshot has no grouped buyer:\n%s", screen(m))
	}
	m.selectAt(lead)
	buyer := m.snap.Orders[m.shown[lead].Order].Buyer
	press(m, "a", "s")
	row, o := m.current()
	if o == nil || row.Section() == queue.SectionGrouped || o.Buyer == buyer {
		t.Fatalf("after a s on the lead at %d the selection is at %d (%v, buyer %d, the lead's %d)\n%s",
			lead, m.qp.cursor, row.Section(), o.Buyer, buyer, screen(m))
	}
}

// TestSecondKeyOnAPendingOrderIsRefused: at the end of the list the selection cannot move
// on, and a second action on the order still on its way is refused with a notice.
func TestSecondKeyOnAPendingOrderIsRefused(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	press(m, "G")
	key := m.selected
	send := press(m, "m")[0] // a claim: the selection stays
	if m.selected != key || !m.keyPending(key) {
		t.Fatalf("after m: selected %v (was %v), pending %v", m.selected, key, m.pending)
	}
	if cmd := press(m, "a")[0]; cmd != nil || m.mode != modeNormal {
		t.Fatalf("a on a pending order opened mode %v", m.mode)
	}
	if !said(m, "正在记录") {
		t.Fatalf("notice %v", m.notices)
	}
	settle(m, send)
	if m.keyPending(key) || len(st.events) != 1 {
		t.Fatalf("after the answer: pending %v, %d events", m.pending, len(st.events))
	}
}

// TestUpdateNeverRanks: a new snapshot's rows come from a list job, not from Update, and a
// tick re-ranks only when the ranking can change.
func TestUpdateNeverRanks(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
	if m.rows != nil || !m.listing {
		t.Fatal("the snapshot was ranked in Update")
	}
	settle(m, cmd)
	if m.rows == nil || m.listing {
		t.Fatal("the list job's rows were not swapped in")
	}
	gen := m.listGen
	m.Update(tickMsg(time.Now())) // the shop clock is frozen: nothing can change
	if m.listGen != gen {
		t.Fatal("a tick re-ranked though nothing could change")
	}
	m.nextRankAt = m.now.Unix() // the next order becomes due now
	m.Update(tickMsg(time.Now()))
	if m.listGen != gen+1 {
		t.Fatal("a tick did not re-rank when an order became due")
	}
}

// TestWritesWaitForTheListJob: while a list job reads the snapshot, a logged event is held
// and applied when the job is back; a result of an older job is dropped.
func TestWritesWaitForTheListJob(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	_, o := m.current()
	key, touches := o.Key(), o.Contact.Touches
	logged := runCmd(press(m, "a", "s")[1])
	job := m.relist(true) // a job is running when the answer comes
	for _, msg := range logged {
		if _, ok := msg.(loggedMsg); ok {
			m.Update(msg)
		}
	}
	order := func() *queue.Order {
		for i := range m.snap.Orders {
			if m.snap.Orders[i].Key() == key {
				return &m.snap.Orders[i]
			}
		}
		return nil
	}
	if order().Contact.Touches != touches || len(m.held) != 1 {
		t.Fatalf("the snapshot was written while a job read it (held %d)", len(m.held))
	}
	settle(m, job)
	if order().Contact.Touches != touches+1 || len(m.held) != 0 {
		t.Fatalf("the held event was not applied: touches %d", order().Contact.Touches)
	}
	// An older job's result changes nothing.
	rows := m.rows
	m.Update(listedMsg{gen: m.listGen - 1, rows: nil, shown: nil})
	if len(m.rows) != len(rows) {
		t.Fatal("a stale list result replaced the rows")
	}
}

// TestFilterKeystrokesQueueBehindTheJob: typing while a filter job runs asks again once,
// with the newest text, when the job is back.
func TestFilterKeystrokesQueueBehindTheJob(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	cmds := press(m, "/", "口")
	gen := m.listGen
	more := press(m, "红")
	if m.listGen != gen {
		t.Fatal("a second job started while one ran")
	}
	settle(m, append(cmds, more...)...)
	if len(m.shown) != 1 || !strings.Contains(m.snap.Orders[m.shown[0].Order].Title, "口红") {
		t.Fatalf("filter shows %d rows", len(m.shown))
	}
}

// TestFilterTypedDuringAnUnfilteredJobKeepsTheQueue: a filter typed while the job that
// cleared the previous one runs, then changed again, leaves the ranked queue as it was.
// The cleared job's result is the ranked rows themselves, and it was kept as a filter
// buffer: the next job but one filtered into the queue's own rows, so the queue showed its
// first order twice and lost the one that was first (until the next re-rank).
func TestFilterTypedDuringAnUnfilteredJobKeepsTheQueue(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	ids := func(rows []queue.Row) []string {
		var out []string
		for _, r := range rows {
			out = append(out, m.snap.Orders[r.Order].ID)
		}
		return out
	}
	before := ids(m.rows)
	settle(m, press(m, "/", "t", "b", "enter")...)
	cmds := press(m, "/")
	_, clear := m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // the job without a filter
	cmds = append(cmds, clear)
	settle(m, append(cmds, press(m, "沙")...)...) // typed while it ran
	settle(m, press(m, "发")...)
	if got := ids(m.shown); len(got) != 1 {
		t.Errorf("filter 沙发 shows %v", got)
	}
	settle(m, press(m, "esc")...)
	if got := ids(m.rows); !slices.Equal(got, before) {
		t.Errorf("the queue changed under the filter:\n got %v\nwant %v", got, before)
	}
	if got := ids(m.shown); !slices.Equal(got, before) {
		t.Errorf("with the filter cleared the list shows\n %v\nwant %v", got, before)
	}
}

// TestPositionIndicator: the list's header says where the selection is, 1/8 then 2/8.
func TestPositionIndicator(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	n := strconv.Itoa(len(m.shown))
	if !strings.Contains(screen(m), " 1/"+n) {
		t.Fatalf("no 1/%s on screen:\n%s", n, screen(m))
	}
	press(m, "j")
	if !strings.Contains(screen(m), " 2/"+n) {
		t.Fatalf("no 2/%s after j:\n%s", n, screen(m))
	}
}

// TestCtrlCQuitsInEveryMode: ctrl+c ends the program from the list, the filter and each menu.
func TestCtrlCQuitsInEveryMode(t *testing.T) {
	ctrlC := tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	for _, keys := range [][]string{nil, {"/"}, {"/", "x"}, {"a"}, {"o"}, {"o", "d"}} {
		m, _ := newTest(t, 80, 24, queue.LangZH)
		press(m, keys...)
		_, cmd := m.Update(ctrlC)
		if cmd == nil {
			t.Fatalf("after %v: ctrl+c did nothing", keys)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatalf("after %v: ctrl+c did not quit", keys)
		}
	}
}

// TestCopyOrderAndBuyer: y copies the order number, Y the buyer's nick.
func TestCopyOrderAndBuyer(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	_, o := m.current()
	for k, want := range map[string]string{"y": o.ID, "Y": m.snap.Buyers[o.Buyer].Nick} {
		cmd := press(m, k)[0]
		if cmd == nil || !said(m, want) {
			t.Fatalf("%s: notices %v, want %q", k, m.notices, want)
		}
		if got := fmt.Sprint(cmd()); !strings.Contains(got, want) {
			t.Fatalf("%s put %q on the clipboard, want %q", k, got, want)
		}
	}
}

// TestEveryKeyIsInTheHelp: each mode's full help lists every key that mode takes.
func TestEveryKeyIsInTheHelp(t *testing.T) {
	m, _ := newTest(t, 100, 40, queue.LangZH)
	press(m, "?")
	for _, k := range []string{"g ", "G ", "n/tab", "y ", "Y ", "v ", "m ", "z ", "ctrl+c", "pgdn", "esc"} {
		if !strings.Contains(screen(m), k) {
			t.Errorf("the full help has no %q:\n%s", k, screen(m))
		}
	}
	press(m, "?", "o")
	for _, k := range []string{"p ", "P ", "d ", "$ ", "x ", "i ", "u ", "esc"} {
		if !strings.Contains(screen(m), k) {
			t.Errorf("the outcome menu's help has no %q:\n%s", k, screen(m))
		}
	}
}

// TestUndoRevokesMyLastAction: u takes back my last action by a revoke of its event, once,
// and only within [roster] undo_window of it.
func TestUndoRevokesMyLastAction(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	settle(m, press(m, "a", "s")...)
	if len(st.events) != 1 {
		t.Fatalf("events %+v", st.events)
	}
	logged := st.events[0]
	settle(m, press(m, "u")...)
	if len(st.events) != 2 || st.events[1].Kind != queue.EventRevoke || st.events[1].Revokes != logged.ID ||
		st.events[1].Order != logged.Order || st.events[1].UID == "" {
		t.Fatalf("after u: %+v", st.events)
	}
	if !said(m, "已撤销") {
		t.Fatalf("notice %v", m.notices)
	}
	// The replay says why in words of each language: the log keeps a code.
	undo := st.events[1]
	if zh := EventWords(&undo, queue.LangZH, time.UTC); strings.ContainsFunc(zh, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) {
		t.Errorf("the replay says the undo as %q", zh)
	}
	if en := EventWords(&undo, queue.LangEN, time.UTC); !strings.Contains(en, "undone at the workstation") {
		t.Errorf("the English replay says the undo as %q", en)
	}
	// Once: a second u, pressed after the first was let go, has nothing to take back.
	m.holding.at = time.Now().Add(-holdGap)
	if cmd := press(m, "u")[0]; cmd != nil || !said(m, "没有可撤销") {
		t.Fatalf("a second u: notice %v", m.notices)
	}
	// Too late: past the window.
	settle(m, press(m, "a", "s")...)
	m.lastOwnAt = time.Now().Add(-m.cfg.Roster.UndoWindow.D() - time.Second)
	if cmd := press(m, "u")[0]; cmd != nil {
		t.Fatal("u took back an action past the undo window")
	}
}

// said reports whether a queued notice says s.
func said(m *Model, s string) bool {
	for _, n := range m.notices {
		if strings.Contains(n.text, s) {
			return true
		}
	}
	return false
}

// TestNoticesQueueAndWarningsStay: news waits its turn instead of overwriting what is
// shown; news gives way after a while, a warning only when a key reads it.
func TestNoticesQueueAndWarningsStay(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	m.notices = nil
	m.say("已认领", false)
	m.say("导入完成", false)
	m.say("认领被拒", true)
	if m.notice != "已认领" {
		t.Fatalf("shown %q, want the first notice", m.notice)
	}
	m.noticeAt = time.Now().Add(-noticeRead - time.Second)
	m.Update(tickMsg(time.Now()))
	if m.notice != "导入完成" {
		t.Fatalf("shown %q after its time, want the next", m.notice)
	}
	m.noticeAt = time.Now().Add(-noticeTime - time.Second)
	m.Update(tickMsg(time.Now()))
	m.noticeAt = time.Now().Add(-time.Hour) // a warning stays, however long
	m.Update(tickMsg(time.Now()))
	if m.notice != "认领被拒" || !m.noticeWarn {
		t.Fatalf("shown %q, want the warning to stay", m.notice)
	}
	press(m, "j")
	if m.notice != "" {
		t.Fatalf("a key did not read the warning: %q", m.notice)
	}
}

// TestNewStoreAndFirstRun: a store made for this start says so, and where, until read; an
// empty queue says how to import and where the inbox is.
func TestNewStoreAndFirstRun(t *testing.T) {
	st := &fakeStore{snap: &queue.Snapshot{}}
	m := New(Options{Store: st, Config: testConfig(), Clock: queue.FixedClock{T: shopNow}, Operator: "小美",
		Lang: queue.LangZH, Inbox: "/tmp/shop/inbox", NewStore: true})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	_, load := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
	settle(m, load)
	v := screen(m)
	if !strings.Contains(v, "已新建一个空的存储:/tmp/shop/cuifu.db") || !m.noticeWarn {
		t.Fatalf("no new-store warning:\n%s", v)
	}
	if !strings.Contains(v, "cuifu import") || !strings.Contains(v, "/tmp/shop/inbox") {
		t.Fatalf("the empty queue does not say how to import:\n%s", v)
	}
}

// TestColleagueChangeKeepsThePlace: when a colleague claims my selected order, the
// selection stays where it was in the list instead of following the order down, a notice
// says who, and the detail pane reloads.
func TestColleagueChangeKeepsThePlace(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	m.snap.Seq = 7
	press(m, "j")
	cursor := m.qp.cursor
	_, o := m.current()
	claimed := *o
	claimed.Contact.ClaimUntil = queue.UnixTime(shopNow.Add(10 * time.Minute).Unix())
	st.changes = &queue.Changes{Seq: 8, Orders: []queue.Changed{{Order: claimed, Status: queue.StatusUnpaid,
		Buyer: m.snap.Buyers[o.Buyer], Claim: "阿杰"}}}
	var cmds []tea.Cmd
	for _, msg := range runAll(m.onVersion(2)) {
		if c, ok := msg.(changesMsg); ok {
			_, cmd := m.Update(c)
			cmds = append(cmds, cmd)
		}
	}
	if m.detail != nil {
		t.Fatal("the detail of the changed order was kept")
	}
	settle(m, cmds...)
	if m.qp.cursor != cursor || m.selected == claimed.Key() {
		t.Fatalf("cursor %d (was %d), selected %v: the selection followed the claimed order", m.qp.cursor, cursor, m.selected)
	}
	if !said(m, "阿杰 刚认领了订单 "+claimed.ID) {
		t.Fatalf("no notice of who: %v", m.notices)
	}
	if m.detail == nil {
		t.Fatal("the detail pane did not reload")
	}
}

// TestSnoozeOffersThreeTimesAndSaysPastClose: z offers an hour, the channel's next open
// moment and tomorrow at the same time; a snooze past the order's close says so.
func TestSnoozeOffersThreeTimesAndSaysPastClose(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	press(m, "z")
	if m.mode != modeSnooze || !strings.Contains(screen(m), "1小时后") || !strings.Contains(screen(m), "明天同一时间") {
		t.Fatalf("no snooze menu:\n%s", screen(m))
	}
	_, o := m.current()
	times := m.snoozeTimes()
	if !times[0].Equal(shopNow.Add(time.Hour)) || !times[2].Equal(shopNow.AddDate(0, 0, 1)) || !times[1].After(shopNow) {
		t.Fatalf("snooze times %v", times)
	}
	m.snap.Orders[m.shown[m.qp.cursor].Order].Deadline = shopNow.Add(35 * time.Minute).Unix() // closes soon
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})                                        // the menu shows what Update gave it
	if !strings.Contains(screen(m), "过关闭时间") {
		t.Fatalf("the menu does not say which times are past the close:\n%s", screen(m))
	}
	settle(m, press(m, "1")...)
	if len(st.events) != 1 || st.events[0].Kind != queue.EventSnooze || st.events[0].Until != shopNow.Add(time.Hour).Unix() ||
		st.events[0].Order != o.Key() {
		t.Fatalf("events %+v", st.events)
	}
	if !said(m, "已过关闭时间") {
		t.Fatalf("a snooze past the close said nothing: %v", m.notices)
	}
}

// TestWideRowsShowBuyerAndItem: a wide list shows each row's buyer and a short item name;
// a narrow one leaves them to the detail pane.
func TestWideRowsShowBuyerAndItem(t *testing.T) {
	wide, _ := newTest(t, 240, 30, queue.LangZH)
	narrow, _ := newTest(t, 80, 24, queue.LangZH)
	_, o := wide.current()
	nick := wide.snap.Buyers[o.Buyer].Nick
	if v := screen(wide); !strings.Contains(strings.Split(v, "\n")[3], nick) {
		t.Fatalf("the wide row has no buyer %q:\n%s", nick, v)
	}
	if line := strings.Split(screen(narrow), "\n")[3]; strings.Contains(line, nick) {
		t.Fatalf("the narrow row shows the buyer: %q", line)
	}
	checkWidths(t, screen(wide), 240, 30)
}

// TestDetailShowsTheBuyersMessage: the export's buyer message and notes are in the detail
// pane, on one line, its escape codes shown as text, never sent to the terminal.
func TestDetailShowsTheBuyersMessage(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	m.Update(detailMsg{key: m.selected, d: data.Detail{Note: "周末送货\n\x1b[31m 请开发票"}})
	v := screen(m)
	if !strings.Contains(v, "留言 周末送货 ") || !strings.Contains(v, "请开发票") || strings.Contains(m.View().Content, "\x1b[31m 请") {
		t.Fatalf("no clean buyer message in the detail:\n%s", v)
	}
}

// TestFreeTextIsMaskedUntilRevealed: a phone or an e-mail written in the buyer's message, in
// a note typed at the workstation or in a contact's note is masked in the detail pane, the
// history and the notice, until the buyer is revealed; an undone contact is not listed as a
// contact.
func TestFreeTextIsMaskedUntilRevealed(t *testing.T) {
	m, _ := newTest(t, 100, 30, queue.LangZH)
	key := m.selected
	hist := []queue.Event{
		{ID: 1, At: shopNow.Unix() - 600, Operator: "小美", Kind: queue.EventContact, Order: key, Channel: queue.ChannelIM,
			Result: queue.ResultSent, Note: "买家说打 139 1234 5678", RevokedBy: 2},
		{ID: 3, At: shopNow.Unix() - 300, Operator: "小美", Kind: queue.EventContact, Order: key, Channel: queue.ChannelIM,
			Result: queue.ResultReplied, Note: "邮箱 foo.bar@qq.com"},
	}
	m.Update(detailMsg{key: key, d: data.Detail{Note: "联系我 +86 138-0013-8000", History: hist}})
	full := []string{"13800138000", "138-0013-8000", "139 1234 5678", "foo.bar@qq.com"}
	leaks := func(where, v string) {
		t.Helper()
		for _, f := range full {
			if strings.Contains(v, f) {
				t.Errorf("%s shows %q before a reveal:\n%s", where, f, v)
			}
		}
	}
	v := screen(m)
	leaks("the detail pane", v)
	if strings.Contains(v, "已发送") || !strings.Contains(v, "已回复") {
		t.Errorf("the contacts line lists the undone contact, or misses the other:\n%s", v)
	}
	press(m, "h")
	leaks("the history", screen(m))
	press(m, "esc", "N")
	for _, r := range "备注 13800138000" {
		m.Update(keyMsg(string(r)))
	}
	press(m, "enter")
	leaks("the note's notice", screen(m))
	settle(m, press(m, "v")...)
	m.Update(detailMsg{key: key, d: data.Detail{Note: "联系我 +86 138-0013-8000", History: hist}})
	if v := screen(m); !m.revealed[key] || !strings.Contains(v, "138-0013-8000") {
		t.Errorf("revealed, the buyer's message is still masked:\n%s", v)
	}
}

// TestEveryBindingIsInSomeHelp: every binding of the KeyMap, the menus' too, is in the help
// of some mode, so the help is the whole KeyMap; ctrl+b (the team board) is listed where a
// board is, and pages nothing where none is.
func TestEveryBindingIsInSomeHelp(t *testing.T) {
	km := DefaultKeyMap(words.For(queue.LangZH), queue.LangZH)
	inHelp := map[string]bool{}
	for md := modeNormal; md < modes; md++ {
		for _, col := range km.For(md).FullHelp() {
			for _, b := range col {
				inHelp[b.Help().Key] = true
			}
		}
	}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch {
		case v.Type() == reflect.TypeOf(key.Binding{}):
			if b := v.Interface().(key.Binding); !inHelp[b.Help().Key] {
				t.Errorf("%s (%s) is in no mode's help", path, b.Help().Key)
			}
		case v.Kind() == reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case v.Kind() == reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(reflect.ValueOf(km), "KeyMap")

	ctrlB := tea.KeyPressMsg{Code: 'b', Mod: tea.ModCtrl}
	m, _ := newTest(t, 100, 40, queue.LangZH)
	press(m, "?")
	if strings.Contains(screen(m), "ctrl+b") {
		t.Fatalf("ctrl+b is listed with no board:\n%s", screen(m))
	}
	press(m, "G")
	at := m.qp.cursor
	if m.Update(ctrlB); m.qp.cursor != at {
		t.Fatal("ctrl+b paged the list: it is the team board's key")
	}
	st := &fakeStore{snap: testSnapshot()}
	b := New(Options{Store: st, Config: testConfig(), Clock: queue.FixedClock{T: shopNow}, Operator: "小美", Board: true})
	b.Init()
	b.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	settle(b, func() tea.Msg { return snapshotMsg{gen: b.gen, version: 1, snap: st.snap} })
	press(b, "?")
	if v := screen(b); !strings.Contains(v, "ctrl+b") || !strings.Contains(v, "团队看板") {
		t.Fatalf("the full help has no ctrl+b for the team board:\n%s", v)
	}
}

// TestChildrenOwnTheirKeys: the list, the detail pane, the menus and the filter each act
// on the bindings they hold, and the help shows those.
func TestChildrenOwnTheirKeys(t *testing.T) {
	m, st := newTest(t, 100, 40, queue.LangZH)
	m.qp.keys.Down = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "下移"))
	m.dp.keys.Attempt = key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "联系"))
	m.menu.keys.AttemptResults[0].Binding = key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "已发送"))
	m.status.keys.Apply = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "应用"))
	press(m, "x")
	if m.qp.cursor != 1 {
		t.Fatalf("the list's own Down did not move: cursor %d", m.qp.cursor)
	}
	if press(m, "a"); m.mode != modeNormal {
		t.Fatal("a still opens the attempt menu after the detail's key moved to A")
	}
	press(m, "A")
	if m.mode != modeAttempt || !strings.Contains(screen(m), "S 已发送") {
		t.Fatalf("A did not open the attempt menu with its own keys:\n%s", screen(m))
	}
	settle(m, press(m, "S")...)
	if len(st.events) != 1 || st.events[0].Result != queue.ResultSent {
		t.Fatalf("the menu's own S logged %+v", st.events)
	}
	press(m, "/", "口", "tab")
	if m.mode != modeNormal {
		t.Fatal("the filter's own apply key did not close it")
	}
}

// TestColleagueContactSaysWho: a colleague's contact on my selected order is announced
// with the colleague's name, from the change feed.
func TestColleagueContactSaysWho(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	m.snap.Seq = 7
	_, o := m.current()
	touched := *o
	touched.Contact.LastAt, touched.Contact.LastChannel, touched.Contact.LastResult = shopNow.Unix(), queue.ChannelPhone, queue.ResultNoAnswer
	st.changes = &queue.Changes{Seq: 8, Orders: []queue.Changed{{Order: touched, Status: queue.StatusUnpaid,
		Buyer: m.snap.Buyers[o.Buyer], By: "阿杰\x1b"}}}
	for _, msg := range runAll(m.onVersion(2)) {
		if c, ok := msg.(changesMsg); ok {
			settle(m, func() tea.Msg { return c })
		}
	}
	if want := `阿杰\x1b 刚联系了订单 ` + touched.ID + ":电话 未接"; !said(m, want) {
		t.Fatalf("no notice %q: %v", want, m.notices)
	}
}

// TestConfirmKeyOverridesAClaim: a contact refused for a colleague's claim says so and
// offers F; F logs the same contact forced, recorded as an override, and the claim stays
// the colleague's. F is offered once.
func TestConfirmKeyOverridesAClaim(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	st.claimedBy = "阿杰"
	i := m.shown[m.qp.cursor].Order
	m.snap.Orders[i].Contact.ClaimBy, m.snap.Orders[i].Contact.ClaimUntil = 1, queue.UnixTime(shopNow.Add(time.Hour).Unix()) // 阿杰's
	key := m.snap.Orders[i].Key()
	if cmd := press(m, "F")[0]; cmd != nil {
		t.Fatal("F did something with no refusal waiting")
	}
	settle(m, press(m, "a", "s")...)
	if len(st.events) != 0 || !said(m, "已被阿杰认领") || !said(m, "按 F 越过认领照样记录") {
		t.Fatalf("events %+v, notices %v", st.events, m.notices)
	}
	if !strings.Contains(screen(m), "F 越过认领照样记录") {
		t.Fatalf("the help bar does not offer F:\n%s", screen(m))
	}
	settle(m, press(m, "F")...)
	if len(st.events) != 1 {
		t.Fatalf("F logged %d events", len(st.events))
	}
	e := st.events[0]
	if e.Order != key || !e.Force || e.Override != "阿杰" || e.Result != queue.ResultSent || e.UID == "" {
		t.Fatalf("the override logged %+v", e)
	}
	if !said(m, "越过阿杰的认领") {
		t.Fatalf("the override is not announced as such: %v", m.notices)
	}
	if c := m.snap.Orders[i].Contact; c.ClaimBy != 1 || c.Touches != 1 {
		t.Fatalf("after the override the order's contact is %+v: the claim must stay 阿杰's", c)
	}
	if settle(m, press(m, "F")...); len(st.events) != 1 {
		t.Fatal("a second F logged again")
	}
}

// TestContactHistoryScrolls: h shows every touch of the selected order, newest first, each
// with its time, operator, channel, result and script (and a note, an override); j/k and
// pgdn scroll it, and h or esc closes it.
func TestContactHistoryScrolls(t *testing.T) {
	m, _ := newTest(t, 80, 24, queue.LangZH)
	var hist []queue.Event
	chans := []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone}
	results := []queue.Result{queue.ResultSent, queue.ResultNoAnswer, queue.ResultBusy}
	for i := 0; i < 12; i++ {
		hist = append(hist, queue.Event{ID: int64(i + 1), Kind: queue.EventContact, At: shopNow.Add(time.Duration(i-12) * 10 * time.Minute).Unix(),
			Operator: []string{"小美", "阿杰"}[i%2], Channel: chans[i%3], Result: results[i%3], ScriptID: fmt.Sprintf("im.first.%d", i)})
	}
	hist[11].Note, hist[11].Override = "cushion=2 买家说晚上付\x1b[31m", "婷婷"
	hist = append(hist, queue.Event{ID: 13, Kind: queue.EventClaim, At: shopNow.Unix(), Operator: "阿杰"}) // not a touch
	m.Update(detailMsg{key: m.selected, d: data.Detail{History: hist}})
	press(m, "h")
	v := screen(m)
	if m.mode != modeHistory || !strings.Contains(v, "联系记录 1/12") {
		t.Fatalf("h did not open the history:\n%s", v)
	}
	if !strings.Contains(v, "11-11 14:50 阿杰 电话 占线(越过婷婷的认领) · im.first.11 · 买家说晚上付\\x1b[31m") {
		t.Fatalf("the newest touch is not the first line, whole:\n%s", v)
	}
	golden(t, "history_80x24", v)
	press(m, "j", "j", "j")
	if v := screen(m); !strings.Contains(v, "联系记录 4/12") || strings.Contains(v, "im.first.11") || !strings.Contains(v, "11-11 13:20 小美 电话 占线 · im.first.2") {
		t.Fatalf("j did not scroll to older touches:\n%s", v)
	}
	press(m, "pgdown", "pgdown", "pgdown")
	if v := screen(m); !strings.Contains(v, "联系记录 12/12") || !strings.Contains(v, "im.first.0") {
		t.Fatalf("pgdn did not stop at the oldest touch:\n%s", v)
	}
	press(m, "k")
	if !strings.Contains(screen(m), "联系记录 11/12") {
		t.Fatalf("k did not scroll back:\n%s", screen(m))
	}
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if !strings.Contains(screen(m), "联系记录 8/12") || m.qp.cursor != 0 {
		t.Fatalf("the wheel did not scroll the open history (list cursor %d):\n%s", m.qp.cursor, screen(m))
	}
	press(m, "esc")
	if v := screen(m); m.mode != modeNormal || strings.Contains(v, "联系记录") || !strings.Contains(v, "建议") {
		t.Fatalf("esc did not close the history:\n%s", v)
	}
}

// TestClockReRanksAreSpacedByTheirCost: a ranking that took a tenth of a second is not
// redone by the clock for rankSpacing times that, though an order becomes due the next
// second; a quick one is redone then, and a slow one within rankSpacingMax. A change of the
// data re-ranks at once either way.
func TestClockReRanksAreSpacedByTheirCost(t *testing.T) {
	for _, tc := range []struct {
		took    time.Duration
		soonest time.Duration
	}{{100 * time.Millisecond, rankSpacing * 100 * time.Millisecond}, {time.Millisecond, time.Second}, {2 * time.Second, rankSpacingMax}} {
		m, _ := newTest(t, 80, 24, queue.LangZH)
		now := shopNow
		m.opt.Clock = stepClock{&now}
		m.Update(listedMsg{gen: m.listGen, rows: m.rows, shown: m.shown, pos: m.qp.cursor, ranked: true, at: now,
			nextAt: now.Unix() + 1, took: tc.took})
		gen := m.listGen
		for now = now.Add(time.Second); now.Before(shopNow.Add(tc.soonest)); now = now.Add(time.Second) {
			if m.Update(tickMsg(time.Now())); m.listGen != gen {
				t.Fatalf("took %v: the clock re-ranked %v after, before %v", tc.took, now.Sub(shopNow), tc.soonest)
			}
		}
		if m.Update(tickMsg(time.Now())); m.listGen != gen+1 {
			t.Fatalf("took %v: no re-rank %v after the last", tc.took, now.Sub(shopNow))
		}
	}
}

// TestQuickFilters: f opens the quick filters beside the text filter; each keeps its rows
// (mine, a channel, callbacks due, claimed), the status line says which is on, it narrows
// the text filter's rows too, and esc (or 0) shows every row again.
func TestQuickFilters(t *testing.T) {
	m, st := newTest(t, 100, 30, queue.LangZH)
	ids := func() []string {
		var out []string
		for _, r := range m.shown {
			out = append(out, m.snap.Orders[r.Order].ID[len("35153131473293579"):])
		}
		slices.Sort(out)
		return out
	}
	// 阿杰 claims 03; 04 has my callback, due a minute ago.
	s := st.snap
	s.Orders[2].Contact.ClaimBy, s.Orders[2].Contact.ClaimUntil = 1, queue.UnixTime(shopNow.Add(time.Hour).Unix())
	c := &s.Orders[3].Contact
	c.Touches, c.LastAt, c.LastChannel, c.LastResult = 1, shopNow.Add(-2*time.Hour).Unix(), queue.ChannelPhone, queue.ResultPromised
	c.Until, c.CallbackOwner = shopNow.Add(-time.Minute).Unix(), 1
	settle(m, m.relist(true))
	all := len(m.shown)
	for _, tc := range []struct {
		key, name string
		want      []string
	}{
		{"1", "我的", []string{"02", "04", "07"}}, // reception 小美 (02, 07), my callback (04)
		{"4", "电话", nil},                        // on this afternoon every due row is a chat
		{"5", "待回访", []string{"04"}},
		{"6", "已认领", []string{"03"}},
	} {
		settle(m, press(m, "f", tc.key)...)
		if got := ids(); !slices.Equal(got, tc.want) || m.mode != modeNormal {
			t.Errorf("f %s (%s): rows %v, want %v", tc.key, tc.name, got, tc.want)
		}
		if v := screen(m); !strings.Contains(v, "快捷筛选「"+tc.name+"」:"+strconv.Itoa(len(tc.want))+" 单") {
			t.Errorf("f %s: the status line does not say %s:\n%s", tc.key, tc.name, v)
		}
	}
	settle(m, press(m, "f", "2")...) // IM
	for _, r := range m.shown {
		if r.Channel() != queue.ChannelIM {
			t.Fatalf("the IM filter shows a %v row", r.Channel())
		}
	}
	im := len(m.shown)
	settle(m, press(m, "/", "口", "红", "enter")...) // the text filter narrows the quick one
	if got := ids(); !slices.Equal(got, []string{"08"}) || !strings.Contains(screen(m), "快捷筛选「IM」:1 单 · 筛选「口红」") {
		t.Fatalf("IM and 口红: rows %v\n%s", got, screen(m))
	}
	settle(m, press(m, "esc")...) // the text filter goes first
	if len(m.shown) != im {
		t.Fatalf("esc left %d rows, want the IM filter's %d", len(m.shown), im)
	}
	settle(m, press(m, "esc")...)
	if len(m.shown) != all || strings.Contains(screen(m), "快捷筛选") {
		t.Fatalf("a second esc left %d of %d rows", len(m.shown), all)
	}
	settle(m, press(m, "f", "6", "f", "0")...)
	if len(m.shown) != all {
		t.Fatalf("f 0 left %d of %d rows", len(m.shown), all)
	}
	press(m, "f")
	if v := screen(m); !strings.Contains(v, "快捷筛选 0 全部 1 我的 2 IM 3 短信 4 电话 5 待回访 6 已认领") {
		t.Fatalf("no quick filter menu:\n%s", v)
	}
}

// TestNotesAndComplaintsFromTheWorkstation: N types a note that goes with the order's next
// contact (after the script's cushion mark), shown in the detail pane until then; o ! logs
// a complaint: an opt-out with the complaint reason, which payroll counts.
func TestNotesAndComplaintsFromTheWorkstation(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	key := m.selected
	press(m, "N")
	if m.mode != modeNote || !strings.Contains(screen(m), "备注: ") {
		t.Fatalf("N did not open the note:\n%s", screen(m))
	}
	for _, r := range "买家说晚上付" {
		press(m, string(r))
	}
	press(m, "enter")
	if v := screen(m); m.mode != modeNormal || !strings.Contains(v, "备注: 买家说晚上付") || !said(m, "备注会随下一次联系记录") {
		t.Fatalf("the note is not kept for the next contact:\n%s", v)
	}
	if len(st.events) != 0 {
		t.Fatal("a note alone logged an event")
	}
	sug := m.suggestion()
	if sug == nil || sug.CushionID < 0 {
		t.Fatal("the first order's script has no cushion: the test needs one")
	}
	settle(m, press(m, "a", "s")...)
	if want := fmt.Sprintf("cushion=%d 买家说晚上付", sug.CushionID); len(st.events) != 1 || st.events[0].Order != key || st.events[0].Note != want {
		t.Fatalf("the note did not go with the contact after the cushion mark (%q): %+v", want, st.events)
	}
	if n, ok := data.CushionOf(st.events[0].Note); !ok || int(n) != sug.CushionID {
		t.Fatalf("the cushion mark does not read back: %q", st.events[0].Note)
	}
	if len(m.notes) != 0 {
		t.Fatalf("the note stays after its contact: %v", m.notes)
	}
	// esc leaves no note.
	press(m, "N", "x", "esc")
	if len(m.notes) != 0 {
		t.Fatalf("esc kept a note: %v", m.notes)
	}
	complained := m.selected
	settle(m, press(m, "o", "!")...)
	e := st.events[len(st.events)-1]
	if len(st.events) != 2 || e.Order != complained || e.Result != queue.ResultDoNotContact || e.Reason != queue.ReasonComplaint {
		t.Fatalf("o ! logged %+v", st.events)
	}
	if !said(m, "拒收(投诉)") {
		t.Fatalf("the complaint is not confirmed: %v", m.notices)
	}
}

// TestUpcomingSaysTheDay: an upcoming order's time names its day when it is not today, in the
// shop's zone: 00:30 after a 23:30 is tomorrow in Shanghai though both are one day in UTC.
func TestUpcomingSaysTheDay(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 11, 23, 30, 0, 0, sh)
	tests := []struct {
		at     time.Time
		zh, en string
	}{
		{now.Add(20 * time.Minute), "23:50起", "23:50+"},
		{now.Add(time.Hour), "明00:30", "00:30+1"},
		{time.Date(2026, 11, 12, 21, 30, 0, 0, sh), "明21:30", "21:30+1"},
		{time.Date(2026, 11, 14, 9, 0, 0, 0, sh), "11-14起", "11-14+"},
	}
	for _, tt := range tests {
		for l, want := range map[queue.Lang]string{queue.LangZH: tt.zh, queue.LangEN: tt.en} {
			if got := upcomingWhen(tt.at.Unix(), now.UTC(), sh, words.For(l)); got != want || cellWidth(got) > colWhen {
				t.Errorf("%v (%v): %q, want %q in %d cells", tt.at, l, got, want, colWhen)
			}
		}
	}
}

// TestMenusAreNeverCutOff: at 80×24 every key of every menu is on screen, in both languages:
// a menu wider than its line takes the help's line too.
func TestMenusAreNeverCutOff(t *testing.T) {
	for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
		for _, open := range [][]string{{"a"}, {"o"}, {"o", "d"}, {"z"}, {"f"}} {
			m, _ := newTest(t, 80, 24, l)
			press(m, open...)
			lines := strings.Split(screen(m), "\n")
			bottom := strings.Join(lines[len(lines)-2:], "")
			squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if glued := regexp.MustCompile(`\b\d[A-Za-z]`).FindString(m.menu.text()); glued != "" {
				t.Errorf("%v %v: a key runs into its word (%q): %q", l, open, glued, m.menu.text())
			}
			if !strings.Contains(squeeze(bottom), squeeze(m.menu.text())) {
				t.Errorf("%v %v: the menu %q is cut off:\n%s", l, open, m.menu.text(), strings.Join(lines, "\n"))
			}
		}
	}
}

// TestMenusKeepEachKeyWithItsWord: a menu wider than the screen wraps between its items
// only, so each key stays on the line of what it does and no word is split: at 80 columns
// English read "u" at the end of a line and "dup" on the next, "esc" and "cancel" too, and
// at 60 Chinese split 其他 and 无效 from its key.
func TestMenusKeepEachKeyWithItsWord(t *testing.T) {
	for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
		for _, size := range [][2]int{{MinWidth, MinHeight}, {60, 24}, {80, 16}, {80, 24}, {100, 24}} {
			w, h := size[0], size[1]
			for _, open := range [][]string{{"a"}, {"o"}, {"o", "d"}, {"z"}, {"f"}} {
				m, _ := newTest(t, w, h, l)
				press(m, open...)
				lines := strings.Split(screen(m), "\n")
				title, items, _ := m.menu.parts()
				for _, it := range append(items, title) {
					if !slices.ContainsFunc(lines, func(line string) bool { return strings.Contains(line, it) }) {
						t.Errorf("%v %dx%d %v: %q is not whole on one line:\n%s", l, w, h, open, it, strings.Join(lines[len(lines)-4:], "\n"))
					}
				}
				checkWidths(t, screen(m), w, h)
			}
		}
	}
}

// TestTheDaysTallyStartsAgainAtMidnight: when the shop's clock passes midnight, the header's
// tally (今日) is read again for the new day. It was read only when the data changed or the
// specialist acted, so in a quiet hour after midnight the header still gave yesterday's
// contacts and recoveries as today's.
func TestTheDaysTallyStartsAgainAtMidnight(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	loc := m.cfg.Location
	now := time.Date(2026, 11, 11, 23, 59, 0, 0, loc)
	m.opt.Clock = stepClock{&now}
	asked := func() []int64 {
		st.mu.Lock()
		defer st.mu.Unlock()
		return slices.Clone(st.tallyFrom)
	}
	_, cmd := m.Update(tickMsg(time.Now()))
	settle(m, cmd)
	st.mu.Lock()
	st.tallyFrom = nil // the first tick's own look, whatever it asked
	st.mu.Unlock()
	now = now.Add(30 * time.Second)
	_, cmd = m.Update(tickMsg(time.Now()))
	settle(m, cmd)
	if got := asked(); len(got) != 0 {
		t.Fatalf("a tick within the day read the tally again: %v", got)
	}
	now = time.Date(2026, 11, 12, 0, 0, 5, 0, loc)
	_, cmd = m.Update(tickMsg(time.Now()))
	settle(m, cmd)
	want := time.Date(2026, 11, 12, 0, 0, 0, 0, loc).Unix()
	if got := asked(); len(got) != 1 || got[0] != want {
		t.Fatalf("past midnight the tally was asked for days %v, want the one from %d", got, want)
	}
}
