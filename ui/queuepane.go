package ui

import (
	"fmt"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/scripts"
)

// queuePane shows the ranked orders. It renders only the rows on screen, so its cost does
// not grow with the queue.
type queuePane struct {
	w, h   int
	st     *Styles
	lang   queue.Lang
	keys   ListKeys
	cursor int // position in rows of the selected row
	offset int // position in rows of the top visible row

	// What to show, set by the root before View.
	snap      *queue.Snapshot
	cfg       *queue.Config
	now       time.Time
	rows      []queue.Row
	isNew     func(i int32) bool
	isPending func(i int32) bool
	flagged   queue.OrderKey                  // the replay's: the order its flagged contact skipped, marked ⚑
	orders    bool                            // the replay's: a column of order numbers, as its timeline writes them
	shipping  func(i int32) (queue.Fen, bool) // what order i charges again for shipping, when known
	empty     string                          // what an empty list says
	note      string                          // the replay's: a line under the rows (the selected event's order is not in the queue)
}

// SetSize sets the pane's size.
func (p *queuePane) SetSize(w, h int) { p.w, p.h = w, h }

// moveFor says how many rows a key of the list moves the selection; ok is false for a key
// the list does not take.
func (p *queuePane) moveFor(msg tea.KeyPressMsg) (d int, ok bool) {
	k := p.keys
	switch {
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.PageDown):
		return p.pageRows(), true
	case key.Matches(msg, k.PageUp):
		return -p.pageRows(), true
	case key.Matches(msg, k.Home):
		return -len(p.rows), true
	case key.Matches(msg, k.End):
		return len(p.rows), true
	}
	return 0, false
}

// pageRows is how many order rows fit under the column header (and above the note).
func (p *queuePane) pageRows() int {
	if p.note != "" {
		return max(p.h-2, 1)
	}
	return max(p.h-1, 1)
}

// scrollTo moves the window so the cursor is visible.
func (p *queuePane) scrollTo() { p.show(p.cursor) }

// show moves the window as little as it takes for row r to be visible.
func (p *queuePane) show(r int) {
	n := p.pageRows()
	if r < p.offset {
		p.offset = r
	}
	if r >= p.offset+n {
		p.offset = r - n + 1
	}
	p.offset = max(min(p.offset, len(p.rows)-n), 0)
}

// wideRow is the list's width from which a row shows the buyer and a short item name.
const wideRow = 110

// Column widths, in cells.
const (
	colTag, colMark, colOrder, colAmount, colAge, colWhen, colSeg, colBuyer, colItem = 2, 2, 8, 10, 4, 7, 4, 14, 12
)

// cells are the texts of a row's fixed columns, or the header's names for them.
type cells struct{ tag, mark, order, amount, age, when, seg, ch, buyer, item string }

// shown says which of the list's optional columns it shows.
type shown struct{ order, age, seg, buyer bool }

// columns are the optional columns shown at the list's width. The order number, where
// the replay shows it, takes the room of the age and then of the segment when the list is
// too narrow for all (at 80 columns): the time to the close says the urgency.
func (p *queuePane) columns() shown {
	c := shown{order: p.orders, age: true, seg: true, buyer: p.w >= wideRow}
	if c.order && cellWidth(p.fixed(c, cells{})) > p.w {
		c.age = false
	}
	if c.order && cellWidth(p.fixed(c, cells{})) > p.w {
		c.seg = false
	}
	return c
}

// fixed lays out the fixed columns of c, each followed by a space; why takes the rest.
func (p *queuePane) fixed(c shown, t cells) string {
	w := words.For(p.lang)
	s := fit(t.tag, colTag) + fit(t.mark, colMark)
	if c.order {
		s += fit(t.order, colOrder) + " "
	}
	s += right(t.amount, colAmount) + " "
	if c.age {
		s += fit(t.age, colAge+1) + " "
	}
	s += fit(t.when, colWhen) + " "
	if c.seg {
		s += fit(t.seg, colSeg) + " "
	}
	s += fit(t.ch, chanWidth(w)) + " "
	if c.buyer {
		// Room enough: the buyer and a short item name, to find the chat at a glance.
		s += fit(t.buyer, colBuyer) + " " + fit(t.item, colItem) + " "
	}
	return s
}

// chanWidth is the channel column's width: the longest channel name of the language.
func chanWidth(w *words.Words) int {
	n := 0
	for _, s := range w.Channel {
		n = max(n, cellWidth(s))
	}
	return n
}

