package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// keyPending reports whether an action on order k is on its way to the store.
func (m *Model) keyPending(k queue.OrderKey) bool {
	_, ok := m.pending[k]
	return ok
}

func (m *Model) onLogged(msg loggedMsg) tea.Cmd {
	// Where the order is now: merges since the action was sent may have moved it (merge
	// keeps the pending orders' places).
	at, ok := m.pending[msg.ev.Order]
	if !ok {
		at = msg.order
	}
	delete(m.pending, msg.ev.Order)
	if msg.err == nil && msg.ev.Kind.Revocable() {
		m.lastOwn, m.lastOwnAt = msg.ev, time.Now()
	}
	if msg.err != nil {
		m.withdrawOverride(false) // a newer refusal: F is for it alone
		said := m.notLogged(msg.err, m.offerOverride(msg))
		if m.refused != nil {
			m.refusedSaid = said
		}
		return nil
	}
	ev := msg.ev
	if ev.Kind == queue.EventContact {
		delete(m.notes, ev.Order) // the note went with it
	}
	if ev.Order == m.detailKey {
		m.detail, m.detailKey = nil, queue.OrderKey{} // its history has a new line: reload it
	}
	apply := func() tea.Cmd {
		// The order's contact state moves in memory, without a reload.
		if msg.snap == m.snap && at >= 0 && int(at) < len(m.snap.Orders) && m.snap.Orders[at].Key() == ev.Order {
			o := &m.snap.Orders[at]
			joins := o.Contact.Apply(&ev, m.snap.OperatorIndex(ev.Operator))
			m.snap.Buyers[o.Buyer].Apply(&ev, m.cfg.Location)
			m.snap.AddContact(o.Buyer, &ev, joins) // the daily cap counts it at the next ranking
			if n, ok := data.CushionOf(ev.Note); ok {
				m.snap.Buyers[o.Buyer].Cushions |= 1 << n
			}
		}
		return nil
	}
	if ev.Kind == queue.EventReveal {
		m.revealed[ev.Order] = true
	}
	text := m.wd.Logged + describe(ev, m.cfg, m.opt.Lang)
	if len(msg.warnings) > 0 {
		m.answer(text+m.wd.WarningSep+strings.Join(msg.warnings, m.wd.WarningJoin), true)
	} else {
		m.answer(text, false)
	}
	tally := m.loadTally()
	if m.opt.Shared != nil {
		// The shared queue brings it back to everyone with its next look; until then, my
		// own event is not news about a colleague.
		m.mine[ev.Order] = ev.At
		m.opt.Shared.Kick()
		return tally
	}
	return tea.Batch(m.write(apply), tally)
}

// overrode says whose claim a forced event went over, or nothing.
func overrode(ev queue.Event, w *words.Words) string {
	if ev.Override == "" {
		return ""
	}
	return fmt.Sprintf(w.Overrode, queue.Sanitize(ev.Override))
}

// describe says what an event recorded, for the status line.
func describe(ev queue.Event, cfg *queue.Config, l queue.Lang) string {
	w := words.For(l)
	switch ev.Kind {
	case queue.EventContact:
		return ev.Order.ID + " " + ev.Channel.Label(l) + " " + ev.Result.Label(l) + reasonWords(ev.Reason, l) + overrode(ev, w)
	case queue.EventSnooze:
		return ev.Order.ID + w.SnoozedUntil + time.Unix(ev.Until, 0).In(cfg.Location).Format("01-02 15:04") + overrode(ev, w)
	case queue.EventClaim:
		return ev.Order.ID + w.Claimed
	case queue.EventRelease:
		return ev.Order.ID + w.Released
	case queue.EventReveal:
		return ev.Order.ID + w.Revealed
	}
	return string(ev.Kind)
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if key.Matches(msg, k.ForceQuit) {
		return m.quit(true) // in every mode
	}
	if m.quitting {
		return nil // no new action while the last ones are saved
	}
	if m.lay.TooSmall {
		// The screen says only that it is too small: a key would act on an order, a menu or
		// a filter the specialist cannot see. Keys wait for a screen that shows them; q quits.
		if m.mode == modeNormal && key.Matches(msg, k.Quit) {
			return m.quit(false)
		}
		return nil
	}
	switch m.mode {
	case modeFilter:
		return m.onFilterKey(msg)
	case modeAttempt, modeOutcome, modeDecline, modeSnooze, modeQuick:
		return m.onMenuKey(msg)
	case modeHistory:
		if m.dp.historyKey(msg) {
			m.mode = modeNormal
		}
		return nil
	case modeNote:
		return m.onNoteKey(msg)
	}
	if d, ok := m.qp.moveFor(msg); ok {
		return m.move(d)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return m.onResize(m.w, m.h)
	case key.Matches(msg, m.qp.keys.Filter):
		m.mode = modeFilter
		return m.status.filter.Focus()
	case key.Matches(msg, m.qp.keys.Quick):
		m.mode = modeQuick
		return nil
	case key.Matches(msg, k.Cancel):
		switch {
		case m.filterText != "":
			return m.setFilter("")
		case m.quick != quickAll:
			m.quick = quickAll
			return m.relist(false)
		}
		return nil
	case key.Matches(msg, k.Undo):
		return m.undo()
	case key.Matches(msg, k.Override):
		return m.override()
	}
	return m.onOrderKey(msg)
}

