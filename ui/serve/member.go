package serve

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/ui"
)

// boardEvery is how often an open board reads the day's numbers again.
const boardEvery = 5 * time.Second

// view is what a member's screen shows.
type view uint8

const (
	viewWork   view = iota // the member's own workstation
	viewBoard              // the team board (supervisors)
	viewReplay             // today's replay, from the board
)

// member is one session's root model: the specialist's own workstation, which reports what
// it is on to the hub, and for a supervisor the team board and the day's replay one key away.
type member struct {
	work   *ui.Model
	id     string
	key    Key
	since  time.Time
	hub    *hub
	lang   queue.Lang
	wd     *words.Words
	clock  queue.Clock
	cfg    *queue.Config
	replay func(ctx context.Context) (*ui.ReplayData, error) // today's replay; nil: no board

	view    view
	w, h    int
	keys    boardKeys
	help    help.Model
	rep     *ui.ReplayModel
	stats   []queue.OperatorStats
	statsOK bool
	gen     int // of the newest day load asked for
	sum     ui.Summary
	people  []presence
	lastSel queue.OrderKey
	hadSel  bool
}

type (
	boardTickMsg struct{}
	dayMsg       struct {
		gen int
		d   *ui.ReplayData
		err error
	}
	replayMsg struct {
		d   *ui.ReplayData
		err error
	}
)

// boardKeys are the keys of the board; ctrl+b also opens it from the workstation.
type boardKeys struct {
	Board, Replay, Back, Quit key.Binding
}

func newBoardKeys(w *words.Words) boardKeys {
	return boardKeys{
		Board:  key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", w.KeyBoardBack)),
		Replay: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", w.KeyBoardReplay)),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", w.KeyBoardBack)),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", w.KeyQuit)),
	}
}

// ShortHelp lists the board's keys.
func (k boardKeys) ShortHelp() []key.Binding { return []key.Binding{k.Board, k.Replay, k.Quit} }

// FullHelp lists the board's keys.
func (k boardKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newMember(work *ui.Model, id string, k Key, h *hub, opt ui.Options, replay func(context.Context) (*ui.ReplayData, error)) *member {
	wd := words.For(opt.Lang)
	m := &member{work: work, id: id, key: k, since: time.Now(), hub: h, lang: opt.Lang, wd: wd,
		clock: opt.Clock, cfg: opt.Config, keys: newBoardKeys(wd), help: help.New()}
	if k.Role == Supervisor {
		m.replay = replay
	}
	return m
}

// Init starts the workstation and, for a supervisor, the board's clock.
func (m *member) Init() tea.Cmd {
	cmd := m.work.Init()
	if m.replay != nil {
		return tea.Batch(cmd, boardTick())
	}
	return cmd
}

func boardTick() tea.Cmd {
	return tea.Tick(boardEvery, func(time.Time) tea.Msg { return boardTickMsg{} })
}

// Update routes keys to what is on screen and every other message to the children.
func (m *member) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd = m.onKey(msg)
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		cmd = m.toChildren(msg)
	case boardTickMsg:
		cmd = boardTick()
		if m.view == viewBoard {
			cmd = tea.Batch(cmd, m.refresh())
		}
	case dayMsg:
		if msg.gen == m.gen && msg.err == nil {
			m.stats, m.statsOK = msg.d.Stats, true
		}
	case replayMsg:
		cmd = m.onReplay(msg)
	default:
		cmd = m.toChildren(msg)
	}
	m.report()
	return m, cmd
}

// toChildren hands a message to the workstation and to an open replay: each ignores what
// is not its own.
func (m *member) toChildren(msg tea.Msg) tea.Cmd {
	_, cmd := m.work.Update(msg)
	if m.rep != nil {
		_, rc := m.rep.Update(msg)
		cmd = tea.Batch(cmd, rc)
	}
	return cmd
}

