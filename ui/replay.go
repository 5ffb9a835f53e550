package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"cuifu/queue"
	"cuifu/queue/words"
)

// ReplayData is a replayed stretch of the shift log, with its audit flags and numbers. It
// is computed once, before the replay starts.
type ReplayData struct {
	History  *queue.History
	Config   *queue.Config
	From, To int64
	Operator string       // "" = everyone
	Shown    []int        // indexes into History.Events of the events replayed, in time order
	Flags    []queue.Flag // by event index
	Skipped  []queue.OrderKey
	Stats    []queue.OperatorStats // every specialist's, of the whole day
	Scripts  []queue.ReportRow     // the day's results per script, of Operator's touches
	// Operators are everyone with an event that day, whatever it was (a reveal or a claim
	// is looked at too), in name order, after "" (everyone): what o goes through.
	Operators []string
	scriptsBy map[string][]queue.ReportRow // Scripts for each of Operators
}

// NewReplayData audits the events of [from, to), optionally of one operator only. Sums of
// money that do not fit fail it.
func NewReplayData(h *queue.History, cfg *queue.Config, from, to int64, operator string) (*ReplayData, error) {
	r := &ReplayData{History: h, Config: cfg, From: from, To: to, Operator: operator}
	r.Flags, r.Skipped = h.Audit(cfg)
	var ops []string
	for i := range h.Events {
		if e := &h.Events[i]; e.At >= from && e.At < to && e.Operator != "" {
			ops = append(ops, e.Operator)
		}
	}
	slices.Sort(ops)
	r.Operators = append([]string{""}, slices.Compact(ops)...)
	stats, err := h.Stats(from, to, cfg.Payroll.LookBack.Seconds())
	if err != nil {
		return nil, err
	}
	r.Stats = stats // everyone's: the replay shows the chosen one's, and o chooses another
	// Every specialist's script results, as their numbers: o shows the chosen one's at once,
	// with no reading in Update.
	if r.scriptsBy, err = h.ScriptResultsOf(cfg, from, to, append(slices.Clip(r.Operators), operator)); err != nil {
		return nil, err
	}
	r.filter(operator)
	return r, nil
}

// filter picks the events shown, those in range and of the operator ("" = all), and the
// script results of their touches.
func (r *ReplayData) filter(operator string) {
	r.Operator = operator
	r.Scripts = r.scriptsBy[operator]
	r.Shown = r.Shown[:0]
	for i := range r.History.Events {
		e := &r.History.Events[i]
		if e.At >= r.From && e.At < r.To && (operator == "" || e.Operator == operator) {
			r.Shown = append(r.Shown, i)
		}
	}
	// The log is in the order events were committed; show them in time order.
	evs := r.History.Events
	for i := 1; i < len(r.Shown); i++ {
		for j := i; j > 0 && evs[r.Shown[j]].At < evs[r.Shown[j-1]].At; j-- {
			r.Shown[j], r.Shown[j-1] = r.Shown[j-1], r.Shown[j]
		}
	}
}

// EventWords says what an event was: "IM 已发送", "认领", "稍后至 11-12 18:00" (in the shop's
// zone, loc), then whose claim it went over when it was forced, "(越过阿杰的认领)", and
// "(已撤销)" after one that was revoked. A group touch names its lead in full ("并入
// 3515313147329357908"), as a printed replay and an order's history keep it.
func EventWords(e *queue.Event, l queue.Lang, loc *time.Location) string {
	return eventText(e, l, loc, queue.Sanitize)
}

// eventText is EventWords with the lead of a group touch or follow written by name, given
// the raw order number: the replay's timeline, in a narrow column, writes its last digits
// (并入 …9357908), as its order column does.
func eventText(e *queue.Event, l queue.Lang, loc *time.Location, name func(id string) string) string {
	w := words.For(l)
	s := eventWords(e, l, loc, name) + overrode(*e, w)
	if e.RevokedBy != 0 {
		return s + w.EvRevoked
	}
	return s
}

