package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cuifu/queue"
	"cuifu/queue/words"
)

func testHistory() *queue.History {
	snap := testSnapshot()
	h := &queue.History{Buyers: snap.Buyers, Operators: snap.Operators}
	for _, o := range snap.Orders {
		o.Contact = queue.ContactState{ClaimBy: -1}
		h.Orders = append(h.Orders, queue.PastOrder{Order: o})
	}
	h.Orders[2].PaidAt = shopNow.Add(-10 * time.Minute).Unix()
	for i, e := range []struct {
		min int
		op  string
		ord int
	}{{-40, "小美", 0}, {-30, "阿杰", 1}, {-20, "小美", 2}, {-5, "阿杰", 2}} {
		h.Events = append(h.Events, queue.Event{ID: int64(i + 1), At: shopNow.Add(time.Duration(e.min) * time.Minute).Unix(), Operator: e.op,
			Kind: queue.EventContact, Order: h.Orders[e.ord].Order.Key(), Channel: queue.ChannelIM, Result: queue.ResultSent})
	}
	return h
}

func TestReplayModel(t *testing.T) {
	cfg := testConfig()
	from := shopNow.Add(-15 * time.Hour).Unix()
	d, err := NewReplayData(testHistory(), cfg, from, from+86400, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Shown) != 4 {
		t.Fatalf("%d events shown", len(d.Shown))
	}
	if d.Flags[3]&queue.FlagAfterPayment == 0 {
		t.Fatalf("the touch after payment is not flagged: %v", d.Flags)
	}
	m := NewReplay(d, queue.LangZH)
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if m.cursor != 0 || m.at != d.History.Events[0].At {
		t.Fatalf("starts at %d / %d", m.cursor, m.at)
	}
	m.Update(keyMsg("j"))
	if m.cursor != 1 {
		t.Fatalf("j: cursor %d", m.cursor)
	}
	// Play at 60×: each tick moves the clock six seconds.
	m.Update(keyMsg("3"))
	_, cmd := m.Update(keyMsg(" "))
	if !m.playing || cmd == nil {
		t.Fatal("space did not start playing")
	}
	before := m.at
	m.Update(replayTick(time.Now()))
	if m.at != before+6 {
		t.Fatalf("a 60× tick moved the clock %d s", m.at-before)
	}
	m.Update(keyMsg("]"))
	if m.cursor != 2 {
		t.Fatalf("] (10 minutes on): cursor %d", m.cursor)
	}
	m.Update(keyMsg("o")) // one operator
	for _, i := range d.Shown {
		if d.History.Events[i].Operator != m.operators[1] {
			t.Fatalf("operator filter shows %s", d.History.Events[i].Operator)
		}
	}
	qp := m.qp
	v := screen2(m)
	if !reflect.DeepEqual(qp, m.qp) {
		t.Fatal("View changed the queue pane: View must change no state")
	}
	checkWidths(t, v, 100, 30)
	if !strings.Contains(v, "班次回放") || !strings.Contains(v, "付款后仍联系") && m.operators[1] == "阿杰" {
		t.Fatalf("replay view:\n%s", v)
	}
	if _, cmd := m.Update(keyMsg("q")); cmd == nil {
		t.Fatal("q does not quit")
	}
}

func screen2(m *ReplayModel) string { return stripANSI(m.View().Content) }

// TestReplaySaysUntilWhenASnoozeRuns: the replay and the contact history say until when an
// order was snoozed, in the shop's zone whatever the machine's: a snooze past the close is
// seen. They said only 稍后.
func TestReplaySaysUntilWhenASnoozeRuns(t *testing.T) {
	cfg := testConfig()
	e := queue.Event{Kind: queue.EventSnooze, At: shopNow.Unix(), Until: shopNow.Add(31 * time.Hour).Unix()}
	for lang, want := range map[queue.Lang]string{queue.LangZH: "稍后至 11-12 22:00", queue.LangEN: "snoozed until 11-12 22:00"} {
		if got := EventWords(&e, lang, cfg.Location); got != want {
			t.Errorf("%v: %q, want %q", lang, got, want)
		}
	}
	if got := EventWords(&e, queue.LangZH, time.UTC); got != "稍后至 11-12 14:00" {
		t.Errorf("in UTC: %q", got)
	}
}

