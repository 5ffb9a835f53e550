package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/scripts"
)

// mode is what the keys do right now.
type mode uint8

const (
	modeNormal  mode = iota
	modeFilter       // typing a filter
	modeAttempt      // picking the result of a contact attempt
	modeOutcome      // picking the buyer's response
	modeDecline      // picking why the buyer declined
)

// Messages. Every store call comes back as one of these.
type (
	tickMsg     time.Time
	versionMsg  struct{ v int64 }
	snapshotMsg struct {
		gen     int
		version int64 // the store's data_version read just before the load
		snap    *queue.Snapshot
	}
	changesMsg struct {
		gen     int
		version int64
		ch      *queue.Changes
		err     error
	}
	detailMsg struct {
		key queue.OrderKey
		d   data.Detail
	}
	tallyMsg  struct{ t data.Tally }
	loggedMsg struct {
		snap     *queue.Snapshot // the snapshot the action was taken on
		order    int32
		ev       queue.Event
		warnings []string
		err      error
	}
	errMsg struct{ err error }
)

// noticeTime is how long a status notice stays; newMark how long a new order stays marked.
const (
	noticeTime = 8 * time.Second
	newMark    = 30 * time.Second
	// diffLimit bounds the snapshot size up to which a reload names the orders that came
	// and went; above it, only counts are shown, to keep reloads cheap.
	diffLimit = 200_000
)

// Model is the workstation: the one root model of the program.
type Model struct {
	opt    Options
	wd     *words.Words // the words of opt.Lang
	cfg    *queue.Config
	keys   KeyMap
	styles Styles
	help   help.Model
	filter textinput.Model

	w, h int
	lay  Layout

	now     time.Time
	snap    *queue.Snapshot
	ranker  queue.Ranker
	rows    []queue.Row // ranked rows
	shown   []queue.Row // rows on the list: rows, or those matching the filter
	match   []bool      // by order index, when a filter is set
	gen     int         // generation of the newest snapshot load asked for
	version int64       // the store's data_version the snapshot reflects
	loading bool

	selected queue.OrderKey // selection follows the order, not the rank
	hasSel   bool
	qp       queuePane
	dp       detailPane
	hd       header

	detail     *data.Detail
	detailKey  queue.OrderKey
	revealed   map[queue.OrderKey]bool
	sugs       []scripts.Suggestion
	alt        int
	newOrders  map[queue.OrderKey]time.Time
	tally      data.Tally
	mode       mode
	attemptCh  queue.Channel
	notice     string
	noticeWarn bool
	noticeAt   time.Time

	importing string         // the inbox file being imported, "" when none
	importPct float64        // how far it is
	bar       progress.Model // shows importPct
}

// New returns the workstation for the options.
func New(opt Options) *Model {
	w := words.For(opt.Lang)
	m := &Model{
		opt:       opt,
		wd:        w,
		cfg:       opt.Config,
		keys:      DefaultKeyMap(w),
		styles:    NewStyles(true),
		help:      help.New(),
		filter:    textinput.New(),
		revealed:  map[queue.OrderKey]bool{},
		newOrders: map[queue.OrderKey]time.Time{},
		now:       opt.Clock.Now(),
		bar:       progress.New(progress.WithWidth(24), progress.WithoutPercentage()),
	}
	m.filter.Prompt = "/ "
	m.filter.Placeholder = w.FilterPlaceholder
	m.help.Styles = m.styles.Help
	// The panes share the root's styles, so a background-colour change reaches them all.
	m.qp.st, m.dp.st, m.hd.st = &m.styles, &m.styles, &m.styles
	m.qp.lang, m.dp.lang, m.hd.lang = opt.Lang, opt.Lang, opt.Lang
	return m
}

// Init starts the first load, the clock and the background-colour query.
func (m *Model) Init() tea.Cmd {
	m.gen++
	m.loading = true
	return tea.Batch(loadSnapshot(m.opt.Store, m.cfg, m.gen), loadTally(m.opt.Store, m.opt.Operator, m.cfg, m.now),
		tick(), tea.RequestBackgroundColor)
}