// followWords names the order a snooze, claim or release was logged on when e is its
// follow on another of the buyer's orders (queue.GroupFollow), as a group touch does.
func followWords(e *queue.Event, w *words.Words, name func(id string) string) string {
	if lead := queue.FollowLead(e); lead != "" {
		return " " + fmt.Sprintf(w.GroupedIn, name(lead))
	}
	return ""
}

func eventWords(e *queue.Event, l queue.Lang, loc *time.Location, name func(id string) string) string {
	w := words.For(l)
	switch e.Kind {
	case queue.EventRevoke:
		return w.EvRevoke + strconv.FormatInt(e.Revokes, 10) + reasonWords(e.Reason, l)
	case queue.EventContact:
		s := e.Channel.Label(l) + " " + e.Result.Label(l) + reasonWords(e.Reason, l)
		if lead := queue.GroupLead(e); lead != "" {
			s += " " + fmt.Sprintf(w.GroupedIn, name(lead))
		}
		return s
	case queue.EventClaim:
		return w.EvClaim + followWords(e, w, name)
	case queue.EventRelease:
		return w.EvRelease + followWords(e, w, name)
	case queue.EventSnooze:
		if e.Until > 0 { // until when: a supervisor sees a snooze past the close
			return strings.TrimSpace(w.SnoozedUntil) + " " + time.Unix(e.Until, 0).In(loc).Format("01-02 15:04") + followWords(e, w, name)
		}
		return w.EvSnooze + followWords(e, w, name)
	case queue.EventReveal:
		return w.EvReveal
	case queue.EventImport:
		return w.EvImport
	case queue.EventBlock:
		return w.EvBlacklist + reasonWords(e.Reason, l)
	case queue.EventUnblock:
		return w.EvUnblacklist + reasonWords(e.Reason, l)
	case queue.EventHoldout:
		share := e.Reason
		if v, err := strconv.ParseFloat(e.Reason, 64); err == nil {
			share = strconv.FormatFloat(v*100, 'f', -1, 64) + "%"
		}
		return w.EvHoldout + share
	}
	return string(e.Kind)
}

// reasonWords is an event's reason in brackets, "(恶意拍单)", or "" for none: a known code
// in the user's words, the free text a block or a revoke was given made safe to show.
func reasonWords(reason string, l queue.Lang) string {
	if reason == "" {
		return ""
	}
	return fmt.Sprintf(words.For(l).EvReason, queue.SafeText(queue.ReasonLabel(reason, l)))
}

// StatsLine is one specialist's numbers in a line.
func StatsLine(st queue.OperatorStats, l queue.Lang) string {
	median := "-"
	if st.FirstTouches > 0 {
		median = queue.Minutes(st.MedianFirstTouch, l)
	}
	return words.Format(words.For(l).StatsLine,
		queue.Sanitize(st.Operator), st.Contacts, st.OrdersContacted, st.Recovered, st.SuccessRate()*100, st.RecoveredAmount.Yuan(), median)
}

// ScriptLine is one script's results of the day in a line.
func ScriptLine(r queue.ReportRow, l queue.Lang) string {
	w := words.For(l)
	rate := w.NotEnoughData
	if r.Rate != nil {
		rate = fmt.Sprintf("%.1f%%", *r.Rate*100)
	}
	median := "-"
	if r.MedianToPay != nil {
		median = queue.Minutes(*r.MedianToPay, l)
	}
	return words.Format(w.ScriptLine,
		queue.Sanitize(r.Group), r.Touched, r.Recovered, rate, r.RecoveredAmount.Yuan(), median)
}

// replayKeys are the replay's keys.
type replayKeys struct {
	Play, Speed1, Speed10, Speed60, Next, Prev, Back, Forward, Start, End, Operator, Quit key.Binding
}

