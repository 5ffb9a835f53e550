package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
)

// Loads: the store's data_version says when to look again; a look merges the changes
// since the snapshot, or loads a new snapshot when there are too many.

func (m *Model) onVersion(v int64) tea.Cmd {
	if v == m.version || m.loading {
		return nil
	}
	m.gen++
	m.loading = true
	load := loadSnapshot(m.ctx, m.opt.Store, m.cfg, m.gen)
	if m.snap != nil && m.snap.Seq > 0 {
		load = loadChanges(m.ctx, m.opt.Store, m.cfg, m.gen, m.snap.Seq)
	}
	return tea.Batch(load, loadTally(m.ctx, m.opt.Store, m.opt.Operator, m.cfg, m.now))
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
	added, left := m.snap.Merge(ch)
	now := time.Now()
	for _, k := range added {
		m.newOrders[k] = now
	}
	m.announceLeft(m.snap, left)
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
	if prev == nil || len(prev.Orders) != len(msg.snap.Orders) {
		paceGC(len(msg.snap.Orders))
	}
	if prev != nil {
		m.diff(prev, msg.snap)
	}
	// A new snapshot: its rows and haystack are made anew. A job still running on the old
	// one reads only the old one.
	m.rows, m.hay = nil, nil
	return tea.Batch(m.relist(true), pollVersion(m.ctx, m.opt.Store))
}

// diff marks the orders that arrived and announces the ones that left (paid or closed).
func (m *Model) diff(prev, cur *queue.Snapshot) {
	if len(prev.Orders) > diffLimit || len(cur.Orders) > diffLimit {
		if d := len(cur.Orders) - len(prev.Orders); d != 0 {
			m.say(fmt.Sprintf(m.wd.QueueDelta, d), false)
		}
		return
	}
	old := make(map[queue.OrderKey]int32, len(prev.Orders))
	for i := range prev.Orders {
		old[prev.Orders[i].Key()] = int32(i)
	}
	for i := range cur.Orders {
		k := cur.Orders[i].Key()
		if _, ok := old[k]; ok {
			delete(old, k)
		} else {
			m.newOrders[k] = time.Now()
		}
	}
	left := make([]queue.Order, 0, len(old))
	for _, i := range old {
		left = append(left, prev.Orders[i])
	}
	m.announceLeft(prev, left)
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
			names = append(names, queue.ShowBuyer(o.Platform, &s.Buyers[o.Buyer], "")+" "+o.Amount.Short(m.opt.Lang))
		}
	}
	m.say(fmt.Sprintf(m.wd.LeftQueue, len(left), sum.Yuan(), strings.Join(names, m.wd.ListSep)), false)
}
