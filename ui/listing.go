package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/scripts"
)

// The list: ranking and filtering run in a command (a list job) on the snapshot, never in
// Update. One job runs at a time, and while it runs nothing writes the snapshot: a logged
// event or a merge waits (held) until the job is back. Update only swaps in a job's result
// when its generation is the newest asked for. The two rankers take turns, so the rows on
// screen are never the buffer a running job writes into.

// listJob is what a list job needs: values and buffers the UI goroutine leaves alone
// while it runs.
type listJob struct {
	gen    int
	snap   *queue.Snapshot
	cfg    *queue.Config
	now    time.Time
	me     int32
	rank   func(queue.Input) ranked // nil: filter the rows as they are
	rows   []queue.Row              // the rows to filter when not ranking
	hay    []string                 // the lower-case haystack, by order; extended when the snapshot grew
	shared *news                    // a shared queue's publication of snap: its haystack serves
	filter string                   // lower-case, trimmed; "" shows every row
	quick  quickFilter              // the quick filter; quickAll shows every row
	buf    []queue.Row              // where the filtered rows go: a buffer not on screen
	sel    queue.OrderKey
	hasSel bool
}

// ranked is a ranking's rows and the size of each section.
type ranked struct {
	rows                   []queue.Row
	due, upcoming, blocked int
}

// rankWith ranks with the workstation's own ranker (its rows are the ranker's).
func rankWith(r *queue.Ranker) func(queue.Input) ranked {
	return func(in queue.Input) ranked {
		rows := r.Rank(in)
		return ranked{rows: rows, due: r.Due, upcoming: r.Upcoming, blocked: r.Blocked}
	}
}

// listedMsg is a list job's result.
type listedMsg struct {
	gen                    int
	snap                   *queue.Snapshot // the snapshot the rows are of
	shared                 *news           // its publication, on a shared queue
	rows, shown            []queue.Row
	hay                    []string
	due, upcoming, blocked int
	pos                    int   // where the selected order is in shown, -1 when not there
	nextAt                 int64 // unix time the ranking can next change by the clock alone
	ranked                 bool
	filtered               bool          // shown is the job's buffer, not rows
	at                     time.Time     // the clock the rows were ranked at
	took                   time.Duration // how long the ranking took
}

// rankSpacing bounds the clock's re-ranks by their cost: one comes no sooner than this
// many times the last ranking's duration after it, so they take at most a five-hundredth of
// a core (at 1M orders, one every 20 s to a minute), and never later than rankSpacingMax. In
// a big queue some order becomes due nearly every second; re-ranked each time, a million
// orders were ranked anew every few seconds on the cores the UI needs, and each re-rank
// costs the UI a frame of twice the work (the tick's, then the new rows swapped in, drawn
// from cold caches), about a millisecond. A small queue ranks in a fraction of a millisecond
// and is re-ranked when its next order comes due. A change of the data re-ranks at once.
const rankSpacing = 500

// rankSpacingMax is the longest the clock's re-ranks are spaced, however slow the ranking:
// an order that came due by the clock is listed as due within a minute.
const rankSpacingMax = time.Minute

// haystack is what the filter searches for an order: its id, buyer and item, lower case.
func haystack(s *queue.Snapshot, i int) string {
	o := &s.Orders[i]
	return strings.ToLower(o.ID + "\x00" + s.Buyers[o.Buyer].Nick + "\x00" + o.Title)
}

// run does the job. It reads the snapshot and writes only the job's own buffers.
func (j listJob) run() tea.Msg {
	msg := listedMsg{gen: j.gen, snap: j.snap, shared: j.shared, rows: j.rows, at: j.now, pos: -1}
	if j.rank != nil {
		start := time.Now()
		r := j.rank(queue.Input{Snap: j.snap, Config: j.cfg, Now: j.now, Me: j.me})
		msg.took = time.Since(start)
		msg.rows, msg.ranked = r.rows, true
		msg.due, msg.upcoming, msg.blocked = r.due, r.upcoming, r.blocked
		msg.nextAt = nextChange(msg.rows, msg.due, msg.upcoming, j.now)
	}
	msg.hay = j.hay
	if j.filter != "" || j.quick != quickAll {
		hay := msg.hay
		switch {
		case j.filter != "" && j.shared != nil:
			hay = j.shared.haystack() // made once for all the workstations
		case j.filter != "" && len(msg.hay) < len(j.snap.Orders):
			// A new slice, so the haystack an earlier result holds is never written.
			grown := make([]string, len(j.snap.Orders))
			copy(grown, msg.hay)
			for i := len(msg.hay); i < len(grown); i++ {
				grown[i] = haystack(j.snap, i)
			}
			msg.hay, hay = grown, grown
		}
		id := strings.TrimPrefix(j.filter, "#") // Shopify's #1001 is found as 1001 too
		msg.shown, msg.filtered = j.buf[:0], true
		now := j.now.Unix()
		for i := range msg.rows {
			r := &msg.rows[i]
			if !j.quick.keeps(r, j.snap, j.me, now) {
				continue
			}
			if j.filter == "" || matches(hay[r.Order], j.filter, id) {
				msg.shown = append(msg.shown, *r)
			}
		}
	} else {
		msg.shown = msg.rows
	}
	if j.hasSel {
		for i := range msg.shown {
			if o := &j.snap.Orders[msg.shown[i].Order]; o.ID == j.sel.ID && o.Platform == j.sel.Platform {
				msg.pos = i
				break
			}
		}
	}
	return msg
}