func newReplayKeys(l queue.Lang) replayKeys {
	w := words.For(l)
	b := func(keys []string, label, help string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, help))
	}
	return replayKeys{
		Play:     b([]string{"space", "p"}, "space", w.KeyPlay),
		Speed1:   b([]string{"1"}, "1", "1×"),
		Speed10:  b([]string{"2"}, "2", "10×"),
		Speed60:  b([]string{"3"}, "3", "60×"),
		Next:     b([]string{"j", "down"}, "j", w.KeyNext),
		Prev:     b([]string{"k", "up"}, "k", w.KeyPrev),
		Back:     b([]string{"[", "left"}, "[", w.KeyBack),
		Forward:  b([]string{"]", "right"}, "]", w.KeyAhead),
		Start:    b([]string{"g", "home"}, "g", w.KeyStart),
		End:      b([]string{"G", "end"}, "G", w.KeyEnd),
		Operator: b([]string{"o"}, "o", w.KeyOperator),
		Quit:     b([]string{"q", "ctrl+c", "esc"}, "q", w.KeyQuit),
	}
}

// ShortHelp is the replay's help bar.
func (k replayKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Play, k.Speed1, k.Speed10, k.Speed60, k.Next, k.Back, k.Forward, k.Operator, k.Quit}
}

// FullHelp is the same as ShortHelp: the replay has few keys.
func (k replayKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type replayTick time.Time

// ReplayModel is the supervisor's replay: the timeline, the queue as it stood at the
// cursor, and the specialists' numbers.
type ReplayModel struct {
	data      *ReplayData
	lang      queue.Lang
	keys      replayKeys
	help      help.Model
	styles    Styles
	w, h      int
	cursor    int   // position in data.Shown
	at        int64 // the replay's clock
	playing   bool
	speed     int
	operators []string
	opIdx     int // 0 = everyone
	snap      *queue.Snapshot
	ranker    queue.Ranker
	rows      []queue.Row
	qp        queuePane
	// Where the selected event's order stands in rows (-1: not there, or no order), and the
	// line that says why it is not there: made with the queue, so sync only scrolls to it.
	evRow  int
	absent string
	// The layout, made by sync at the end of Update: View only reads it.
	leftW, bodyH, statsH int
	stats                []queue.OperatorStats // the specialists' lines shown
}

// NewReplay returns the replay model.
func NewReplay(d *ReplayData, l queue.Lang) *ReplayModel {
	m := &ReplayModel{data: d, lang: l, keys: newReplayKeys(l), help: help.New(), styles: NewStyles(true), speed: 1}
	m.help.Styles = m.styles.Help
	m.operators = d.Operators
	if i := slices.Index(m.operators, d.Operator); i > 0 { // opened on one: o goes on from them
		m.opIdx = i
	}
	m.qp.st, m.qp.lang, m.qp.orders = &m.styles, l, true
	m.seek(0)
	return m
}

// Init asks for the background colour.
func (m *ReplayModel) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update handles one message, then hands the queue pane what it shows.
func (m *ReplayModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.sync()
	return m, cmd
}

// update routes a message to its handler.
func (m *ReplayModel) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
	case tea.BackgroundColorMsg:
		m.styles = NewStyles(msg.IsDark())
		m.help.Styles = m.styles.Help
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case replayTick:
		return m.onTick()
	}
	return nil
}

// sync lays the screen out and gives the queue pane the queue at the replay's clock, so
// View only reads.
func (m *ReplayModel) sync() {
	// The chosen specialist's line (everyone's: the first four), then up to two of the
	// scripts'.
	m.stats = m.data.Stats[:min(len(m.data.Stats), 4)]
	if op := m.data.Operator; op != "" {
		m.stats = nil
		for i := range m.data.Stats {
			if m.data.Stats[i].Operator == op {
				m.stats = m.data.Stats[i : i+1]
			}
		}
	}
	m.statsH = len(m.stats) + min(len(m.data.Scripts), 2)
	m.bodyH = m.h - 1 - m.statsH - 1 - 1
	m.leftW = m.w * 9 / 20
	if m.w < 100 {
		m.leftW = m.w / 2
	}
	m.qp.SetSize(m.w-m.leftW-1, m.bodyH)
	m.qp.snap, m.qp.cfg, m.qp.now, m.qp.rows = m.snap, m.data.Config, time.Unix(m.at, 0), m.rows
	// The selected event's order in view: the window stays on the due section's top when
	// the row is on it, and moves as little as it takes when it is not (a contacted order
	// drops to the upcoming section, below the screen).
	m.qp.cursor, m.qp.offset, m.qp.note = -1, 0, m.absent
	if m.evRow >= 0 {
		m.qp.show(m.evRow)
	}
	m.qp.flagged = queue.OrderKey{} // the order the cursor's contact skipped, if it did
	if m.cursor < len(m.data.Shown) {
		m.qp.flagged = m.data.Skipped[m.data.Shown[m.cursor]]
	}
}