// Update handles one message; each case calls one handler.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m, m.onResize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		return m, m.onBackground(msg.IsDark())
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case tea.MouseWheelMsg:
		return m, m.onWheel(msg)
	case tickMsg:
		return m, m.onTick(time.Time(msg))
	case versionMsg:
		return m, m.onVersion(msg.v)
	case snapshotMsg:
		return m, m.onSnapshot(msg)
	case detailMsg:
		return m, m.onDetail(msg)
	case tallyMsg:
		m.tally = msg.t
		return m, nil
	case loggedMsg:
		return m, m.onLogged(msg)
	case changesMsg:
		return m, m.onChanges(msg)
	case errMsg:
		return m, m.onError(msg.err)
	case inboxMsg:
		return m, m.onInbox(msg)
	case importProgressMsg:
		return m, m.onImportProgress(msg)
	case importDoneMsg:
		return m, m.onImportDone(msg)
	}
	return m, nil
}

// --- commands: they capture values, never the model ---

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func loadSnapshot(s Store, cfg *queue.Config, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		v, err := s.DataVersion(ctx)
		if err != nil {
			return errMsg{err}
		}
		snap, err := s.Snapshot(ctx, cfg)
		if err != nil {
			return errMsg{err}
		}
		return snapshotMsg{gen: gen, version: v, snap: snap}
	}
}

// loadChanges reads what changed since the snapshot's sequence, for merging in place:
// a contact in another window costs a handful of rows, not a million.
func loadChanges(s Store, cfg *queue.Config, gen int, since int64) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		v, err := s.DataVersion(ctx)
		if err != nil {
			return errMsg{err}
		}
		ch, err := s.Changes(ctx, cfg, since)
		return changesMsg{gen: gen, version: v, ch: ch, err: err}
	}
}

func pollVersion(s Store) tea.Cmd {
	return func() tea.Msg {
		v, err := s.DataVersion(context.Background())
		if err != nil {
			return errMsg{err}
		}
		return versionMsg{v}
	}
}

func loadDetail(s Store, key queue.OrderKey) tea.Cmd {
	return func() tea.Msg {
		d, err := s.Detail(context.Background(), key)
		if err != nil {
			return errMsg{err}
		}
		return detailMsg{key: key, d: d}
	}
}

// dayBounds returns the shop-local day around now.
func dayBounds(cfg *queue.Config, now time.Time) (int64, int64) {
	lt := now.In(cfg.Location)
	start := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, cfg.Location)
	return start.Unix(), start.AddDate(0, 0, 1).Unix()
}

func loadTally(s Store, operator string, cfg *queue.Config, now time.Time) tea.Cmd {
	from, to := dayBounds(cfg, now)
	lookBack := cfg.Payroll.LookBack.Seconds()
	return func() tea.Msg {
		t, err := s.Tally(context.Background(), operator, from, to, lookBack)
		if err != nil {
			return errMsg{err}
		}
		return tallyMsg{t}
	}
}

// logEvent appends (or, for a claim, claims) durably and reports back.
func logEvent(s Store, snap *queue.Snapshot, order int32, ev queue.Event, warnings []string) tea.Cmd {
	return func() tea.Msg {
		var err error
		if ev.Kind == queue.EventClaim {
			ev, err = s.Claim(context.Background(), ev)
		} else {
			ev, err = s.Append(context.Background(), ev)
		}
		return loggedMsg{snap: snap, order: order, ev: ev, warnings: warnings, err: err}
	}
}

// --- handlers ---

func (m *Model) onResize(w, h int) tea.Cmd {
	m.w, m.h = w, h
	m.lay = layout(w, h, m.help.ShowAll)
	m.bar.SetWidth(max(10, min(30, w/4)))
	m.hd.SetSize(w, 2)
	m.qp.SetSize(m.lay.Queue.W, m.lay.Queue.H)
	m.dp.SetSize(m.lay.Detail.W, m.lay.Detail.H)
	m.help.SetWidth(w)
	m.filter.SetWidth(max(w-4, 1))
	m.qp.scrollTo()
	return nil
}

func (m *Model) onBackground(dark bool) tea.Cmd {
	m.styles = NewStyles(dark)
	m.help.Styles = m.styles.Help
	return nil
}

