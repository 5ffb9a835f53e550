package ui

import (
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// Loads: the store's data_version says when to look again; a look merges the changes
// since the snapshot, or loads a new snapshot when there are too many.

func (m *Model) onVersion(v int64) tea.Cmd {
	if m.opt.Shared != nil {
		// Never a load of my own into the snapshot everyone reads: the shared queue looks.
		m.opt.Shared.Kick()
		return nil
	}
	if v == m.version || m.loading {
		return nil
	}
	m.gen++
	m.loading = true
	load := loadSnapshot(m.ctx, m.opt.Store, m.cfg, m.gen)
	if m.snap != nil && m.snap.Seq > 0 {
		load = loadChanges(m.ctx, m.opt.Store, m.cfg, m.gen, m.snap.Seq)
	}
	return tea.Batch(load, m.loadTally())
}

func (m *Model) onChanges(msg changesMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil // a newer load is on its way
	}
	if msg.err != nil {
		if errors.Is(msg.err, data.ErrTooManyChanges) {
			m.gen++ // a big import: a full reload is cheaper than a merge
			return loadSnapshot(m.ctx, m.opt.Store, m.cfg, m.gen)
		}
		return m.onError(msg.err)
	}
	m.loading = false
	m.version = msg.version
	return tea.Batch(m.write(func() tea.Cmd { return m.merge(msg.ch) }), pollVersion(m.ctx, m.opt.Store))
}

// merge folds another process's changes into the snapshot (a list job is not running).
func (m *Model) merge(ch *queue.Changes) tea.Cmd {
	m.noticeColleagues(ch)
	added, left, moved := m.snap.MergeMoved(ch)
	if moved != nil {
		// Orders left, or moved to keep the snapshot laid out: the rows on screen until the
		// re-rank follow them (else they would show other orders, or run past the end).
		sameRows := len(m.shown) == len(m.rows) && len(m.rows) > 0 && &m.shown[0] == &m.rows[0]
		m.rows = queue.Reindex(m.rows, moved)
		if sameRows {
			m.shown = m.rows
		} else {
			m.shown = queue.Reindex(m.shown, moved)
		}
		m.hay = nil // made again, by the new places, when the filter next runs
		for k, i := range m.pending {
			if i >= 0 && int(i) < len(moved) {
				m.pending[k] = moved[i] // where its logged contact is applied (onLogged)
			}
		}
	}
	m.tell(orderDiff{added: added, left: left, of: m.snap})
	return nil
}

func (m *Model) onSnapshot(msg snapshotMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil // a newer load is on its way
	}
	m.loading = false
	m.version = msg.version
	prev := m.snap
	m.snap = msg.snap
	if prev != nil {
		m.diff(prev, msg.snap)
	}
	// A new snapshot: its rows and haystack are made anew. A job still running on the old
	// one reads only the old one. The rows on screen were ranked on the old one: none is
	// shown against the new one (its orders are elsewhere, maybe fewer) until its own.
	m.rows, m.shown, m.hay = nil, nil, nil
	m.listGen++ // and a list job still running on the old one: its rows are not shown
	return tea.Batch(m.relist(true), pollVersion(m.ctx, m.opt.Store))
}

// diff marks the orders that arrived and announces the ones that left (paid or closed).
func (m *Model) diff(prev, cur *queue.Snapshot) { m.tell(diffOrders(prev, cur)) }

// diffOrders finds the orders that arrived in cur and the ones that left prev; above
// diffLimit orders it only counts.
func diffOrders(prev, cur *queue.Snapshot) orderDiff {
	if len(prev.Orders) > diffLimit || len(cur.Orders) > diffLimit {
		return orderDiff{delta: len(cur.Orders) - len(prev.Orders)}
	}
	old := make(map[queue.OrderKey]int32, len(prev.Orders))
	for i := range prev.Orders {
		old[prev.Orders[i].Key()] = int32(i)
	}
	var d orderDiff
	for i := range cur.Orders {
		k := cur.Orders[i].Key()
		if _, ok := old[k]; ok {
			delete(old, k)
		} else {
			d.added = append(d.added, k)
		}
	}
	d.left, d.of = make([]queue.Order, 0, len(old)), prev
	for _, i := range old {
		d.left = append(d.left, prev.Orders[i])
	}
	return d
}

// tell marks the orders that arrived and announces the ones that left, or says by how
// many the queue changed.
func (m *Model) tell(d orderDiff) {
	if d.delta != 0 {
		m.say(words.Format(m.wd.QueueDelta, d.delta), false)
	}
	now := time.Now()
	for _, k := range d.added {
		m.newOrders[k] = now
	}
	if d.of != nil {
		m.announceLeft(d.of, d.left)
	}
}

// onNews takes a shared queue's publications since the last one seen. Each says what it
// changed (a colleague's change to my selection, the orders that came and went), judged
// against the snapshot on screen; the newest snapshot is then ranked for this workstation,
// and shown with its rows.
func (m *Model) onNews(msg newsMsg) tea.Cmd {
	if msg.to == nil {
		return nil // the workstation is closing
	}
	first := msg.to
	if msg.from != nil {
		first = msg.from.next
	}
	changed := false
	for n := first; ; n = n.next {
		switch {
		case n.err != nil:
			m.onError(n.err)
		case n.snap == nil:
		case m.snap == nil && m.fresh == nil:
			changed = true // the first: nothing to compare it with
		default:
			if n.ch != nil {
				m.noticeColleagues(n.ch)
			}
			m.tell(n.diff)
			changed = true
		}
		if n == msg.to {
			break
		}
	}
	cmds := []tea.Cmd{waitNews(m.ctx, m.opt.Shared, msg.to)}
	if changed && msg.to.snap != nil {
		if m.snap != nil || m.fresh != nil {
			// The day's numbers may have moved too (Init asked for the first ones).
			cmds = append(cmds, m.loadTally())
		}
		m.fresh, m.version = msg.to, msg.to.version
		cmds = append(cmds, m.relist(true))
	}
	return tea.Batch(cmds...)
}

// announceLeft says which orders were paid or closed and left the queue; s holds their buyers.
func (m *Model) announceLeft(s *queue.Snapshot, left []queue.Order) {
	if len(left) == 0 {
		return
	}
	var names []string
	var sum queue.Fen
	for i := range left {
		o := &left[i]
		sum += o.Amount
		if len(names) < 2 {
			names = append(names, queue.ShowBuyer(o.Platform, &s.Buyers[o.Buyer], "", m.opt.Lang)+" "+o.Amount.Short(m.opt.Lang))
		}
	}
	m.say(words.Format(m.wd.LeftQueue, len(left), sum.Yuan(), strings.Join(names, m.wd.ListSep)), false)
}
