package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
)

// lineWith is the screen's line that shows the order with the title.
func lineWith(t *testing.T, m *Model, title string) string {
	t.Helper()
	for _, l := range strings.Split(screen(m), "\n") {
		if strings.Contains(l, title) {
			return l
		}
	}
	t.Fatalf("no row shows %s:\n%s", title, screen(m))
	return ""
}

// TestRowShowsTheShippingChargedTwice: the row of an order flagged for double-charged
// shipping says how much, as the detail pane and cuifu queue do (运费重复 ¥8.00). The amount
// is read from the store in a command, for the rows on screen only, once per data version;
// an answer read before the data changed is not shown.
func TestRowShowsTheShippingChargedTwice(t *testing.T) {
	for _, tt := range []struct {
		w, h int
		lang queue.Lang
		want string
	}{
		{120, 30, queue.LangZH, "运费重复 ¥8.00"},
		{80, 24, queue.LangZH, "运费重复 ¥8.00"},
		{120, 30, queue.LangEN, "shipping twice ¥8.00"},
	} {
		snap := testSnapshot()
		o := &snap.Orders[3] // 一级能效变频空调, the buyer's only order
		o.Flags |= queue.FlagShipping | queue.FlagDoubleShipping
		k := o.Key()
		st := &fakeStore{snap: snap, shipping: map[queue.OrderKey]queue.Fen{k: 800}}
		m, _ := newTestOf(t, st, tt.w, tt.h, tt.lang)
		if row := lineWith(t, m, "3299"); !strings.Contains(row, tt.want) {
			t.Errorf("%dx%d %v: the row says no amount: %q", tt.w, tt.h, tt.lang, row)
		}
		checkWidths(t, screen(m), tt.w, tt.h)
		if len(st.shipAsked) != 1 || len(st.shipAsked[0]) != 1 || st.shipAsked[0][0] != k {
			t.Fatalf("the store was asked %v, want once for the flagged order", st.shipAsked)
		}

		// Moving about asks nothing again: the amount is known at this data version.
		settle(m, press(m, "j", "j", "k", "G", "g")...)
		if len(st.shipAsked) != 1 {
			t.Errorf("moving asked the store again: %v", st.shipAsked)
		}

		// The data changes (a re-import may change the shipping): the row asks again, and an
		// answer read before the change is dropped.
		stale := shippingMsg{gen: m.shipping.gen, fen: map[queue.OrderKey]queue.Fen{k: 99900}}
		st.mu.Lock()
		st.shipping[k] = 1200
		st.version = 2
		st.mu.Unlock()
		m.gen++
		_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 2, snap: snap})
		m.Update(stale)
		settle(m, cmd)
		row := lineWith(t, m, "3299")
		if strings.Contains(row, "999") || !strings.Contains(row, strings.Replace(tt.want, "8.00", "12.00", 1)) {
			t.Errorf("%dx%d %v: after the data changed the row says %q", tt.w, tt.h, tt.lang, row)
		}
		if len(st.shipAsked) != 2 {
			t.Errorf("the store was asked %d times, want 2", len(st.shipAsked))
		}
	}
}

// TestShippingIsAskedForTheRowsOnScreenOnly: in a queue where every order is flagged, the
// store is asked about the rows on screen, never the whole queue; scrolling a page asks
// about the new page's rows.
func TestShippingIsAskedForTheRowsOnScreenOnly(t *testing.T) {
	snap := bigSnapshot(5000)
	for i := range snap.Orders {
		snap.Orders[i].Flags |= queue.FlagShipping | queue.FlagDoubleShipping
	}
	st := &fakeStore{snap: snap, shipping: map[queue.OrderKey]queue.Fen{}}
	m, _ := newTestOf(t, st, 80, 24, queue.LangZH)
	page := m.qp.pageRows()
	asked := func() int {
		n := 0
		for _, keys := range st.shipAsked {
			n += len(keys)
		}
		return n
	}
	if n := asked(); n == 0 || n > page {
		t.Fatalf("asked about %d orders with %d rows on screen", n, page)
	}
	first := asked()
	settle(m, m.move(page))
	if n := asked(); n <= first || n > 2*page {
		t.Fatalf("after a page down asked about %d orders in all (%d rows a page)", n, page)
	}
	// The keystroke itself never reads the store: the command does.
	before := st.count()
	m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
	if st.count() != before {
		t.Fatal("a keystroke called the store")
	}
}

// TestRowSaysASuspiciousOrderFirst: the row of an order whose masked receiver does not match
// the buyer says so where a narrow row still shows it, and its channel is IM.
func TestRowSaysASuspiciousOrderFirst(t *testing.T) {
	for _, tt := range []struct {
		w, h int
		lang queue.Lang
		want string
	}{
		{80, 24, queue.LangZH, "可疑: 收件人与"},
		{120, 30, queue.LangZH, "可疑: 收件人与"},
		{100, 30, queue.LangEN, "suspicious: masked"},
	} {
		snap := testSnapshot()
		snap.Orders[3].Flags |= queue.FlagReceiverMismatch // 一级能效变频空调, the buyer's only order
		m, _ := newTestOf(t, &fakeStore{snap: snap}, tt.w, tt.h, tt.lang)
		row := lineWith(t, m, "3299")
		if !strings.Contains(row, tt.want) || !strings.Contains(row, " IM ") {
			t.Errorf("%dx%d %v: the row %q", tt.w, tt.h, tt.lang, row)
		}
		checkWidths(t, screen(m), tt.w, tt.h)
	}
}

// TestDuplicateAndShippingShowInANarrowRow: at 120 columns, where a row has room for two or
// three reasons, a likely duplicate's row says so, and that it charges shipping again; the
// detail pane says how much before the buyer's other orders, whose titles fill its line and
// cut the warning when it came at its end.
func TestDuplicateAndShippingShowInANarrowRow(t *testing.T) {
	snap := testSnapshot()
	sofa := &snap.Orders[0] // 北欧布艺沙发, whose buyer has 岩板餐桌 open too
	sofa.Flags |= queue.FlagDuplicate | queue.FlagShipping | queue.FlagDoubleShipping
	st := &fakeStore{snap: snap, shipping: map[queue.OrderKey]queue.Fen{sofa.Key(): 1500}}
	m, _ := newTestOf(t, st, 120, 30, queue.LangZH)
	if row := lineWith(t, m, "2599"); !strings.Contains(row, "疑似重复单 · 运费重复") {
		t.Errorf("the duplicate's row: %q", row)
	}
	for m.selected != sofa.Key() {
		settle(m, press(m, "j")...)
	}
	table := &snap.Orders[6]
	m.Update(detailMsg{key: m.selected, d: data.Detail{Shipping: 1500, BuyerOrders: 2,
		Group: []data.GroupOrder{{ID: table.ID, Title: table.Title + " 意式极简 轻奢家用长方形", Amount: table.Amount}}}})
	if l := lineWith(t, m, "同买家合并"); !strings.Contains(l, "运费重复 ¥15.00") {
		t.Errorf("the detail's group line: %q", l)
	}
	checkWidths(t, screen(m), 120, 30)
}
