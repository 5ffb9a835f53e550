package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"cuifu/queue"
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
	m.qp.isNew, m.qp.isPending = m.isNew, m.isPending
	m.qp.empty = m.wd.EmptyQueue
	if m.filterText == "" && m.opt.Inbox != "" {
		// The first run: how orders get into the queue.
		m.qp.empty = fmt.Sprintf(m.wd.EmptyQueueHowTo, m.opt.Inbox)
	}
	m.dp.snap, m.dp.cfg, m.dp.now, m.dp.sugs, m.dp.alt = m.snap, m.cfg, m.now, m.sugs, m.alt
	m.dp.row, m.dp.detail, m.dp.revealed = nil, nil, false
	if row, _ := m.current(); row != nil {
		m.dp.row = row
		if m.detail != nil && m.detailKey == m.selected {
			m.dp.detail = m.detail
		}
		m.dp.revealed = m.revealed[m.selected]
	}
}

func (m *Model) render() string {
	if m.w == 0 && m.h == 0 {
		return ""
	}
	if m.lay.TooSmall {
		msg := fmt.Sprintf(m.wd.TooSmall, m.w, m.h, MinWidth, MinHeight)
		return block(wrapLines(msg, m.w, m.h), m.w, m.h)
	}
	if m.snap == nil {
		return block([]string{m.wd.Loading}, m.w, m.h)
	}
	var body string
	if m.lay.SideBySide {
		sep := strings.TrimSuffix(strings.Repeat("│\n", m.lay.Queue.H), "\n")
		body = lipgloss.JoinHorizontal(lipgloss.Top, m.qp.View(), m.styles.Rule.Render(sep), m.dp.View())
	} else {
		body = m.qp.View() + "\n" + m.dp.View()
	}
	return m.hd.View() + "\n" + body + "\n" + m.statusLine() + "\n" + block(strings.Split(m.help.View(m.keys.For(m.mode)), "\n"), m.w, m.lay.Help.H)
}

// statusLine shows the open menu, the filter, or the latest notice.
func (m *Model) statusLine() string {
	l, w := m.opt.Lang, m.wd
	switch m.mode {
	case modeFilter:
		return fit(m.filter.View(), m.w)
	case modeAttempt:
		return fit(m.styles.Menu.Render(fmt.Sprintf(w.AttemptMenu, m.attemptCh.Label(l))+w.Cancel), m.w)
	case modeOutcome:
		return fit(m.styles.Menu.Render(w.OutcomeMenu+w.Cancel), m.w)
	case modeSnooze:
		_, o := m.current()
		var parts []string
		for i, t := range m.snoozeTimes() {
			p := fmt.Sprintf("%d %s %s", i+1, m.keys.SnoozeOptions[i].Help().Desc, t.In(m.cfg.Location).Format("01-02 15:04"))
			if o != nil && t.Unix() > m.cfg.Deadline(o) {
				p += w.PastClose
			}
			parts = append(parts, p)
		}
		return fit(m.styles.Menu.Render(w.SnoozeMenu+strings.Join(parts, " · ")+w.Cancel), m.w)
	case modeDecline:
		var parts []string
		for i, r := range queue.DeclineReasons {
			parts = append(parts, fmt.Sprintf("%d%s", i+1, queue.ReasonLabel(r, l)))
		}
		return fit(m.styles.Menu.Render(w.DeclineMenu+strings.Join(parts, " ")+w.Cancel), m.w)
	}
	if m.importing != "" {
		pct := fmt.Sprintf(" %3.0f%%", m.importPct*100)
		return fit(m.styles.Dim.Render(w.Importing+m.importing+" ")+m.bar.ViewAs(m.importPct)+m.styles.Dim.Render(pct), m.w)
	}
	if m.notice != "" {
		if m.noticeWarn {
			return fit(m.styles.Warn.Render(m.notice), m.w)
		}
		return fit(m.styles.OK.Render(m.notice), m.w)
	}
	if m.filterText != "" {
		return fit(m.styles.Dim.Render(fmt.Sprintf(w.FilterStatus, m.filter.Value(), len(m.shown))), m.w)
	}
	return fit("", m.w)
}