// TestReasonsReadInEachLanguage: a reason stands after what it explains as each language
// writes it: 婉拒(别家更便宜), declined (found it cheaper). English ran them together,
// declined(found it cheaper), in the replay, the history and the status line.
func TestReasonsReadInEachLanguage(t *testing.T) {
	e := queue.Event{Kind: queue.EventContact, Channel: queue.ChannelIM, Result: queue.ResultDeclined, Reason: "cheaper",
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "1001"}}
	cfg := testConfig()
	for lang, want := range map[queue.Lang]string{queue.LangZH: "IM 婉拒(别家更便宜)", queue.LangEN: "IM declined (found it cheaper)"} {
		if got := EventWords(&e, lang, cfg.Location); got != want {
			t.Errorf("%v: the replay says %q, want %q", lang, got, want)
		}
		if got := describe(e, cfg, lang); got != "1001 "+want {
			t.Errorf("%v: the status line says %q, want %q", lang, got, "1001 "+want)
		}
	}
}

// TestReplayShowsTheChosenSpecialistsNumbers: with o on one specialist, the numbers under
// the timeline are that specialist's. The replay showed the first four specialists' lines
// whoever was chosen, so in a team of five the fifth's numbers never showed.
func TestReplayShowsTheChosenSpecialistsNumbers(t *testing.T) {
	h := testHistory()
	h.Events = h.Events[:0]
	ops := []string{"一号", "二号", "三号", "四号", "五号"}
	for i, op := range ops {
		h.Events = append(h.Events, queue.Event{ID: int64(i + 1), At: shopNow.Add(time.Duration(i-40) * time.Minute).Unix(), Operator: op,
			Kind: queue.EventContact, Order: h.Orders[i%2].Order.Key(), Channel: queue.ChannelIM, Result: queue.ResultSent})
	}
	m, _ := openReplay(t, h, "")
	last := m.operators[len(m.operators)-1] // the fifth line, past the four shown for everyone
	for m.operators[m.opIdx] != last {
		m.Update(keyMsg("o"))
	}
	v := screen2(m)
	if !strings.Contains(v, last+": 联系 1 次") {
		t.Errorf("%s chosen, their numbers are not shown:\n%s", last, v)
	}
	for _, op := range ops {
		if op != last && strings.Contains(v, op+": 联系") {
			t.Errorf("%s chosen, %s's numbers are shown:\n%s", last, op, v)
		}
	}
	checkWidths(t, v, 120, 30)
}

// TestReplayOfOneSpecialistSwitchesAtTheFirstO: a replay opened on one specialist
// (--operator) goes to everyone at the first o. It started at "everyone" in its cycle, so the
// first o chose the specialist already shown and seemed to do nothing.
func TestReplayOfOneSpecialistSwitchesAtTheFirstO(t *testing.T) {
	m, d := openReplay(t, testHistory(), "阿杰")
	if !strings.Contains(screen2(m), "班次回放 · ") || d.Operator != "阿杰" {
		t.Fatalf("opened on %q", d.Operator)
	}
	m.Update(keyMsg("o"))
	if d.Operator != "" || !strings.Contains(screen2(m), "全部专员") {
		t.Errorf("the first o kept the replay on %q", d.Operator)
	}
}

// openReplay opens the replay of h's day, of operator ("" = everyone), at 120×30.
func openReplay(t *testing.T, h *queue.History, operator string) (*ReplayModel, *ReplayData) {
	t.Helper()
	return replayAt(t, h, operator, queue.LangZH, 120, 30)
}