// tickEvery is the replay's frame: at 60× a tick moves the clock six seconds.
const tickEvery = 100 * time.Millisecond

func replayTickCmd() tea.Cmd {
	return tea.Tick(tickEvery, func(t time.Time) tea.Msg { return replayTick(t) })
}

func (m *ReplayModel) onTick() tea.Cmd {
	if !m.playing {
		return nil
	}
	m.at += int64(m.speed) * int64(tickEvery/time.Millisecond) / 1000
	if m.at <= 0 {
		m.at++
	}
	evs := m.data.History.Events
	c := m.cursor
	for c+1 < len(m.data.Shown) && evs[m.data.Shown[c+1]].At <= m.at {
		c++
	}
	if c != m.cursor {
		m.cursor = c
	}
	m.rebuild()
	if c == len(m.data.Shown)-1 && m.at >= evs[m.data.Shown[c]].At {
		m.playing = false
		return nil
	}
	return replayTickCmd()
}

func (m *ReplayModel) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Play):
		m.playing = !m.playing && len(m.data.Shown) > 0
		if m.playing {
			return replayTickCmd()
		}
	case key.Matches(msg, k.Speed1):
		m.speed = 1
	case key.Matches(msg, k.Speed10):
		m.speed = 10
	case key.Matches(msg, k.Speed60):
		m.speed = 60
	case key.Matches(msg, k.Next):
		m.seek(m.cursor + 1)
	case key.Matches(msg, k.Prev):
		m.seek(m.cursor - 1)
	case key.Matches(msg, k.Start):
		m.seek(0)
	case key.Matches(msg, k.End):
		m.seek(len(m.data.Shown) - 1)
	case key.Matches(msg, k.Back):
		m.seekTime(m.at - 600)
	case key.Matches(msg, k.Forward):
		m.seekTime(m.at + 600)
	case key.Matches(msg, k.Operator):
		m.opIdx = (m.opIdx + 1) % len(m.operators)
		m.data.filter(m.operators[m.opIdx])
		m.seekTime(m.at)
	}
	return nil
}

// seek puts the cursor on the i-th event shown and the clock at its time.
func (m *ReplayModel) seek(i int) {
	if len(m.data.Shown) == 0 {
		m.at = m.data.From
		m.rebuild()
		return
	}
	m.cursor = max(min(i, len(m.data.Shown)-1), 0)
	m.at = m.data.History.Events[m.data.Shown[m.cursor]].At
	m.rebuild()
}

// seekTime puts the clock at t and the cursor on the last event at or before it.
func (m *ReplayModel) seekTime(t int64) {
	m.at = max(min(t, m.data.To-1), m.data.From)
	m.cursor = 0
	for i, ei := range m.data.Shown {
		if m.data.History.Events[ei].At <= m.at {
			m.cursor = i
		}
	}
	m.rebuild()
}

// rebuild reconstructs the queue as it stood at the replay's clock.
func (m *ReplayModel) rebuild() {
	m.snap = m.data.History.At(m.at, m.data.Config)
	me := int32(-1)
	if m.cursor < len(m.data.Shown) {
		me = m.snap.OperatorIndex(m.data.History.Events[m.data.Shown[m.cursor]].Operator)
	}
	m.rows = m.ranker.Rank(queue.Input{Snap: m.snap, Config: m.data.Config, Now: time.Unix(m.at, 0), Me: me})
	m.findEventRow()
}