// onOrderKey handles the detail pane's keys, which act on the selected order.
func (m *Model) onOrderKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.dp.keys
	row, o := m.current()
	if o == nil {
		return nil
	}
	if m.keyPending(o.Key()) && key.Matches(msg, k.Attempt, k.Outcome, k.Snooze, k.Claim, k.Reveal) {
		// One action at a time on an order: a second key would log it twice.
		m.answer(fmt.Sprintf(m.wd.Pending, o.ID), true)
		return nil
	}
	switch {
	case key.Matches(msg, k.NextScript):
		if len(m.sugs) > 0 {
			m.alt = (m.alt + 1) % len(m.sugs)
		}
	case key.Matches(msg, k.Copy):
		if s := m.suggestion(); s != nil {
			m.answer(m.wd.ScriptCopied+s.ID, false)
			return tea.SetClipboard(s.Text)
		}
	case key.Matches(msg, k.CopyOrder):
		// For finding the chat in 千牛: the order number, then the buyer's nick.
		m.answer(fmt.Sprintf(m.wd.Copied, o.ID), false)
		return tea.SetClipboard(o.ID)
	case key.Matches(msg, k.CopyBuyer):
		b := &m.snap.Buyers[o.Buyer]
		nick := queue.Sanitize(b.Nick)
		if !queue.ShownByAccount(b.Nick) {
			nick = queue.ShowBuyer(o.Platform, b, "", m.opt.Lang) // an e-mail or a made-up id is not copied out
		}
		m.answer(fmt.Sprintf(m.wd.Copied, nick), false)
		return tea.SetClipboard(nick)
	case key.Matches(msg, k.Attempt):
		if row.Channel() == queue.ChannelNone {
			m.answer(m.wd.OptedOutNoContact, true)
			return nil
		}
		m.mode, m.attemptCh = modeAttempt, row.Channel()
	case key.Matches(msg, k.Outcome):
		m.mode = modeOutcome
	case key.Matches(msg, k.Snooze):
		m.mode = modeSnooze
	case key.Matches(msg, k.History):
		m.mode = modeHistory
		m.dp.histOff = 0
	case key.Matches(msg, k.Note):
		m.mode = modeNote
		m.status.note.SetValue(m.notes[o.Key()])
		return m.status.note.Focus()
	case key.Matches(msg, k.Claim):
		me := m.me(m.snap)
		if o.Contact.ClaimBy == me && int64(o.Contact.ClaimUntil) > m.now.Unix() {
			return m.log(queue.Event{Kind: queue.EventRelease})
		}
		return m.log(queue.Event{Kind: queue.EventClaim, Until: m.now.Add(m.cfg.Roster.ClaimLease.D()).Unix()})
	case key.Matches(msg, k.Reveal):
		if !m.revealsSomething(o) {
			m.answer(fmt.Sprintf(m.wd.NothingToReveal, o.ID), true)
			return nil
		}
		return m.log(queue.Event{Kind: queue.EventReveal})
	}
	return nil
}