// replayAt opens the replay of h's day, of operator ("" = everyone), in l at w×ht.
func replayAt(t *testing.T, h *queue.History, operator string, l queue.Lang, w, ht int) (*ReplayModel, *ReplayData) {
	t.Helper()
	from := shopNow.Add(-15 * time.Hour).Unix()
	d, err := NewReplayData(h, testConfig(), from, from+86400, operator)
	if err != nil {
		t.Fatal(err)
	}
	m := NewReplay(d, l)
	m.Update(tea.WindowSizeMsg{Width: w, Height: ht})
	return m, d
}

// TestReplaySaysMediansToTheMinute: the replay's medians (to the first touch, to the
// payment) are said to the minute, as the report says them: 1小时59分, not 1h. A first
// touch 1 h 59 min after the order read 首次触达中位 1h.
func TestReplaySaysMediansToTheMinute(t *testing.T) {
	st := queue.OperatorStats{Operator: "小美", Contacts: 1, OrdersContacted: 1, FirstTouches: 1, MedianFirstTouch: 7140}
	pay := int64(3*3600 + 5*60)
	sc := queue.ReportRow{Group: "im.first", Touched: 1, MedianToPay: &pay}
	for _, c := range []struct {
		l            queue.Lang
		touch, toPay string
	}{{queue.LangZH, "首次触达中位 1小时59分", "付款用时中位 3小时05分"}, {queue.LangEN, "median to first touch 1h59m", "median to payment 3h05m"}} {
		if got := StatsLine(st, c.l); !strings.HasSuffix(got, c.touch) {
			t.Errorf("%v: %q, want it to end in %q", c.l, got, c.touch)
		}
		if got := ScriptLine(sc, c.l); !strings.HasSuffix(got, c.toPay) {
			t.Errorf("%v: %q, want it to end in %q", c.l, got, c.toPay)
		}
	}
}

// TestReplaySaysAContactWentOverAClaim: a contact forced over a colleague's live claim is
// said so in the replay, as the status line and the contact history say it: the log keeps
// whose claim it went over, and the replay said only IM 已发送.
func TestReplaySaysAContactWentOverAClaim(t *testing.T) {
	e := queue.Event{Kind: queue.EventContact, Channel: queue.ChannelIM, Result: queue.ResultSent, Override: "阿杰", RevokedBy: 9,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "1001"}}
	cfg := testConfig()
	for lang, want := range map[queue.Lang]string{queue.LangZH: "IM 已发送(越过阿杰的认领)(已撤销)", queue.LangEN: "IM sent (over 阿杰's claim) (revoked)"} {
		if got := EventWords(&e, lang, cfg.Location); got != want {
			t.Errorf("%v: the replay says %q, want %q", lang, got, want)
		}
	}
	h := testHistory()
	h.Events[1].Override = "小美"
	m, _ := openReplay(t, h, "")
	if v := screen2(m); strings.Count(v, "(越过小美的认领)") != 1 {
		t.Errorf("the replay's timeline does not say the contact went over 小美's claim once:\n%s", v)
	}
}

// TestReplayMarksTheSkippedOrder: on a contact flagged for skipping a more urgent order, the
// queue beside the timeline marks that order's row with ⚑, so a supervisor sees which one it
// was; the flag did not say which.
func TestReplayMarksTheSkippedOrder(t *testing.T) {
	m, d := openReplay(t, testHistory(), "")
	m.Update(keyMsg("G"))
	ei := d.Shown[m.cursor]
	skipped := d.Skipped[ei]
	if d.Flags[ei]&queue.FlagSkippedUrgent == 0 || skipped.ID == "" {
		t.Fatalf("the last contact is not flagged as a skip: %v", d.Flags[ei])
	}
	marked := 0
	for j := range m.rows {
		line := stripANSI(m.qp.row(j))
		is := m.snap.Orders[m.rows[j].Order].Key() == skipped
		if has := strings.Contains(line, "⚑"); has != is {
			t.Errorf("row %d (%v, the skipped one: %v) marked %v: %q", j, m.snap.Orders[m.rows[j].Order].Key(), is, has, line)
		} else if has {
			marked++
		}
	}
	if marked != 1 {
		t.Errorf("%d rows marked", marked)
	}
	m.Update(keyMsg("g")) // a contact with no flag marks nothing
	for j := range m.rows {
		if line := stripANSI(m.qp.row(j)); strings.Contains(line, "⚑") {
			t.Errorf("row %d marked on an unflagged contact: %q", j, line)
		}
	}
}