func (m *Model) onTick(t time.Time) tea.Cmd {
	m.now = m.opt.Clock.Now()
	m.rerank()
	// Markers and notices fade by the wall clock: a frozen shop clock must not freeze them.
	for k, at := range m.newOrders {
		if t.Sub(at) > newMark {
			delete(m.newOrders, k)
		}
	}
	if m.notice != "" && time.Since(m.noticeAt) > noticeTime {
		m.notice = ""
	}
	cmds := []tea.Cmd{tick(), pollVersion(m.opt.Store)}
	if m.opt.Inbox != "" && m.importing == "" {
		cmds = append(cmds, scanInbox(m.opt.Inbox, t))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onVersion(v int64) tea.Cmd {
	if v == m.version || m.loading {
		return nil
	}
	m.gen++
	m.loading = true
	load := loadSnapshot(m.opt.Store, m.cfg, m.gen)
	if m.snap != nil && m.snap.Seq > 0 {
		load = loadChanges(m.opt.Store, m.cfg, m.gen, m.snap.Seq)
	}
	return tea.Batch(load, loadTally(m.opt.Store, m.opt.Operator, m.cfg, m.now))
}

func (m *Model) onChanges(msg changesMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil // a newer load is on its way
	}
	if msg.err != nil {
		if errors.Is(msg.err, data.ErrTooManyChanges) {
			m.gen++ // a big import: a full reload is cheaper than a merge
			return loadSnapshot(m.opt.Store, m.cfg, m.gen)
		}
		return m.onError(msg.err)
	}
	m.loading = false
	m.version = msg.version
	added, left := m.snap.Merge(msg.ch)
	now := time.Now()
	for _, k := range added {
		m.newOrders[k] = now
	}
	m.announceLeft(m.snap, left)
	m.refilter()
	return tea.Batch(m.selectionChanged(), pollVersion(m.opt.Store))
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
	m.refilter()
	return tea.Batch(m.selectionChanged(), pollVersion(m.opt.Store))
}

// refilter re-applies the filter and the ranking to a new or merged snapshot.
func (m *Model) refilter() {
	if m.match != nil {
		m.match = matchOrders(m.snap, m.filter.Value())
	}
	m.rerank()
	if !m.hasSel && len(m.shown) > 0 {
		m.selectAt(0)
	}
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

func (m *Model) onDetail(msg detailMsg) tea.Cmd {
	if msg.key != m.selected {
		return nil // the specialist moved on
	}
	d := msg.d
	m.detail, m.detailKey = &d, msg.key
	return nil
}

func (m *Model) onLogged(msg loggedMsg) tea.Cmd {
	if msg.err != nil {
		if text, refused := RefusalText(msg.err, m.opt.Lang, m.cfg.Location); refused {
			m.say(text, true)
		} else {
			m.say(fmt.Sprintf(m.wd.NotLogged, msg.err), true)
		}
		return nil
	}
	ev := msg.ev
	if msg.snap == m.snap && int(msg.order) < len(m.snap.Orders) && m.snap.Orders[msg.order].Key() == ev.Order {
		o := &m.snap.Orders[msg.order]
		o.Contact.Apply(&ev, m.snap.OperatorIndex(ev.Operator))
		m.snap.Buyers[o.Buyer].Apply(&ev, m.cfg.Location)
		if n, ok := data.CushionOf(ev.Note); ok {
			m.snap.Buyers[o.Buyer].Cushions |= 1 << n
		}
	}
	if ev.Kind == queue.EventReveal {
		m.revealed[ev.Order] = true
	}
	text := m.wd.Logged + describe(ev, m.cfg, m.opt.Lang)
	if len(msg.warnings) > 0 {
		m.say(text+m.wd.WarningSep+strings.Join(msg.warnings, m.wd.WarningJoin), true)
	} else {
		m.say(text, false)
	}
	if ev.Kind == queue.EventContact || ev.Kind == queue.EventSnooze {
		// Done with this order: the one that takes its place is next.
		m.hasSel = false
	}
	m.rerank()
	return tea.Batch(m.selectionChanged(), loadTally(m.opt.Store, m.opt.Operator, m.cfg, m.now))
}

// describe says what an event recorded, for the status line.
func describe(ev queue.Event, cfg *queue.Config, l queue.Lang) string {
	w := words.For(l)
	switch ev.Kind {
	case queue.EventContact:
		s := ev.Channel.Label(l) + " " + ev.Result.Label(l)
		if ev.Reason != "" {
			s += "(" + queue.ReasonLabel(ev.Reason, l) + ")"
		}
		return ev.Order.ID + " " + s
	case queue.EventSnooze:
		return ev.Order.ID + w.SnoozedUntil + time.Unix(ev.Until, 0).In(cfg.Location).Format("01-02 15:04")
	case queue.EventClaim:
		return ev.Order.ID + w.Claimed
	case queue.EventRelease:
		return ev.Order.ID + w.Released
	case queue.EventReveal:
		return ev.Order.ID + w.Revealed
	}
	return string(ev.Kind)
}

// onError shows a failed store call. A failed load must not stop later ones: the next
// change of data_version tries again.
func (m *Model) onError(err error) tea.Cmd {
	m.loading = false
	m.say(fmt.Sprintf(m.wd.StoreError, err), true)
	return nil
}

func (m *Model) say(s string, warn bool) {
	m.notice, m.noticeWarn, m.noticeAt = s, warn, time.Now()
}

func (m *Model) onWheel(msg tea.MouseWheelMsg) tea.Cmd {
	switch msg.Button {
	case tea.MouseWheelUp:
		return m.move(-3)
	case tea.MouseWheelDown:
		return m.move(3)
	}
	return nil
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.mode {
	case modeFilter:
		return m.onFilterKey(msg)
	case modeAttempt, modeOutcome, modeDecline:
		return m.onMenuKey(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Down):
		return m.move(1)
	case key.Matches(msg, k.Up):
		return m.move(-1)
	case key.Matches(msg, k.PageDown):
		return m.move(m.qp.pageRows())
	case key.Matches(msg, k.PageUp):
		return m.move(-m.qp.pageRows())
	case key.Matches(msg, k.Home):
		return m.move(-len(m.shown))
	case key.Matches(msg, k.End):
		return m.move(len(m.shown))
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return m.onResize(m.w, m.h)
	case key.Matches(msg, k.Filter):
		m.mode = modeFilter
		return m.filter.Focus()
	case key.Matches(msg, k.Cancel):
		if m.match != nil {
			m.setFilter("")
		}
		return nil
	}
	row, o := m.current()
	if o == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.NextScript):
		if len(m.sugs) > 0 {
			m.alt = (m.alt + 1) % len(m.sugs)
		}
	case key.Matches(msg, k.Copy):
		if s := m.suggestion(); s != nil {
			m.say(m.wd.ScriptCopied+s.ID, false)
			return tea.SetClipboard(s.Text)
		}
	case key.Matches(msg, k.Attempt):
		if row.Channel() == queue.ChannelNone {
			m.say(m.wd.OptedOutNoContact, true)
			return nil
		}
		m.mode, m.attemptCh = modeAttempt, row.Channel()
	case key.Matches(msg, k.Outcome):
		m.mode = modeOutcome
	case key.Matches(msg, k.Snooze):
		return m.log(queue.Event{Kind: queue.EventSnooze, Until: m.now.Add(24 * time.Hour).Unix()})
	case key.Matches(msg, k.Claim):
		me := m.snap.OperatorIndex(m.opt.Operator)
		if o.Contact.ClaimBy == me && o.Contact.ClaimUntil > m.now.Unix() {
			return m.log(queue.Event{Kind: queue.EventRelease})
		}
		return m.log(queue.Event{Kind: queue.EventClaim, Until: m.now.Add(m.cfg.Roster.ClaimLease.D()).Unix()})
	case key.Matches(msg, k.Reveal):
		return m.log(queue.Event{Kind: queue.EventReveal})
	}
	return nil
}