// onMenuKey acts on what a key chose in the open menu.
func (m *Model) onMenuKey(msg tea.KeyPressMsg) tea.Cmd {
	c, ok := m.menu.choose(m.mode, msg)
	if !ok {
		return nil
	}
	if m.mode == modeQuick && !c.cancel { // the list's, not an order's
		m.mode, m.quick = modeNormal, quickFilter(c.index)
		return m.relist(false)
	}
	row, _ := m.current()
	if c.cancel || row == nil {
		m.mode = modeNormal
		return nil
	}
	md := m.mode
	m.mode = modeNormal
	switch md {
	case modeAttempt:
		if c.channel {
			m.mode, m.attemptCh = modeAttempt, m.attemptCh%3+1 // IM → SMS → phone → IM
			return nil
		}
		return m.contact(m.attemptCh, c.result.Result, c.result.Reason)
	case modeOutcome:
		if c.result.Result == queue.ResultDeclined {
			m.mode = modeDecline
			return nil
		}
		return m.contact(m.outcomeChannel(row), c.result.Result, c.result.Reason)
	case modeSnooze:
		return m.snooze(m.snoozeTimes()[c.index])
	case modeDecline:
		return m.contact(m.outcomeChannel(row), queue.ResultDeclined, queue.DeclineReasons[c.index])
	}
	return nil
}

// onNoteKey types the note for the selected order's next contact: enter keeps it (an empty
// one drops it), esc leaves it as it was.
func (m *Model) onNoteKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.status.keys.Cancel):
		m.mode = modeNormal
		m.status.note.Blur()
		return nil
	case key.Matches(msg, m.status.keys.Apply):
		m.mode = modeNormal
		m.status.note.Blur()
		if _, o := m.current(); o != nil {
			note := strings.TrimSpace(m.status.note.Value())
			if note == "" {
				delete(m.notes, o.Key())
				return nil
			}
			m.notes[o.Key()] = note
			m.answer(fmt.Sprintf(m.wd.NoteAdded, freeText(note, m.revealed[m.selected])), false)
		}
		return nil
	}
	var cmd tea.Cmd
	m.status.note, cmd = m.status.note.Update(msg)
	return cmd
}

// outcomeChannel is the channel a response came through: the last one used, or the
// suggested one when the order was not touched yet.
func (m *Model) outcomeChannel(row *queue.Row) queue.Channel {
	o := &m.snap.Orders[row.Order]
	if o.Contact.LastChannel != queue.ChannelNone {
		return o.Contact.LastChannel
	}
	if row.Channel() == queue.ChannelNone {
		return queue.ChannelIM
	}
	return row.Channel()
}

// contact logs an attempt or an outcome on the selected order, with the script used and
// any rule it breaks.
func (m *Model) contact(ch queue.Channel, r queue.Result, reason string) tea.Cmd {
	_, o := m.current()
	if o == nil {
		return nil
	}
	ev := queue.Event{Kind: queue.EventContact, Channel: ch, Result: r, Reason: reason}
	if s := m.suggestion(); s != nil && s.Channel == ch {
		ev.ScriptID = s.ID
		if s.CushionID >= 0 {
			ev.Note = fmt.Sprintf("cushion=%d", s.CushionID)
		}
	}
	if note := m.notes[o.Key()]; note != "" {
		// The specialist's note goes with the contact, after the cushion mark if any.
		ev.Note = strings.TrimSpace(ev.Note + " " + note)
	}
	if r == queue.ResultPromised {
		ev.Until = m.now.Add(24 * time.Hour).Unix()
	}
	return m.log(ev)
}

// log fills in who, when and which order, checks the playbook's rules, and sends the
// event to the store.
func (m *Model) log(ev queue.Event) tea.Cmd {
	row, o := m.current()
	if o == nil {
		return nil
	}
	ev.At = m.now.Unix()
	ev.Operator, ev.Session, ev.Order = m.opt.Operator, m.opt.Session, o.Key()
	ev.UID = data.NewUID() // made once, before the first try: the store logs it once
	var warnings []string
	if ev.Kind == queue.EventContact {
		breaks := m.cfg.Breaks(o, &m.snap.Buyers[o.Buyer], m.snap.BuyerContacts(o.Buyer), m.me(m.snap), ev.Channel, ev.Result, m.now)
		ev.Warning = queue.JoinBreaks(breaks)
		warnings = queue.BreakLabels(breaks, m.opt.Lang)
	}
	// The order is pending until the store answers; a contact or a snooze is done with it,
	// so the selection moves on to the next order at once.
	m.pending[ev.Order] = row.Order
	m.acted = true
	send := logEvent(m.ctx, m.opt.Store, m.snap, row.Order, ev, warnings)
	if ev.Kind == queue.EventContact || ev.Kind == queue.EventSnooze {
		return tea.Batch(send, m.move(m.pastGroup()))
	}
	return send
}