// TestReplayCyclesThroughEveryoneOfTheDay: o goes through every specialist with an event
// that day, one who only revealed a phone or claimed an order too, and from a replay opened
// on one specialist (--operator) to the others. It went only through those with contacts,
// and from --operator only back to that one: a specialist's reveals (an audit event) could
// not be looked at alone.
func TestReplayCyclesThroughEveryoneOfTheDay(t *testing.T) {
	h := testHistory()
	h.Events = append(h.Events, queue.Event{ID: 5, At: shopNow.Add(-3 * time.Minute).Unix(), Operator: "婷婷", Kind: queue.EventReveal,
		Order: h.Orders[0].Order.Key()})
	for _, operator := range []string{"", "阿杰"} {
		m, d := openReplay(t, h, operator)
		var seen []string
		for range 6 {
			m.Update(keyMsg("o"))
			seen = append(seen, d.Operator)
		}
		for _, op := range []string{"", "小美", "阿杰", "婷婷"} {
			if !slices.Contains(seen, op) {
				t.Errorf("opened on %q: o went through %q, never %q", operator, seen, op)
			}
		}
		for i := 0; d.Operator != "小美" && i < 6; i++ {
			m.Update(keyMsg("o"))
		}
		if v := screen2(m); !strings.Contains(v, "小美: 联系") {
			t.Errorf("opened on %q, then 小美 chosen: her numbers are not shown:\n%s", operator, v)
		}
		for i := 0; d.Operator != "婷婷" && i < 6; i++ {
			m.Update(keyMsg("o"))
		}
		if v := screen2(m); !strings.Contains(v, "婷婷") || !strings.Contains(v, words.For(queue.LangZH).EvReveal) {
			t.Errorf("婷婷's reveal is not shown:\n%s", v)
		}
	}
}

// TestReplayOfADayWithoutContactsFitsTheScreen: a day with nothing replayed, or no contact
// (no specialist's numbers to show), still fits its screen with the help bar on its last
// line. The empty numbers took a line of their own, one more than the screen, and the help
// bar went off its bottom.
func TestReplayOfADayWithoutContactsFitsTheScreen(t *testing.T) {
	h := testHistory()
	h.Events = nil
	m, _ := openReplay(t, h, "")
	v := screen2(m)
	checkWidths(t, v, 120, 30)
	lines := strings.Split(v, "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "q 退出") {
		t.Errorf("the last line is %q, not the help bar:\n%s", last, v)
	}
}

// TestReplayScriptLinesFollowO: the script lines under the timeline are the chosen
// specialist's, as the numbers above them are, whoever o chooses, and everyone's again when o
// comes back round. They stayed those of the specialist the replay was opened on, so after o
// a supervisor read 小美's numbers over everyone's script results.
func TestReplayScriptLinesFollowO(t *testing.T) {
	h := testHistory()
	script := map[string]string{"小美": "im.first", "阿杰": "im.second"}
	for i := range h.Events {
		h.Events[i].ScriptID = script[h.Events[i].Operator]
	}
	for _, opened := range []string{"", "阿杰"} {
		m, d := openReplay(t, h, opened)
		for range len(m.operators) + 1 {
			v := screen2(m)
			for op, id := range script {
				line := "话术 " + id + ": 触达 2 单"
				if want := d.Operator == "" || d.Operator == op; strings.Contains(v, line) != want {
					t.Errorf("opened on %q, %q chosen: %q shown %v, want %v:\n%s", opened, d.Operator, line, !want, want, v)
				}
			}
			checkWidths(t, v, 120, 30)
			m.Update(keyMsg("o"))
		}
	}
}

