package ui

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"cuifu/queue"
)

// The status line's notices queue up: each shows for a while, a warning until it is read
// (a key pressed after it has been on screen noticeRead), so one never hides another. The
// answer to the specialist's own key (logged, refused, copied, undone) does not queue: it
// shows at once, ahead of the news, which shows again after it.

// notice is one line of news for the status line.
type notice struct {
	text string
	warn bool // a warning stays until read
	own  bool // it answers the specialist's own key
	// News of a colleague's action on an order (sayNews): when it was queued, by the wall
	// clock, and until when it holds, by the shop clock (0: for as long as it is news).
	about queue.OrderKey
	at    time.Time
	until int64
}

// staleNews is how long news of a colleague's action may wait its turn: its own display
// time. Past that it is not news but history, and the queue already shows what it did;
// "阿强 刚认领了…" shown a minute late, after the lease ran out, said what no longer was.
const staleNews = noticeTime

const (
	noticeRead = 2 * time.Second // a notice is on screen this long before a key reads it
	maxNotices = 8               // beyond this the oldest news gives way
)

// say queues a notice of news; the same text twice in a row shows once.
func (m *Model) say(s string, warn bool) {
	if n := len(m.notices); n > 0 && m.notices[n-1].text == s {
		return
	}
	m.notices = append(m.notices, notice{text: s, warn: warn})
	m.trimNotices()
	if len(m.notices) == 1 {
		m.showNotice()
	}
}

// sayNews queues news of a colleague's action on order k that holds until until (shop
// clock, 0 for no end). Newer news of the same order replaces what of it still waits: only
// the latest is true.
func (m *Model) sayNews(s string, k queue.OrderKey, until int64) {
	if n := len(m.notices); n > 0 && m.notices[n-1].text == s {
		return
	}
	if len(m.notices) > 1 { // what is on screen stays its while
		m.notices = append(m.notices[:1], slices.DeleteFunc(m.notices[1:], func(n notice) bool { return n.about == k })...)
	}
	m.notices = append(m.notices, notice{text: s, about: k, at: m.wall(), until: until})
	m.trimNotices()
	if len(m.notices) == 1 {
		m.showNotice()
	}
}

// stale reports whether n is news that waited too long or no longer holds.
func (m *Model) stale(n *notice) bool {
	if n.about == (queue.OrderKey{}) {
		return false
	}
	return m.wall().Sub(n.at) > staleNews || n.until != 0 && m.now.Unix() >= n.until
}

// dropStale takes stale news out of the queue but for the notice on screen.
func (m *Model) dropStale() {
	if len(m.notices) < 2 {
		return
	}
	kept := m.notices[:1]
	for i := 1; i < len(m.notices); i++ {
		if !m.stale(&m.notices[i]) {
			kept = append(kept, m.notices[i])
		}
	}
	m.notices = kept
}

// answer shows the answer to the specialist's own key at once. Queued behind the news, a
// confirmation waited for the news to fade (2 s), or behind a warning for the next key, so
// an action seemed not to be logged. What it puts off shows after it; an earlier answer
// that is no warning has been seen, and the newer one takes its place.
func (m *Model) answer(s string, warn bool) {
	m.notices = slices.DeleteFunc(m.notices, func(n notice) bool { return n.text == s })
	if len(m.notices) > 0 && m.notices[0].own && !m.notices[0].warn {
		m.notices = m.notices[1:]
	}
	m.notices = slices.Insert(m.notices, 0, notice{text: s, warn: warn, own: true})
	m.trimNotices()
	m.showNotice()
}

// trimNotices keeps the queue to maxNotices: the oldest waiting news gives way, not what is
// on screen nor a warning, unless all that waits are warnings.
func (m *Model) trimNotices() {
	if len(m.notices) <= maxNotices {
		return
	}
	drop := 1
	for i := 1; i < len(m.notices); i++ {
		if !m.notices[i].warn {
			drop = i
			break
		}
	}
	m.notices = slices.Delete(m.notices, drop, drop+1)
}