// findEventRow finds the selected event's order in the queue just rebuilt, or says why it
// is not there (paid, closed, not yet imported), from the history in memory.
func (m *ReplayModel) findEventRow() {
	m.evRow, m.absent = -1, ""
	if m.cursor >= len(m.data.Shown) {
		return
	}
	k := m.data.History.Events[m.data.Shown[m.cursor]].Order
	if k.ID == "" { // an import, a blacklist entry, a holdout record: on no order
		return
	}
	for j := range m.rows {
		if m.snap.Orders[m.rows[j].Order].Key() == k {
			m.evRow = j
			return
		}
	}
	if a := m.data.History.AbsenceAt(k, m.at, m.data.Config); a != queue.Present {
		m.absent = fmt.Sprintf(words.For(m.lang).ReplayAbsent, shortOrder(k.ID), a.Label(m.lang))
	}
}

// View renders the replay.
func (m *ReplayModel) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "cuifu replay"
	return v
}

func (m *ReplayModel) render() string {
	l, w := m.lang, words.For(m.lang)
	if m.w < MinWidth || m.h < MinHeight {
		return tooSmall(fmt.Sprintf(w.ReplayTooSmall, MinWidth, MinHeight), m.w, m.h)
	}
	cfg := m.data.Config
	state := w.Paused
	if m.playing {
		state = w.Playing
	}
	who := queue.Sanitize(m.data.Operator)
	if who == "" {
		who = w.Everyone
	}
	head := m.styles.Title.Render(w.ReplayTitle) + m.styles.HeaderDim.Render(" · ") +
		m.styles.Header.Render(time.Unix(m.at, 0).In(cfg.Location).Format("2006-01-02 15:04:05")) +
		m.styles.HeaderDim.Render(fmt.Sprintf(" · %s %d× · %s · %d/%d", state, m.speed, who, min(m.cursor+1, len(m.data.Shown)), len(m.data.Shown)))
	statsH, bodyH, leftW := m.statsH, m.bodyH, m.leftW
	var left []string
	top := max(min(m.cursor-bodyH/2, len(m.data.Shown)-bodyH), 0)
	for i := top; i < len(m.data.Shown) && len(left) < bodyH; i++ {
		ei := m.data.Shown[i]
		e := &m.data.History.Events[ei]
		line := time.Unix(e.At, 0).In(cfg.Location).Format("15:04:05") + " " + fit(queue.Sanitize(e.Operator), 6) + " " + orderCell(e.Order.ID, colOrder) + " " + eventText(e, l, cfg.Location, shortOrder)
		flags := queue.AuditWords(e, m.data.Flags[ei], l)
		if len(flags) > 0 {
			line += " ⚑" + strings.Join(flags, ",")
		}
		line = fit(line, leftW)
		switch {
		case i == m.cursor:
			line = m.styles.Selected.Render(line)
		case len(flags) > 0:
			line = m.styles.Warn.Render(line)
		}
		left = append(left, line)
	}
	sep := strings.TrimSuffix(strings.Repeat("│\n", bodyH), "\n")
	body := lipgloss.JoinHorizontal(lipgloss.Top, block(left, leftW, bodyH), m.styles.Rule.Render(sep), m.qp.View())
	var stats []string
	for _, st := range m.stats {
		stats = append(stats, StatsLine(st, l))
	}
	for _, r := range m.data.Scripts[:min(len(m.data.Scripts), 2)] {
		stats = append(stats, ScriptLine(r, l))
	}
	out := block([]string{head}, m.w, 1) + "\n" + body + "\n" + m.styles.Rule.Render(strings.Repeat("─", m.w)) + "\n"
	if statsH > 0 { // no numbers take no line: the help stays on the screen's last
		out += block(stats, m.w, statsH) + "\n"
	}
	return out + block(strings.Split(m.help.View(m.keys), "\n"), m.w, 1)
}

// RunReplay runs the replay in the terminal's alternate screen.
func RunReplay(ctx context.Context, d *ReplayData, l queue.Lang) error {
	_, err := tea.NewProgram(NewReplay(d, l), tea.WithContext(ctx)).Run()
	if ctx.Err() != nil {
		return nil
	}
	return err
}