// attemptKeys and outcomeKeys map a menu key to a result.
var (
	attemptKeys = map[string]queue.Result{"s": queue.ResultSent, "n": queue.ResultNoAnswer, "b": queue.ResultBusy,
		"w": queue.ResultWrongNumber, "r": queue.ResultReplied}
	outcomeKeys = map[string]queue.Result{"p": queue.ResultPromised, "P": queue.ResultPromised, "d": queue.ResultDeclined, "$": queue.ResultClaimedPaid,
		"x": queue.ResultDoNotContact, "i": queue.ResultInvalid, "u": queue.ResultDuplicate}
)

func (m *Model) onMenuKey(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	if key.Matches(msg, m.keys.Cancel) {
		m.mode = modeNormal
		return nil
	}
	if key.Matches(msg, m.keys.Quit) && s == "ctrl+c" {
		return tea.Quit
	}
	row, _ := m.current()
	if row == nil {
		m.mode = modeNormal
		return nil
	}
	switch m.mode {
	case modeAttempt:
		if s == "tab" {
			m.attemptCh = m.attemptCh%3 + 1 // IM → SMS → phone → IM
			return nil
		}
		if r, ok := attemptKeys[s]; ok {
			m.mode = modeNormal
			return m.contact(m.attemptCh, r, "")
		}
	case modeOutcome:
		if r, ok := outcomeKeys[s]; ok {
			if r == queue.ResultDeclined {
				m.mode = modeDecline
				return nil
			}
			m.mode = modeNormal
			reason := ""
			if s == "P" {
				reason = queue.CallbackAnyone // anyone may make the callback
			}
			return m.contact(m.outcomeChannel(row), r, reason)
		}
	case modeDecline:
		if len(s) == 1 && s[0] >= '1' && int(s[0]-'1') < len(queue.DeclineReasons) {
			m.mode = modeNormal
			return m.contact(m.outcomeChannel(row), queue.ResultDeclined, queue.DeclineReasons[s[0]-'1'])
		}
	}
	return nil
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
	if _, o := m.current(); o == nil {
		return nil
	}
	ev := queue.Event{Kind: queue.EventContact, Channel: ch, Result: r, Reason: reason}
	if s := m.suggestion(); s != nil && s.Channel == ch {
		ev.ScriptID = s.ID
		if s.CushionID >= 0 {
			ev.Note = fmt.Sprintf("cushion=%d", s.CushionID)
		}
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
		breaks := m.cfg.Breaks(o, &m.snap.Buyers[o.Buyer], ev.Channel, ev.Result, m.now)
		ev.Warning = queue.JoinBreaks(breaks)
		warnings = queue.BreakLabels(breaks, m.opt.Lang)
	}
	return logEvent(m.opt.Store, m.snap, row.Order, ev, warnings)
}

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