func (m *member) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.view {
	case viewBoard:
		switch {
		case key.Matches(msg, m.keys.Board), key.Matches(msg, m.keys.Back):
			m.view = viewWork
		case key.Matches(msg, m.keys.Replay):
			return loadReplay(m.replay)
		case key.Matches(msg, m.keys.Quit):
			return tea.Quit
		}
		return nil
	case viewReplay:
		if key.Matches(msg, m.keys.Back) || key.Matches(msg, m.keys.Board) || msg.String() == "q" {
			m.view, m.rep = viewBoard, nil
			return nil
		}
		_, cmd := m.rep.Update(msg)
		return cmd
	}
	if m.replay != nil && key.Matches(msg, m.keys.Board) {
		m.view = viewBoard
		return m.refresh()
	}
	_, cmd := m.work.Update(msg)
	return cmd
}

// refresh reads the board's numbers: the workstation's counts now, the hub's people now,
// and the day's per-specialist numbers in a command.
func (m *member) refresh() tea.Cmd {
	m.sum = m.work.Summary()
	m.people = m.hub.roster()
	m.gen++
	gen, load := m.gen, m.replay
	return func() tea.Msg {
		d, err := load(context.Background())
		return dayMsg{gen: gen, d: d, err: err}
	}
}

func loadReplay(load func(context.Context) (*ui.ReplayData, error)) tea.Cmd {
	return func() tea.Msg {
		d, err := load(context.Background())
		return replayMsg{d: d, err: err}
	}
}

func (m *member) onReplay(msg replayMsg) tea.Cmd {
	if msg.err != nil || m.view != viewBoard {
		return nil
	}
	m.rep = ui.NewReplay(msg.d, m.lang)
	m.view = viewReplay
	_, cmd := m.rep.Update(tea.WindowSizeMsg{Width: m.w, Height: m.h})
	return tea.Batch(m.rep.Init(), cmd)
}

// report tells the hub which order this session is on, when that changed.
func (m *member) report() {
	sel, ok := m.work.Selection()
	if sel == m.lastSel && ok == m.hadSel {
		return
	}
	m.lastSel, m.hadSel = sel, ok
	m.hub.on(m.id, sel, ok)
}

// View shows the workstation, the board or the replay.
func (m *member) View() tea.View {
	switch m.view {
	case viewBoard:
		v := tea.NewView(m.board())
		v.AltScreen = true
		return v
	case viewReplay:
		return m.rep.View()
	}
	return m.work.View()
}

// board renders the team board: who is on what, the queue's state, and each specialist's day.
func (m *member) board() string {
	loc := m.cfg.Location
	now := m.clock.Now()
	lines := []string{
		fmt.Sprintf(m.wd.BoardTitle, now.In(loc).Format("01-02 15:04:05")),
		fmt.Sprintf(m.wd.BoardDue, m.sum.Due, m.sum.Upcoming, m.sum.Blocked),
	}
	if m.sum.HasOldest {
		lines = append(lines, fmt.Sprintf(m.wd.BoardOldest, queue.Sanitize(m.sum.OldestDue.ID), queue.Span(now.Unix()-m.sum.OldestCreated)))
	}
	lines = append(lines, "", fmt.Sprintf(m.wd.BoardPeople, len(m.people)))
	for _, p := range m.people {
		role := m.wd.RoleSpecialist
		if p.key.Role == Supervisor {
			role = m.wd.RoleSupervisor
		}
		mins := int(time.Since(p.since) / time.Minute)
		if p.hasOrder {
			lines = append(lines, "  "+fmt.Sprintf(m.wd.BoardOn, p.key.Name, role, mins, queue.Sanitize(p.order.ID)))
		} else {
			lines = append(lines, "  "+fmt.Sprintf(m.wd.BoardIdle, p.key.Name, role, mins))
		}
	}
	lines = append(lines, "", m.wd.BoardToday)
	switch {
	case !m.statsOK:
		lines = append(lines, "  "+m.wd.BoardLoading)
	case len(m.stats) == 0:
		lines = append(lines, "  "+m.wd.BoardNoStats)
	}
	for _, st := range m.stats {
		lines = append(lines, "  "+ui.StatsLine(st, m.lang))
	}
	body := max(m.h-1, 0)
	if len(lines) > body {
		lines = lines[:body]
	}
	for len(lines) < body {
		lines = append(lines, "")
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > m.w {
			lines[i] = ansi.Truncate(l, m.w, "…")
		}
	}
	return strings.Join(append(lines, m.help.View(m.keys)), "\n")
}