// matches reports whether an order's haystack h holds the filter text, or its id holds id.
func matches(h, filter, id string) bool {
	return strings.Contains(h, filter) || strings.Contains(h[:strings.IndexByte(h, 0)], id)
}

// nextChange is when the ranking can next change by the clock alone: the first upcoming
// row's due time, or the next minute (the time-of-day rules and the closing times count
// in minutes), whichever comes first.
func nextChange(rows []queue.Row, due, upcoming int, now time.Time) int64 {
	next := now.Truncate(time.Minute).Add(time.Minute).Unix()
	if upcoming > 0 && due < len(rows) {
		next = min(next, max(rows[due].NextAt(), now.Unix()+1))
	}
	return next
}

// relist asks for the list again: ranked anew when rank is set (the data or the clock
// changed), or only filtered. While a job runs, the request waits for it.
func (m *Model) relist(rank bool) tea.Cmd {
	snap, shared := m.snap, m.onScreen
	if m.fresh != nil {
		snap, shared = m.fresh.snap, m.fresh // a shared queue's newer snapshot, to rank
		rank = true
	}
	if snap == nil {
		return nil
	}
	m.rankDue = m.rankDue || rank
	if m.listing {
		m.listDirty = true
		return nil
	}
	m.listGen++
	m.listing, m.listDirty = true, false
	j := listJob{gen: m.listGen, snap: snap, cfg: m.cfg, now: m.now, me: m.me(snap),
		rows: m.rows, hay: m.hay, filter: m.filterText, quick: m.quick, sel: m.selected, hasSel: m.hasSel, buf: m.shownBufs[m.listGen%2]}
	if m.opt.Shared != nil {
		// A shared queue: its haystack, and the filtered rows in memory of their own
		// rather than two buffers kept for good.
		j.shared, j.hay, j.buf = shared, nil, nil
	}
	if m.rankDue || m.rows == nil {
		j.rank = rankWith(&m.rankers[m.listGen%2])
		if m.opt.Shared != nil {
			j.rank = m.opt.Shared.rank
		}
		m.rankDue = false
	}
	return j.run
}

// me is the operator's index in snap for the ranking. A shared snapshot is only read: the
// shared queue has added the roster's names to it, and a claim's holder comes with it.
func (m *Model) me(snap *queue.Snapshot) int32 {
	if m.opt.Shared != nil {
		return snap.LookupOperator(m.opt.Operator)
	}
	return snap.OperatorIndex(m.opt.Operator)
}

