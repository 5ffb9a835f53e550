package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
	"cuifu/scripts"
)

func (m *Model) onFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.mode = modeNormal
		m.filter.Blur()
		m.setFilter("")
		return nil
	case "enter":
		m.mode = modeNormal
		m.filter.Blur()
		return nil
	}
	var cmd tea.Cmd
	before := m.filter.Value()
	m.filter, cmd = m.filter.Update(msg)
	if v := m.filter.Value(); v != before {
		m.setFilter(v)
		return tea.Batch(cmd, m.selectionChanged())
	}
	return cmd
}

// setFilter shows only the orders whose id, buyer or item contains text ("" shows all).
func (m *Model) setFilter(text string) {
	if text == "" {
		m.match = nil
		m.filter.SetValue("")
	} else {
		m.match = matchOrders(m.snap, text)
	}
	m.rerank()
}

// matchOrders marks the orders that match a filter text. It runs when the filter changes,
// not on every frame.
func matchOrders(s *queue.Snapshot, text string) []bool {
	match := make([]bool, 0)
	if s == nil {
		return match
	}
	text = strings.ToLower(strings.TrimSpace(text))
	match = make([]bool, len(s.Orders))
	for i := range s.Orders {
		o := &s.Orders[i]
		// Shopify's #1001 is found as 1001 too, and an older store's 1001 as #1001.
		match[i] = strings.Contains(o.ID, strings.TrimPrefix(text, "#")) || strings.Contains(strings.ToLower(s.Buyers[o.Buyer].Nick), text) ||
			strings.Contains(strings.ToLower(o.Title), text)
	}
	return match
}

// rerank ranks the snapshot at the current time and keeps the selection on the same order.
func (m *Model) rerank() {
	if m.snap == nil {
		return
	}
	m.rows = m.ranker.Rank(queue.Input{Snap: m.snap, Config: m.cfg, Now: m.now, Me: m.snap.OperatorIndex(m.opt.Operator)})
	m.shown = m.rows
	if m.match != nil {
		m.shown = m.shown[:0:0]
		for _, r := range m.rows {
			if m.match[r.Order] {
				m.shown = append(m.shown, r)
			}
		}
	}
	pos := -1
	if m.hasSel {
		for i := range m.shown {
			if o := &m.snap.Orders[m.shown[i].Order]; o.ID == m.selected.ID && o.Platform == m.selected.Platform {
				pos = i
				break
			}
		}
	}
	if pos < 0 {
		// The selected order left (paid, or filtered out): stay at the same place.
		pos = min(m.qp.cursor, len(m.shown)-1)
	}
	if pos >= 0 {
		m.selectAt(pos)
	} else {
		m.hasSel = false
	}
	m.refreshSuggestions()
}

// selectAt selects the row at position i of the list.
func (m *Model) selectAt(i int) {
	m.qp.rows = m.shown
	if len(m.shown) == 0 {
		m.hasSel = false
		return
	}
	i = max(min(i, len(m.shown)-1), 0)
	m.qp.cursor = i
	m.selected = m.snap.Orders[m.shown[i].Order].Key()
	m.hasSel = true
	m.qp.scrollTo()
}

// move moves the selection by d rows.
func (m *Model) move(d int) tea.Cmd {
	if len(m.shown) == 0 {
		return nil
	}
	before := m.selected
	m.selectAt(m.qp.cursor + d)
	if m.selected == before {
		return nil
	}
	return m.selectionChanged()
}

// selectionChanged loads the new selection's detail and picks its scripts.
func (m *Model) selectionChanged() tea.Cmd {
	if !m.hasSel || (m.detail != nil && m.detailKey == m.selected) {
		m.refreshSuggestions()
		return nil
	}
	m.detail = nil
	m.alt = 0
	m.refreshSuggestions()
	return loadDetail(m.opt.Store, m.selected)
}

// refreshSuggestions renders the selected order's scripts for its channel. Scripts are
// pure and few, so this is cheap; the alternative shown stays when it still exists.
func (m *Model) refreshSuggestions() {
	row, o := m.current()
	if o == nil || m.opt.Advisor == nil {
		m.sugs = nil
		return
	}
	prev := ""
	if s := m.suggestion(); s != nil {
		prev = s.ID
	}
	receiver := ""
	if m.detail != nil {
		receiver = m.detail.Receiver
	}
	m.sugs = m.opt.Advisor.Suggest(ScriptRequest(row, m.snap, m.cfg, m.now, m.opt.Lang, receiver, DeclineReason(o, m.detail)))
	m.alt = 0
	for i, s := range m.sugs {
		if s.ID == prev {
			m.alt = i
		}
	}
}

// current returns the selected row and order, or nils.
func (m *Model) current() (*queue.Row, *queue.Order) {
	if !m.hasSel || m.qp.cursor >= len(m.shown) {
		return nil, nil
	}
	r := &m.shown[m.qp.cursor]
	return r, &m.snap.Orders[r.Order]
}

func (m *Model) suggestion() *scripts.Suggestion {
	if len(m.sugs) == 0 {
		return nil
	}
	return &m.sugs[m.alt%len(m.sugs)]
}

func (m *Model) isNew(i int32) bool {
	if len(m.newOrders) == 0 {
		return false
	}
	_, ok := m.newOrders[m.snap.Orders[i].Key()]
	return ok
}