func (p *queuePane) header() string {
	w := words.For(p.lang)
	s := p.fixed(p.columns(), cells{order: w.ColOrder, amount: w.ColAmount, age: w.ColAge, when: w.ColCloses, seg: w.ColSeg,
		ch: w.ColChan, buyer: w.ColBuyer, item: w.ColItem}) + w.ColWhy
	if len(p.rows) > 0 && p.cursor >= 0 {
		// Where the selection is in the list: 12/839.
		pos := strconv.Itoa(p.cursor+1) + "/" + strconv.Itoa(len(p.rows))
		if cellWidth(pos)+1 < p.w {
			return p.st.HeaderDim.Render(fit(s, p.w-cellWidth(pos)-1) + " " + pos)
		}
	}
	return p.st.HeaderDim.Render(fit(s, p.w))
}

// View renders the visible rows.
func (p *queuePane) View() string {
	lines := make([]string, 0, p.h)
	lines = append(lines, p.header())
	if len(p.rows) == 0 {
		empty := p.empty
		if empty == "" {
			empty = words.For(p.lang).EmptyQueue
		}
		for _, l := range wrapLines(empty, p.w, p.pageRows()) {
			lines = append(lines, p.st.Dim.Render(l))
		}
	}
	end := min(p.offset+p.pageRows(), len(p.rows))
	for i := p.offset; i < end; i++ {
		lines = append(lines, p.row(i))
	}
	if p.note != "" {
		lines = append(lines, p.st.Dim.Render(fit(p.note, p.w)))
	}
	return block(lines, p.w, p.h)
}

// upcomingWhen says when an upcoming order comes due, in the shop's zone and in 7 cells: the
// time today (15:25起), 明 and the time tomorrow (明09:00), the date after that (11-14起), so
// a time tomorrow morning never reads as one later today.
func upcomingWhen(at int64, now time.Time, loc *time.Location, w *words.Words) string {
	t, n := time.Unix(at, 0).In(loc), now.In(loc)
	day := func(x time.Time) time.Time { y, m, d := x.Date(); return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	switch today := day(n); {
	case !day(t).After(today):
		return t.Format("15:04") + w.From
	case day(t).Equal(today.AddDate(0, 0, 1)):
		return fmt.Sprintf(w.FromTomorrow, t.Format("15:04"))
	}
	return t.Format("01-02") + w.From
}

func (p *queuePane) row(i int) string {
	row := p.rows[i]
	o := &p.snap.Orders[row.Order]
	b := &p.snap.Buyers[o.Buyer]
	now := p.now.Unix()

	w := words.For(p.lang)
	tag := row.Section().Tag(p.lang)
	mark := "  "
	switch {
	case p.isPending != nil && p.isPending(row.Order):
		mark = "⋯ " // an action on its way to the store
	case p.isNew != nil && p.isNew(row.Order):
		mark = "✚ "
	case p.flagged.ID != "" && o.Key() == p.flagged:
		mark = "⚑ "
	}
	var when string
	switch row.Section() {
	case queue.SectionUpcoming:
		when = upcomingWhen(row.NextAt(), p.now, p.cfg.Location, w)
	case queue.SectionBlocked:
		when = "-"
	default:
		when = queue.Span(p.cfg.Deadline(o) - now)
	}
	seg := w.SegNew
	if b.Returning() {
		seg = w.SegReturning
	}
	switch {
	case o.Amount >= p.cfg.Value.HighTicket:
		seg += w.SegHigh
	case o.Amount < p.cfg.Value.LowTicket:
		seg += w.SegLow
	}
	c := p.columns()
	t := cells{tag: tag, mark: mark, amount: o.Amount.Short(p.lang), age: queue.Span(now - o.Created), when: when, seg: seg, ch: row.Channel().Label(p.lang)}
	if c.order {
		t.order = orderCell(o.ID, colOrder)
	}
	if c.buyer {
		t.buyer, t.item = queue.ShowBuyer(o.Platform, b, "", p.lang), queue.Sanitize(scripts.ItemShort(o.Title))
	}
	fixed := p.fixed(c, t)
	why := queue.ExplainInNamed(p.rows, i, p.snap, p.cfg, p.now, p.lang, shortOrder)
	if row.Why&queue.WhyDoubleShipping != 0 && p.shipping != nil {
		// The amount charged again once the store has said it ("运费重复 ¥8.00"), as cuifu
		// queue says it.
		if f, ok := p.shipping(row.Order); ok {
			why = queue.WithShipping(why, f, p.lang)
		}
	}
	line := fixed + fit(why, max(p.w-cellWidth(fixed), 0))
	line = fit(line, p.w)
	switch {
	case i == p.cursor:
		return p.st.Selected.Render(line)
	case row.Section() == queue.SectionDue:
		return p.st.Row.Render(line)
	case row.Section() == queue.SectionUpcoming, row.Section() == queue.SectionGrouped:
		return p.st.Upcoming.Render(line)
	}
	return p.st.Blocked.Render(line)
}