// onListed swaps in a list job's rows, keeps the selection on its order (or at its place
// when the order left the list), then lets the held writes in and asks again if needed.
func (m *Model) onListed(msg listedMsg) tea.Cmd {
	m.listing = false
	if msg.gen == m.listGen {
		if sh := m.opt.Shared; sh != nil {
			// The rows come with their snapshot, which the screen shows from now on; the
			// rows shown before go back to the pool.
			if msg.ranked {
				sh.giveBack(m.rows)
			}
			m.snap, m.onScreen = msg.snap, msg.shared
			if m.fresh == msg.shared {
				m.fresh = nil
			}
		}
		m.rows, m.shown, m.hay = msg.rows, msg.shown, msg.hay
		if msg.filtered && m.opt.Shared == nil {
			// Kept for the job after next. Only a buffer the job filtered into: a job that
			// ran before the filter was typed shows the ranked rows themselves, and a later
			// job filtering into those would overwrite the queue.
			m.shownBufs[msg.gen%2] = msg.shown
		}
		if msg.ranked {
			m.counts = [3]int{msg.due, msg.upcoming, msg.blocked}
			spaced := msg.at.Add(min(rankSpacing*msg.took, rankSpacingMax) + time.Second - 1).Unix() // rounded up to the second
			m.nextRankAt = max(msg.nextAt, spaced)
		}
		pos := msg.pos
		if pos < 0 || m.keepPlace {
			// The selected order left (paid, filtered out) or changed under me: stay put.
			pos = min(m.qp.cursor, len(m.shown)-1)
		}
		m.keepPlace = false
		if pos >= 0 {
			m.selectAt(pos)
		} else {
			m.hasSel = false
		}
	}
	cmds := []tea.Cmd{m.selectionChanged()}
	for _, held := range m.held {
		cmds = append(cmds, held())
	}
	if len(m.held) > 0 {
		m.held = m.held[:0]
		m.rankDue = true
	}
	if m.listDirty || m.rankDue {
		cmds = append(cmds, m.relist(false))
	}
	return tea.Batch(cmds...)
}

// write runs f, which writes the snapshot, now, or once the running list job is back.
func (m *Model) write(f func() tea.Cmd) tea.Cmd {
	if m.listing {
		m.held = append(m.held, f)
		return nil
	}
	return tea.Batch(f(), m.relist(true))
}

func (m *Model) onFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.status.keys.Cancel):
		m.mode = modeNormal
		m.status.filter.Blur()
		return m.setFilter("")
	case key.Matches(msg, m.status.keys.Apply):
		m.mode = modeNormal
		m.status.filter.Blur()
		return nil
	}
	var cmd tea.Cmd
	before := m.status.filter.Value()
	m.status.filter, cmd = m.status.filter.Update(msg)
	if v := m.status.filter.Value(); v != before {
		return tea.Batch(cmd, m.setFilter(v))
	}
	return cmd
}

// setFilter shows only the orders whose id, buyer or item contains text ("" shows all).
func (m *Model) setFilter(text string) tea.Cmd {
	if text == "" {
		m.status.filter.SetValue("")
	}
	m.filterText = strings.ToLower(strings.TrimSpace(text))
	return m.relist(false)
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
	return loadDetail(m.ctx, m.opt.Store, m.selected)
}

// refreshSuggestions renders the selected order's scripts for its channel. Scripts are
// pure and few, so this is cheap; the alternative shown stays, while it still exists, as
// long as the order stays selected.
func (m *Model) refreshSuggestions() {
	row, o := m.current()
	if o == nil || m.opt.Advisor == nil {
		m.sugs, m.sugsFor = nil, sugsKey{}
		return
	}
	// The same order, channel, contact state, detail and minute render the same scripts:
	// a re-rank that leaves the selection alone renders nothing.
	k := sugsKey{o.Key(), row.Channel(), o.Contact, m.detail, m.now.Unix() / 60, Together(m.shown, m.qp.cursor, m.snap)}
	if k == m.sugsFor {
		return
	}
	// Only the same order keeps its alternative: another order opens on its own first
	// script, not on the one the order before showed.
	prev := ""
	if s := m.suggestion(); s != nil && m.sugsFor.order == k.order {
		prev = s.ID
	}
	m.sugsFor = k
	receiver := ""
	if m.detail != nil {
		receiver = m.detail.Receiver
	}
	m.sugs = m.opt.Advisor.Suggest(ScriptRequest(m.shown, m.qp.cursor, m.snap, m.cfg, m.now, m.opt.Lang, receiver, DeclineReason(o, m.detail)))
	m.alt = 0
	for i, s := range m.sugs {
		if s.ID == prev {
			m.alt = i
		}
	}
}

// sugsKey is what the scripts of the selection depend on.
type sugsKey struct {
	order    queue.OrderKey
	channel  queue.Channel
	contact  queue.ContactState
	detail   *data.Detail
	minute   int64
	together int // the orders the words speak of: the group changes with the buyer's orders
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

// isPending reports whether an action on order i is on its way to the store.
func (m *Model) isPending(i int32) bool {
	return len(m.pending) > 0 && m.keyPending(m.snap.Orders[i].Key())
}

func (m *Model) isNew(i int32) bool {
	if len(m.newOrders) == 0 {
		return false
	}
	_, ok := m.newOrders[m.snap.Orders[i].Key()]
	return ok
}