// TestReplayRowsNameTheirOrders: the queue beside the timeline names each row's order as the
// timeline names the selected event's (made safe, its last digits kept), so the two are
// matched by the number: the rows named no order, and the timeline kept the first digits,
// which an export's orders share. An order number of wide characters and escapes stays in
// its column at 80 columns, in both languages.
func TestReplayRowsNameTheirOrders(t *testing.T) {
	h := testHistory()
	odd := h.Orders[1].Order.Key()
	h.Orders[1].Order.ID = "93579\x1b[31m02号单" // untrusted export text, ending in wide characters
	for i := range h.Events {
		if h.Events[i].Order == odd {
			h.Events[i].Order = h.Orders[1].Order.Key()
		}
	}
	for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
		m, d := replayAt(t, h, "", lang, 80, 24)
		for range d.Shown {
			e := &d.History.Events[d.Shown[m.cursor]]
			cell := strings.TrimSpace(orderCell(e.Order.ID, colOrder))
			if strings.ContainsAny(cell, "\x1b") || ansi.StringWidth(cell) > colOrder {
				t.Fatalf("order %q is shown as %q", e.Order.ID, cell)
			}
			v := screen2(m)
			checkWidths(t, v, 80, 24)
			at := time.Unix(e.At, 0).In(d.Config.Location).Format("15:04:05")
			var line string
			for _, l := range strings.Split(v, "\n") {
				if strings.HasPrefix(l, at) {
					line = l
				}
			}
			if !strings.Contains(ansi.Cut(line, 0, m.leftW), cell) {
				t.Errorf("%v: the timeline's line of %s does not name %q: %q", lang, at, cell, line)
			}
			listed := false
			for j := range m.rows {
				row := stripANSI(m.qp.row(j))
				is := m.snap.Orders[m.rows[j].Order].Key() == e.Order
				if strings.Contains(row, cell) != is {
					t.Errorf("%v at %s: row %d (%v) names %q: %v, want %v: %q", lang, at, j, m.snap.Orders[m.rows[j].Order].Key(), cell, !is, is, row)
				}
				listed = listed || is
			}
			if !listed && e.Order != h.Orders[2].Order.Key() { // the paid order has left the queue
				t.Errorf("%v at %s: %v is not in the queue", lang, at, e.Order)
			}
			m.Update(keyMsg("j"))
		}
	}
}

// TestReplayGolden: the replay at 80×24 on the flagged skip: the timeline, the queue as it
// stood with each row's order number, the numbers and the help bar.
func TestReplayGolden(t *testing.T) {
	m, _ := openReplay(t, testHistory(), "")
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(keyMsg("G"))
	v := screen2(m)
	checkWidths(t, v, 80, 24)
	golden(t, "replay_80x24", v)
}

// busyHistory is testHistory with twenty more due orders, each of a buyer of its own, so
// the queue runs past an 80×24 screen; 阿杰's IM on one of them at 14:35 drops it to the
// upcoming section, below the screen.
func busyHistory() *queue.History {
	h := testHistory()
	for i := range 20 {
		h.Buyers = append(h.Buyers, queue.Buyer{Nick: "买家" + strconv.Itoa(i)})
		h.Orders = append(h.Orders, queue.PastOrder{Order: queue.Order{ID: "35153131473293580" + fmt.Sprintf("%02d", 10+i),
			Title: "棉麻四件套", Amount: queue.Fen(15000 + 100*i), Created: shopNow.Add(-time.Duration(60+i) * time.Minute).Unix(),
			Buyer: int32(len(h.Buyers) - 1), Agent: -1, Platform: queue.PlatformTaobao, Contact: queue.ContactState{ClaimBy: -1}}})
	}
	e := h.Events[1]
	e.ID, e.At, e.Order = int64(len(h.Events)+1), shopNow.Add(-25*time.Minute).Unix(), h.Orders[len(h.Orders)-5].Order.Key()
	h.Events = append(h.Events, e)
	return h
}