// pastGroup is how far the selection moves on after an action: past the buyer's orders
// listed under their lead, since the action went to the whole group with it.
func (m *Model) pastGroup() int {
	d := 1
	for i := m.qp.cursor + 1; i < len(m.shown) && m.shown[i].Section() == queue.SectionGrouped; i++ {
		d++
	}
	return d
}

// quit ends the program once the actions on their way are in the store: the program's end
// would lose a write still running. A second ctrl+c (force) quits at once all the same.
func (m *Model) quit(force bool) tea.Cmd {
	if !m.writing() || (force && m.quitting) {
		return tea.Quit
	}
	m.quitting = true
	m.answer(fmt.Sprintf(m.wd.QuitWhenSaved, m.keys.ForceQuit.Help().Key), false)
	return nil
}

// writing reports whether an action or an undo is on its way to the store.
func (m *Model) writing() bool { return len(m.pending) > 0 || m.undoing }

// quitWhenSaved is cmd, or the quit asked for while the store was still writing, once the
// last write came back.
func (m *Model) quitWhenSaved(cmd tea.Cmd) tea.Cmd {
	if m.quitting && !m.writing() {
		return tea.Quit
	}
	return cmd
}

// notLogged says why the store did not log an action: a refusal in its words (with hint
// after it), or the error, and returns what it said. A quit waiting for it stops, so that
// the specialist sees it.
func (m *Model) notLogged(err error, hint string) string {
	m.quitting = false
	text, refused := RefusalText(err, m.opt.Lang, m.cfg.Location, m.now)
	if refused {
		text += hint
	} else {
		text = fmt.Sprintf(m.wd.NotLogged, err)
	}
	m.answer(text, true)
	return text
}

// offerOverride keeps a contact or snooze the store refused for a colleague's live claim,
// so the override key can log it over the claim; it returns the hint that says so.
func (m *Model) offerOverride(msg loggedMsg) string {
	r, ok := data.RefusalOf(msg.err)
	if !ok || r.Code != data.CodeClaimed || (msg.ev.Kind != queue.EventContact && msg.ev.Kind != queue.EventSnooze) {
		return ""
	}
	m.refused, m.refusedAt = &msg, time.Now()
	return fmt.Sprintf(m.wd.OverrideHint, m.keys.Override.Help().Key)
}

// override logs the refused contact or snooze again, forced: the store logs it over the
// colleague's claim as an override and the claim stays theirs. It is offered once, within
// [roster] undo_window of the refusal.
func (m *Model) override() tea.Cmd {
	r := m.refused
	if r == nil || time.Since(m.refusedAt) > m.cfg.Roster.UndoWindow.D() {
		m.withdrawOverride(false)
		return nil
	}
	ev := r.ev
	if m.keyPending(ev.Order) {
		m.withdrawOverride(false)
		m.answer(fmt.Sprintf(m.wd.Pending, ev.Order.ID), true)
		return nil
	}
	m.withdrawOverride(true) // the override's own answer says whose claim it went over
	ev.Force = true          // the same UID: the refused event was never logged
	m.pending[ev.Order] = r.order
	m.acted = true
	return logEvent(m.ctx, m.opt.Store, r.snap, r.order, ev, r.warnings)
}

// withdrawOverride ends the offer of the override key, and its hint leaves the status line
// with it: a warning stays until read, and the hint outlived the offer (F then did nothing)
// or came back after the override's own answer. Past the offer the refusal still holds and
// is said without the hint; once the override is logged it is not said again.
func (m *Model) withdrawOverride(logged bool) {
	if m.refused == nil {
		return
	}
	said := m.refusedSaid
	m.refused, m.refusedSaid = nil, ""
	if said == "" {
		return
	}
	if logged {
		m.unsay(said)
		return
	}
	m.reword(said, strings.TrimSuffix(said, fmt.Sprintf(m.wd.OverrideHint, m.keys.Override.Help().Key)))
}

