package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// View renders the screen. It changes nothing: the panes were given what they show at
// the end of Update (sync).
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "cuifu 催付"
	return v
}

// sync hands the panes what they show. Update calls it last, so View only reads.
func (m *Model) sync() {
	m.hd.operator, m.hd.now, m.hd.cfg, m.hd.tally = m.opt.Operator, m.now, m.cfg, m.tally
	m.hd.due, m.hd.upcoming, m.hd.blocked = m.counts[0], m.counts[1], m.counts[2]
	m.qp.snap, m.qp.cfg, m.qp.now, m.qp.rows = m.snap, m.cfg, m.now, m.shown
	m.qp.isNew, m.qp.isPending, m.qp.shipping = m.isNew, m.isPending, m.shippingOf
	switch {
	case m.filterText != "" || m.quick != quickAll:
		// The filter matches nothing: the queue itself may hold thousands.
		m.qp.empty = fmt.Sprintf(m.wd.NoMatch, m.keys.Cancel.Help().Key)
	case m.opt.Inbox != "":
		// The first run: how orders get into the queue.
		m.qp.empty = fmt.Sprintf(m.wd.EmptyQueueHowTo, m.opt.Inbox)
	default:
		m.qp.empty = m.wd.EmptyQueue
	}
	m.dp.snap, m.dp.cfg, m.dp.now, m.dp.sugs, m.dp.alt = m.snap, m.cfg, m.now, m.sugs, m.alt
	m.dp.row, m.dp.detail, m.dp.revealed, m.dp.note = nil, nil, false, ""
	if row, _ := m.current(); row != nil {
		m.dp.row = row
		if m.detail != nil && m.detailKey == m.selected {
			m.dp.detail = m.detail
		}
		m.dp.revealed = m.revealed[m.selected]
		m.dp.note = m.notes[m.selected]
	}
	m.dp.history = m.mode == modeHistory
	m.keys.Override.SetEnabled(m.refused != nil)
	m.menu.md, m.menu.channel, m.menu.loc = m.mode, m.attemptCh, m.cfg.Location
	if m.mode == modeSnooze {
		_, o := m.current()
		m.menu.snooze = m.snoozeTimes()
		for i, t := range m.menu.snooze {
			m.menu.past[i] = o != nil && t.Unix() > m.cfg.Deadline(o)
		}
	}
	m.place(false) // a menu opened or closed: it may take lines of the panes
	st := &m.status
	st.typing, st.noting, st.importing, st.pct = m.mode == modeFilter, m.mode == modeNote, m.importing, m.importPct
	st.notice, st.warn = m.notice, m.noticeWarn
	st.filtered, st.shown, st.quick = m.filterText != "", len(m.shown), ""
	if m.quick != quickAll {
		st.quick = m.wd.Quick[m.quick]
	}
}

func (m *Model) render() string {
	if m.w == 0 && m.h == 0 {
		return ""
	}
	if m.lay.TooSmall {
		msg := fmt.Sprintf(m.wd.TooSmall, m.w, m.h, MinWidth, MinHeight)
		return tooSmall(msg, m.w, m.h)
	}
	if m.snap == nil {
		return block([]string{m.wd.Loading}, m.w, m.h)
	}
	var body string
	switch {
	case m.lay.SideBySide:
		sep := strings.TrimSuffix(strings.Repeat("│\n", m.lay.Queue.H), "\n")
		body = lipgloss.JoinHorizontal(lipgloss.Top, m.qp.View(), m.styles.Rule.Render(sep), m.dp.View())
	case m.lay.Detail.H == 0: // a wrapped menu took the detail pane's lines
		body = m.qp.View()
	default:
		body = m.qp.View() + "\n" + m.dp.View()
	}
	if m.lay.Menu.H > 0 { // a wrapped menu takes the help's lines, which would say the same keys again
		return m.hd.View() + "\n" + body + "\n" + m.menu.Lines(m.lay.Menu.H)
	}
	line := m.status.View()
	if m.menu.keys.menu(m.menu.md) != nil { // a menu is open, on the status line
		line = m.menu.View()
	}
	return m.hd.View() + "\n" + body + "\n" + line + "\n" + block(strings.Split(m.help.View(m.keyMap().For(m.mode)), "\n"), m.w, m.lay.Help.H)
}

// tooSmall is the whole screen of a terminal too small for the layout: the message,
// centred, exactly w×h.
func tooSmall(msg string, w, h int) string {
	placed := lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, strings.Join(wrapLines(msg, w, h), "\n"))
	return block(strings.Split(placed, "\n"), w, h)
}
