package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"cuifu/queue"
	"cuifu/queue/words"
)

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

// replayTickCmd is the replay's frame: a replayTick every tickEvery (a variable, as tick).
var replayTickCmd = func() tea.Cmd {
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