// unsay takes a notice that no longer holds (a wait that ended) out of the queue.
func (m *Model) unsay(s string) {
	kept := m.notices[:0]
	for _, n := range m.notices {
		if n.text != s {
			kept = append(kept, n)
		}
	}
	head := len(m.notices) > 0 && m.notices[0].text == s
	m.notices = kept
	if head {
		m.showNotice()
	}
}

// reword changes what a queued notice says, on the status line too when it is shown there.
func (m *Model) reword(old, s string) {
	for i := range m.notices {
		if m.notices[i].text == old {
			m.notices[i].text = s
			if i == 0 {
				m.notice = s
			}
		}
	}
}

// showNotice puts the queue's first notice on the status line; news that went stale
// waiting is dropped, not shown late.
func (m *Model) showNotice() {
	for len(m.notices) > 0 && m.stale(&m.notices[0]) {
		m.notices = m.notices[1:]
	}
	if len(m.notices) == 0 {
		m.notice, m.noticeWarn = "", false
		return
	}
	m.notice, m.noticeWarn, m.noticeAt = m.notices[0].text, m.notices[0].warn, m.wall()
}

// fadeNotices lets news give way, by the wall clock: after noticeTime, or after noticeRead
// when more is waiting. A warning does not fade.
func (m *Model) fadeNotices() {
	m.dropStale()
	if len(m.notices) == 0 || m.notices[0].warn {
		return
	}
	if age := m.wall().Sub(m.noticeAt); age > noticeTime || (len(m.notices) > 1 && age > noticeRead) {
		m.notices = m.notices[1:]
		m.showNotice()
	}
}

// readNotice: a key pressed while a warning has been on screen a moment reads it.
func (m *Model) readNotice() {
	if len(m.notices) > 0 && m.notices[0].warn && m.wall().Sub(m.noticeAt) >= noticeRead {
		m.notices = m.notices[1:]
		m.showNotice()
	}
}

// noticeColleagues looks at another process's changes before they are merged: when the
// selected order changed under me, the selection keeps its place in the list (it does not
// follow the order to the bottom) and a notice says what happened and who did it; the
// detail pane reloads when its order or its buyer changed. A colleague's contact over my
// claim is said whatever I have selected (noticeOverride).
func (m *Model) noticeColleagues(ch *queue.Changes) {
	_, cur := m.current()
	nick := ""
	if cur != nil {
		nick = m.snap.Buyers[cur.Buyer].Nick
	}
	for i := range ch.Orders {
		c := &ch.Orders[i]
		overridden := m.noticeOverride(c)
		undone := m.noticeUndo(c)
		if cur == nil {
			continue // nothing selected: nothing more to watch
		}
		if c.Order.Key() == m.detailKey || c.Buyer.Nick == nick && c.Order.Platform == cur.Platform {
			m.detail, m.detailKey = nil, queue.OrderKey{} // reloaded after the merge
		}
		at, own := m.mine[c.Order.Key()]
		if own && c.Order.Contact.LastAt >= at {
			delete(m.mine, c.Order.Key()) // a shared queue brought back my own event
		}
		if c.Order.Key() != m.selected || m.keyPending(m.selected) || own && c.Order.Contact.LastAt <= at {
			continue // not mine to watch, or my own action on its way or back
		}
		m.keepPlace = true
		id := queue.Sanitize(cur.ID)
		switch {
		case overridden: // said already, as going over my claim
		case c.Status != queue.StatusUnpaid:
			// announceLeft says it.
		case c.Claim != "" && c.Claim != m.opt.Operator && m.snap.Operator(cur.Contact.ClaimBy) != c.Claim:
			m.sayNews(fmt.Sprintf(m.wd.ColleagueClaimed, queue.Sanitize(c.Claim), id), c.Order.Key(), int64(c.Order.Contact.ClaimUntil))
		case c.Order.Contact.LastAt > cur.Contact.LastAt:
			what := m.touchWhat(&c.Order.Contact)
			m.sayNews(fmt.Sprintf(m.wd.ColleagueTouched, queue.Sanitize(c.By), id, what), c.Order.Key(), 0)
			m.heardTouch(c.Order.Key(), c.Order.Contact.LastAt, what)
		case !undone && c.Order.Contact.LastAt < cur.Contact.LastAt && c.By != "" && c.By != m.opt.Operator:
			// Only a revoke takes the order's last touch back to an older one (or none): the
			// touch taken back is the one the snapshot still shows.
			m.sayNews(fmt.Sprintf(m.wd.ColleagueUndid, queue.Sanitize(c.By), id, m.touchWhat(&cur.Contact)), c.Order.Key(), 0)
		}
	}
}