// paneLines are the queue pane's lines of a replay's screen: right of the timeline's rule,
// under the column header.
func paneLines(v string) []string {
	var out []string
	for i, line := range strings.Split(v, "\n") {
		if _, right, ok := strings.Cut(line, "│"); ok && i > 1 {
			out = append(out, right)
		}
	}
	return out
}

// TestReplayShowsTheSelectedEventsOrder: whichever event the timeline selects, the queue
// beside it shows that event's order: its row, scrolled into view when the contact dropped
// it below an 80×24 screen, or one line saying it is not in the queue at that moment (paid
// before 阿杰's second IM). The pane did not scroll: the contacted order was off the screen,
// and a paid one was not said at all. When the row is on the first screen, the pane keeps
// the due section's top.
func TestReplayShowsTheSelectedEventsOrder(t *testing.T) {
	h := busyHistory()
	for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
		m, d := replayAt(t, h, "", l, 80, 24)
		if len(m.rows) <= m.qp.pageRows() {
			t.Fatalf("%v: %d rows fit the screen's %d", l, len(m.rows), m.qp.pageRows())
		}
		scrolled, absent := false, false
		m.Update(keyMsg("g"))
		for i := range d.Shown {
			e := &d.History.Events[d.Shown[m.cursor]]
			v := screen2(m)
			checkWidths(t, v, 80, 24)
			if v != screen2(m) {
				t.Fatalf("%v: View changed what it shows", l)
			}
			cell := strings.TrimSpace(orderCell(e.Order.ID, colOrder))
			pane := paneLines(v)
			shown := false
			for _, line := range pane {
				shown = shown || strings.Contains(line, cell)
			}
			gone := fmt.Sprintf(words.For(l).ReplayAbsent, cell, queue.AbsentPaid.Label(l))
			isGone := strings.Contains(strings.Join(pane, "\n"), gone)
			switch row := m.evRow; {
			case row < 0:
				absent = true
				if !isGone {
					t.Errorf("%v, event %d: %s is not in the queue and the pane does not say %q:\n%s", l, i, cell, gone, v)
				}
			case row >= m.qp.pageRows():
				scrolled = true
				if !shown || isGone {
					t.Errorf("%v, event %d: %s (row %d) is not in view:\n%s", l, i, cell, row, v)
				}
			default:
				first := strings.TrimSpace(orderCell(m.snap.Orders[m.rows[0].Order].ID, colOrder))
				if !shown || !strings.Contains(pane[0], first) {
					t.Errorf("%v, event %d: %s (row %d) shown %v, the queue's top %s first %v:\n%s", l, i, cell, row, shown, first, !strings.Contains(pane[0], first), v)
				}
			}
			if l == queue.LangZH && e.At == shopNow.Add(-25*time.Minute).Unix() {
				golden(t, "replay_scrolled_80x24", v)
			}
			m.Update(keyMsg("j"))
		}
		if !scrolled || !absent {
			t.Errorf("%v: the replay never scrolled (%v) or never said an order was gone (%v)", l, scrolled, absent)
		}
		// Back up with k from the end: the pane follows the selection back to the top.
		m.Update(keyMsg("G"))
		for range d.Shown {
			m.Update(keyMsg("k"))
		}
		if m.qp.offset != 0 || m.qp.note != "" {
			t.Errorf("%v: back at the first event the pane is at row %d, saying %q", l, m.qp.offset, m.qp.note)
		}
	}
}