// --- view ---

// View renders the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "cuifu 催付"
	return v
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
	m.hd.operator, m.hd.now, m.hd.cfg, m.hd.tally = m.opt.Operator, m.now, m.cfg, m.tally
	m.hd.due, m.hd.upcoming, m.hd.blocked = m.ranker.Due, m.ranker.Upcoming, m.ranker.Blocked
	m.qp.snap, m.qp.cfg, m.qp.now, m.qp.rows = m.snap, m.cfg, m.now, m.shown
	m.qp.isNew = m.isNew
	m.dp.snap, m.dp.cfg, m.dp.now, m.dp.sugs, m.dp.alt = m.snap, m.cfg, m.now, m.sugs, m.alt
	m.dp.row, m.dp.detail, m.dp.revealed = nil, nil, false
	if row, _ := m.current(); row != nil {
		m.dp.row = row
		if m.detail != nil && m.detailKey == m.selected {
			m.dp.detail = m.detail
		}
		m.dp.revealed = m.revealed[m.selected]
	}
	var body string
	if m.lay.SideBySide {
		sep := strings.TrimSuffix(strings.Repeat("│\n", m.lay.Queue.H), "\n")
		body = lipgloss.JoinHorizontal(lipgloss.Top, m.qp.View(), m.styles.Rule.Render(sep), m.dp.View())
	} else {
		body = m.qp.View() + "\n" + m.dp.View()
	}
	return m.hd.View() + "\n" + body + "\n" + m.statusLine() + "\n" + block(strings.Split(m.help.View(m.keys), "\n"), m.w, m.lay.Help.H)
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
	if m.match != nil {
		return fit(m.styles.Dim.Render(fmt.Sprintf(w.FilterStatus, m.filter.Value(), len(m.shown))), m.w)
	}
	return fit("", m.w)
}

func (m *Model) isNew(i int32) bool {
	if len(m.newOrders) == 0 {
		return false
	}
	_, ok := m.newOrders[m.snap.Orders[i].Key()]
	return ok
}

// Run starts the workstation in the terminal's alternate screen and returns when the
// specialist quits. The terminal is restored on the way out.
func Run(ctx context.Context, opt Options) error {
	_, err := tea.NewProgram(New(opt), tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted: a normal way to end a shift
	}
	return err
}
