package ui

import (
	"time"

	"cuifu/queue"
)

// queuePane shows the ranked orders. It renders only the rows on screen, so its cost does
// not grow with the queue.
type queuePane struct {
	w, h   int
	st     *Styles
	lang   queue.Lang
	cursor int // position in rows of the selected row
	offset int // position in rows of the top visible row

	// What to show, set by the root before View.
	snap  *queue.Snapshot
	cfg   *queue.Config
	now   time.Time
	rows  []queue.Row
	isNew func(i int32) bool
}

// SetSize sets the pane's size.
func (p *queuePane) SetSize(w, h int) { p.w, p.h = w, h }

// pageRows is how many order rows fit under the column header.
func (p *queuePane) pageRows() int { return max(p.h-1, 1) }

// scrollTo moves the window so the cursor is visible.
func (p *queuePane) scrollTo() {
	n := p.pageRows()
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+n {
		p.offset = p.cursor - n + 1
	}
	p.offset = max(min(p.offset, len(p.rows)-n), 0)
}

// Column widths, in cells.
const (
	colTag, colMark, colAmount, colAge, colWhen, colSeg, colChan = 2, 2, 10, 4, 7, 4, 4
)

func (p *queuePane) header() string {
	t := func(zh, e string) string { return tr(p.lang, zh, e) }
	s := fit("", colTag+colMark) + right(t("金额", "amount"), colAmount) + " " + fit(t("下单", "age"), colAge+1) + " " +
		fit(t("关闭", "closes"), colWhen) + " " + fit(t("客群", "seg"), colSeg) + " " + fit(t("渠道", "chan"), colChan) + " " + t("原因", "why")
	return p.st.HeaderDim.Render(fit(s, p.w))
}

// View renders the visible rows.
func (p *queuePane) View() string {
	lines := make([]string, 0, p.h)
	lines = append(lines, p.header())
	if len(p.rows) == 0 {
		msg := "队列是空的:没有未付款订单。"
		if p.lang == queue.LangEN {
			msg = "The queue is empty: no unpaid orders."
		}
		lines = append(lines, p.st.Dim.Render(msg))
		return block(lines, p.w, p.h)
	}
	end := min(p.offset+p.pageRows(), len(p.rows))
	for i := p.offset; i < end; i++ {
		lines = append(lines, p.row(i))
	}
	return block(lines, p.w, p.h)
}

func (p *queuePane) row(i int) string {
	row := p.rows[i]
	o := &p.snap.Orders[row.Order]
	b := &p.snap.Buyers[o.Buyer]
	now := p.now.Unix()

	tag := [...]string{"催", "候", "停"}[row.Section()]
	if p.lang == queue.LangEN {
		tag = [...]string{"D", "U", "B"}[row.Section()]
	}
	mark := "  "
	if p.isNew != nil && p.isNew(row.Order) {
		mark = "✚ "
	}
	var when string
	switch row.Section() {
	case queue.SectionUpcoming:
		when = time.Unix(row.NextAt(), 0).In(p.cfg.Location).Format("15:04") + tr(p.lang, "起", "+")
	case queue.SectionBlocked:
		when = "-"
	default:
		when = queue.Span(p.cfg.Deadline(o) - now)
	}
	seg := tr(p.lang, "新", "N")
	if b.Returning() {
		seg = tr(p.lang, "老", "R")
	}
	switch {
	case o.Amount >= p.cfg.Value.HighTicket:
		seg += tr(p.lang, "高", "H")
	case o.Amount < p.cfg.Value.LowTicket:
		seg += tr(p.lang, "低", "L")
	}
	fixed := fit(tag, colTag) + fit(mark, colMark) + right(o.Amount.Short(), colAmount) + " " + fit(queue.Span(now-o.Created), colAge+1) + " " +
		fit(when, colWhen) + " " + fit(seg, colSeg) + " " + fit(row.Channel().Label(p.lang), colChan) + " "
	why := queue.ExplainRow(row, p.snap, p.cfg, p.now, p.lang)
	line := fixed + fit(why, max(p.w-cellWidth(fixed), 0))
	line = fit(line, p.w)
	switch {
	case i == p.cursor:
		return p.st.Selected.Render(line)
	case row.Section() == queue.SectionDue:
		return p.st.Row.Render(line)
	case row.Section() == queue.SectionUpcoming:
		return p.st.Upcoming.Render(line)
	}
	return p.st.Blocked.Render(line)
}