// touchWhat is a touch as a notice names it: its channel and result.
func (m *Model) touchWhat(ct *queue.ContactState) string {
	return ct.LastChannel.Label(m.opt.Lang) + " " + ct.LastResult.Label(m.opt.Lang)
}

// heard is a colleague's contact that was announced (at is its time, what its channel and
// result): its undo is announced too, wherever my selection has gone since. The contact
// moved the order away from under my selection, so the undo's change would otherwise go
// unsaid.
type heard struct {
	at   int64
	what string
}

// heardTouch keeps the announced contact on order k, and lets go of those too old to be
// undone at a workstation (the undo window, by the shop clock).
func (m *Model) heardTouch(k queue.OrderKey, at int64, what string) {
	old := m.now.Unix() - int64(m.cfg.Roster.UndoWindow.D().Seconds())
	maps.DeleteFunc(m.heard, func(_ queue.OrderKey, h heard) bool { return h.at < old })
	m.heard[k] = heard{at: at, what: what}
}

// noticeUndo says that a colleague took back a contact that was announced to me, and
// reports whether it did. A change that leaves the order's last touch where it was keeps
// the contact waiting; a newer touch, or my own undo, lets it go unsaid.
func (m *Model) noticeUndo(c *queue.Changed) bool {
	k := c.Order.Key()
	h, ok := m.heard[k]
	if !ok || c.Order.Contact.LastAt == h.at {
		return false
	}
	delete(m.heard, k)
	if c.Order.Contact.LastAt > h.at || c.By == "" || c.By == m.opt.Operator {
		return false
	}
	m.sayNews(fmt.Sprintf(m.wd.ColleagueUndid, queue.Sanitize(c.By), queue.Sanitize(c.Order.ID), h.what), k, 0)
	return true
}

// noticeOverride says that a colleague contacted or snoozed an order I hold, whatever I
// have selected: with my claim live nobody else may do either but by an explicit override,
// and the claim stays mine, so nothing else would tell me that the buyer heard from someone
// else, or why the order left my due rows. A change brings the order's state now, so this
// is known from it alone: the claim is mine and live, the order's newest event is a
// colleague's, and it is a touch since the claim began (an undo of it leaves an older
// touch, or mine) or the order now waits (a snooze). Each is said once.
func (m *Model) noticeOverride(c *queue.Changed) bool {
	ct := &c.Order.Contact
	until := int64(ct.ClaimUntil)
	if c.Status != queue.StatusUnpaid || c.Claim != m.opt.Operator || until <= m.now.Unix() ||
		c.By == "" || c.By == m.opt.Operator {
		return false
	}
	by, id := queue.Sanitize(c.By), queue.Sanitize(c.Order.ID)
	var seen overrideSeen
	var text string
	switch {
	case c.Last == c.By && ct.LastAt >= until-m.cfg.Roster.ClaimLease.Seconds():
		seen.touch = ct.LastAt
		text = fmt.Sprintf(m.wd.ColleagueOverrode, by, id, m.touchWhat(ct))
	case ct.Until > m.now.Unix():
		seen.until = ct.Until
		text = fmt.Sprintf(m.wd.ColleagueSnoozed, by, id, time.Unix(ct.Until, 0).In(m.cfg.Location).Format("01-02 15:04"))
	default:
		return false
	}
	k := c.Order.Key()
	if m.overrides[k] == seen {
		return true
	}
	m.overrides[k] = seen
	m.say(text, true)
	return true
}

// overrideSeen is a colleague's action over my claim that was said: a touch (its time) or a
// snooze (until when).
type overrideSeen struct{ touch, until int64 }