// undo takes back my last action, within [roster] undo_window of it, by a revoke in the log:
// nothing is deleted, and the order is as if the action had never been logged.
func (m *Model) undo() tea.Cmd {
	if len(m.pending) > 0 {
		// The last action is still on its way: lastOwn is the one before it, not the one
		// the specialist means to take back.
		ids := make([]string, 0, len(m.pending))
		for k := range m.pending {
			ids = append(ids, k.ID)
		}
		m.answer(fmt.Sprintf(m.wd.Pending, slices.Min(ids)), true)
		return nil
	}
	last := m.lastOwn
	if last.ID == 0 || time.Since(m.lastOwnAt) > m.cfg.Roster.UndoWindow.D() {
		m.answer(m.wd.NothingToUndo, true)
		return nil
	}
	m.lastOwn = queue.Event{} // one undo per action
	m.acted = true
	ev := queue.Event{UID: data.NewUID(), At: m.now.Unix(), Operator: m.opt.Operator, Session: m.opt.Session,
		Kind: queue.EventRevoke, Order: last.Order, Revokes: last.ID, Reason: "undo"}
	m.undoing = true
	return revokeEvent(m.ctx, m.opt.Store, ev, &m.cfg.Roster)
}

// onRevoked reports an undo; the order comes back as it was with the next look at the store.
func (m *Model) onRevoked(msg revokedMsg) tea.Cmd {
	if msg.err != nil {
		m.notLogged(msg.err, "")
		return nil
	}
	m.answer(fmt.Sprintf(m.wd.Undone, msg.ev.Revokes, msg.ev.Order.ID), false)
	return tea.Batch(pollVersion(m.ctx, m.opt.Store), m.loadTally())
}

// snoozeTimes are the snooze menu's choices for the selected order: in an hour, when its
// channel next opens, and tomorrow at the same time.
func (m *Model) snoozeTimes() [3]time.Time {
	row, _ := m.current()
	next := m.now.Add(time.Hour)
	if row != nil {
		if at, ok := m.cfg.NextOpen(row.Channel(), m.now); ok {
			next = at
		}
	}
	return [3]time.Time{m.now.Add(time.Hour), next, m.now.AddDate(0, 0, 1)}
}

// snooze logs a snooze until t; past the order's close it says so.
func (m *Model) snooze(t time.Time) tea.Cmd {
	_, o := m.current()
	if o == nil {
		return nil
	}
	if dl := m.cfg.Deadline(o); t.Unix() > dl {
		m.answer(fmt.Sprintf(m.wd.SnoozePastClose, o.ID, time.Unix(dl, 0).In(m.cfg.Location).Format("01-02 15:04")), true)
	}
	return m.log(queue.Event{Kind: queue.EventSnooze, Until: t.Unix()})
}

// revealsSomething reports whether revealing order o's buyer would show anything masked now:
// a full phone, or a phone or an e-mail written in the buyer's message, a note or a contact's
// note. A phone that came masked (138****1234) or empty shows the same either way, and a
// reveal of nothing is not logged. Until the order's detail is read its texts are not known,
// so the reveal is logged as before.
func (m *Model) revealsSomething(o *queue.Order) bool {
	if m.detail == nil || m.detailKey != o.Key() {
		return true
	}
	d := m.detail
	if p := queue.NormalizePhone(d.Phone); queue.MaskPhone(p) != p {
		return true
	}
	texts := []string{d.Note, m.notes[o.Key()]}
	for _, e := range d.History {
		texts = append(texts, queue.NoteText(e.Note))
	}
	for _, s := range texts {
		if freeText(s, false) != freeText(s, true) {
			return true
		}
	}
	return false
}

// holdGap is longer than a held key's wait before it repeats (about half a second; a second
// at most in common settings) and far longer than between its repeats.
const holdGap = time.Second

// keyHold is the key that last logged an action and when it was last pressed, by the wall
// clock.
type keyHold struct {
	key string
	at  time.Time
}

// heldDown reports whether msg is the key that last logged an action, still held down: the
// terminal marks it a repeat, or it comes again within holdGap of its last press (most
// terminals never say). A held key acts once. Its repeats came after the store's answer and
// acted again: m claimed and released by turns, v logged reveal after reveal, and a u that
// chose 重复单 on the outcome menu undid it outside the menu. Any other key ends the hold.
func (m *Model) heldDown(msg tea.KeyPressMsg) bool {
	now := time.Now()
	if m.holding.key == "" || msg.String() != m.holding.key || !msg.IsRepeat && now.Sub(m.holding.at) >= holdGap {
		m.holding = keyHold{}
		return false
	}
	m.holding.at = now
	return true
}
