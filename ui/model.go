package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

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
	modeSnooze       // picking until when to snooze
	modeHistory      // reading the selected order's contact history
	modeQuick        // picking a quick filter
	modeNote         // typing a note for the order's next contact
	modes            // how many modes there are
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
	ctx    context.Context // the program's: the store commands end with it
	wd     *words.Words    // the words of opt.Lang
	cfg    *queue.Config
	keys   RootKeys // the children own the rest of the KeyMap
	styles Styles
	help   help.Model

	w, h int
	lay  Layout

	now     time.Time
	snap    *queue.Snapshot
	gen     int   // generation of the newest snapshot load asked for
	version int64 // the store's data_version the snapshot reflects
	loading bool

	// A shared queue's publications (shared.go): the one whose snapshot is on screen and a
	// newer one being ranked; my own events not yet back in one, by order (their time).
	onScreen, fresh *news
	mine            map[queue.OrderKey]int64
	overrides       map[queue.OrderKey]overrideSeen // colleagues' actions over my claims said, by order
	heard           map[queue.OrderKey]heard        // colleagues' contacts announced, by order (noticeUndo)

	// The list (listing.go): the rows come from list jobs.
	rankers    [2]queue.Ranker  // they take turns: a job writes one, the screen shows the other
	shownBufs  [2][]queue.Row   // the filtered rows' buffers, taking turns the same way
	rows       []queue.Row      // ranked rows
	shown      []queue.Row      // rows on the list: rows, or those matching the filter
	hay        []string         // the filter's lower-case haystack, by order
	filterText string           // the filter applied, lower case ("" for none)
	quick      quickFilter      // the quick filter applied beside it
	counts     [3]int           // due, upcoming, blocked
	listGen    int              // generation of the newest list job
	listing    bool             // a list job runs: nothing writes the snapshot
	listDirty  bool             // asked again while one ran
	rankDue    bool             // the next job ranks
	nextRankAt int64            // when the clock alone can change the ranking
	keepPlace  bool             // the next result keeps the cursor's place, not its order
	held       []func() tea.Cmd // snapshot writes waiting for the running job

	selected queue.OrderKey // selection follows the order, not the rank
	hasSel   bool
	qp       queuePane
	dp       detailPane
	hd       header
	menu     menuBar
	status   statusBar

	detail      *data.Detail
	detailKey   queue.OrderKey
	shipping    shippingAmounts // what the flagged rows on screen charge again (shipping.go)
	revealed    map[queue.OrderKey]bool
	pending     map[queue.OrderKey]int32  // actions sent, not yet answered: the order's index, kept by merges
	undoing     bool                      // an undo sent, not yet answered
	quitting    bool                      // q came while actions were on their way: quit once they are in
	notes       map[queue.OrderKey]string // a note typed for an order's next contact
	lastOwn     queue.Event               // my last action the log took that u can take back
	lastOwnAt   time.Time                 // when it came back, by the wall clock
	refused     *loggedMsg                // a contact or snooze refused for a colleague's claim, to log over it
	refusedAt   time.Time                 // when the refusal came, by the wall clock
	refusedSaid string                    // the status line's notice that offers the override
	holding     keyHold                   // the key that last logged, while it may be held down
	acted       bool                      // the key being handled sent something to the store
	sugs        []scripts.Suggestion
	sugsFor     sugsKey // what sugs were rendered for
	alt         int
	newOrders   map[queue.OrderKey]time.Time
	tally       data.Tally
	tallyGen    int // of the newest tally read asked for
	tallyShown  int // of the read the header shows
	mode        mode
	attemptCh   queue.Channel
	notices     []notice // the queue (notices.go); its first is on the status line:
	notice      string
	noticeWarn  bool
	noticeAt    time.Time
	wall        func() time.Time // the wall clock notices fade by (time.Now; a test's own)

	importing string  // the inbox file being imported, "" when none
	importPct float64 // how far it is
}

// New returns the workstation for the options.
func New(opt Options) *Model {
	w := words.For(opt.Lang)
	km := DefaultKeyMap(w, opt.Lang)
	km.Root.Board.SetEnabled(opt.Board)
	km.Root.Override.SetEnabled(false) // until a refusal waits
	m := &Model{
		opt:       opt,
		ctx:       context.Background(),
		wd:        w,
		cfg:       opt.Config,
		keys:      km.Root,
		styles:    NewStyles(true),
		help:      help.New(),
		revealed:  map[queue.OrderKey]bool{},
		pending:   map[queue.OrderKey]int32{},
		notes:     map[queue.OrderKey]string{},
		newOrders: map[queue.OrderKey]time.Time{},
		mine:      map[queue.OrderKey]int64{},
		overrides: map[queue.OrderKey]overrideSeen{},
		heard:     map[queue.OrderKey]heard{},
		now:       opt.Clock.Now(),
		wall:      time.Now,
	}
	if opt.Context != nil {
		m.ctx = opt.Context
	}
	m.help.Styles = m.styles.Help
	// The children share the root's styles, so a background-colour change reaches them all;
	// each holds its own keys.
	m.qp = queuePane{st: &m.styles, lang: opt.Lang, keys: km.List}
	m.dp = detailPane{st: &m.styles, lang: opt.Lang, keys: km.Detail, histKeys: km.History}
	m.hd = header{st: &m.styles, lang: opt.Lang}
	m.menu = menuBar{st: &m.styles, lang: opt.Lang, keys: km.Menus}
	m.status = newStatusBar(w, &m.styles, opt.Lang, km.Filter)
	return m
}

// Init starts the first load, the clock and the background-colour query.
func (m *Model) Init() tea.Cmd {
	if m.opt.NewStore {
		// A mistyped --db makes a new, empty store: say so, and where, until read.
		m.say(fmt.Sprintf(m.wd.NewStore, m.opt.Store.Path()), true)
	}
	var load tea.Cmd
	if sh := m.opt.Shared; sh != nil {
		load = waitNews(m.ctx, sh, nil) // the queue everyone reads
	} else {
		m.gen++
		m.loading = true
		load = loadSnapshot(m.ctx, m.opt.Store, m.cfg, m.gen)
	}
	return tea.Batch(load, m.loadTally(), tick(), tea.RequestBackgroundColor)
}

// Update handles one message, then hands the panes what they show.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if m.snap != nil {
		cmd = tea.Batch(cmd, m.askShipping()) // the rows now on screen may need theirs
		m.sync()
	}
	return m, cmd
}

// update routes a message to its handler.
func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.onResize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		return m.onBackground(msg.IsDark())
	case tea.KeyPressMsg:
		if m.heldDown(msg) {
			return nil
		}
		m.readNotice()
		m.acted = false
		cmd := m.onKey(msg)
		if m.acted {
			m.holding = keyHold{key: msg.String(), at: time.Now()}
		}
		return cmd
	case tea.MouseWheelMsg:
		return m.onWheel(msg)
	case tickMsg:
		return m.onTick(time.Time(msg))
	case versionMsg:
		return m.onVersion(msg.v)
	case StoreChangedMsg:
		if m.opt.Shared != nil {
			return m.onVersion(0) // the shared queue looks once for everyone
		}
		return pollVersion(m.ctx, m.opt.Store)
	case newsMsg:
		return m.onNews(msg)
	case snapshotMsg:
		return m.onSnapshot(msg)
	case detailMsg:
		return m.onDetail(msg)
	case shippingMsg:
		return m.onShipping(msg)
	case tallyMsg:
		if msg.gen >= m.tallyShown { // an older read's answer came late
			m.tally, m.tallyShown = msg.t, msg.gen
		}
		return nil
	case listedMsg:
		return m.onListed(msg)
	case revokedMsg:
		m.undoing = false
		return m.quitWhenSaved(m.onRevoked(msg))
	case loggedMsg:
		return m.quitWhenSaved(m.onLogged(msg))
	case changesMsg:
		return m.onChanges(msg)
	case errMsg:
		return m.onError(msg.err)
	case inboxMsg:
		return m.onInbox(msg)
	case importProgressMsg:
		return m.onImportProgress(msg)
	case importDoneMsg:
		return m.onImportDone(msg)
	case StoreWaitMsg:
		if msg {
			m.say(m.wd.WaitImport, false)
		} else {
			m.unsay(m.wd.WaitImport)
		}
	}
	return nil
}

// --- handlers ---

func (m *Model) onResize(w, h int) tea.Cmd {
	m.w, m.h = w, h
	m.place(true)
	return nil
}

// place lays the screen out for its size, the help shown and the open menu (sync sets what
// it shows), and sizes the panes when that moved them, or always when resized.
func (m *Model) place(resized bool) {
	helpH := 1
	if m.help.ShowAll {
		for _, col := range m.keyMap().For(modeNormal).FullHelp() {
			helpH = max(helpH, len(col)) // the full help shows every key
		}
	}
	m.menu.SetSize(m.w, 1)
	menuH := 0
	if m.menu.keys.menu(m.menu.md) != nil && !m.menu.fits() {
		menuH = len(m.menu.wrapped())
	}
	lay := layout(m.w, m.h, helpH, menuH)
	if lay == m.lay && !resized {
		return
	}
	m.lay = lay
	m.hd.SetSize(m.w, 2)
	m.qp.SetSize(m.lay.Queue.W, m.lay.Queue.H)
	m.dp.SetSize(m.lay.Detail.W, m.lay.Detail.H)
	m.status.SetSize(m.w, 1)
	m.help.SetWidth(m.w)
	m.qp.scrollTo()
}

func (m *Model) onBackground(dark bool) tea.Cmd {
	m.styles = NewStyles(dark)
	m.help.Styles = m.styles.Help
	return nil
}

func (m *Model) onTick(t time.Time) tea.Cmd {
	was := m.now
	m.now = m.opt.Clock.Now()
	var relist tea.Cmd
	if m.now.Unix() >= m.nextRankAt {
		relist = m.relist(true)
	}
	// Markers and notices fade by the wall clock: a frozen shop clock must not freeze them.
	for k, at := range m.newOrders {
		if t.Sub(at) > newMark {
			delete(m.newOrders, k)
		}
	}
	m.fadeNotices()
	if m.refused != nil && time.Since(m.refusedAt) > m.cfg.Roster.UndoWindow.D() {
		m.withdrawOverride(false) // the override is offered for a while only
	}
	cmds := []tea.Cmd{tick(), relist}
	if today, _ := dayBounds(m.cfg, m.now); was.Unix() < today {
		// Past the shop's midnight the header's 今日 is a new day, changes or not.
		cmds = append(cmds, m.loadTally())
	}
	if m.opt.Shared == nil {
		cmds = append(cmds, pollVersion(m.ctx, m.opt.Store)) // a shared queue looks for everyone
	}
	if m.opt.Inbox != "" && m.importing == "" {
		cmds = append(cmds, scanInbox(m.opt.Inbox, t))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onDetail(msg detailMsg) tea.Cmd {
	if msg.key != m.selected {
		return nil // the specialist moved on
	}
	d := msg.d
	m.detail, m.detailKey = &d, msg.key
	return nil
}

// onError shows a failed store call. A failed load must not stop later ones: the next
// change of data_version tries again.
func (m *Model) onError(err error) tea.Cmd {
	m.loading = false
	m.say(fmt.Sprintf(m.wd.StoreError, err), true)
	return nil
}

func (m *Model) onWheel(msg tea.MouseWheelMsg) tea.Cmd {
	if m.mode == modeHistory { // the wheel scrolls what is open
		switch msg.Button {
		case tea.MouseWheelUp:
			m.dp.scrollHistory(-3)
		case tea.MouseWheelDown:
			m.dp.scrollHistory(3)
		}
		return nil
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		return m.move(-3)
	case tea.MouseWheelDown:
		return m.move(3)
	}
	return nil
}

// StoreWaitMsg says a store write has been waiting on another process's import (true), or
// that it is through (false). The team server sends it to every session.
type StoreWaitMsg bool

// WaitNotifier is a store that tells when a write waits (*data.Store.OnWait).
type WaitNotifier interface{ OnWait(func(waiting bool)) }

// Run starts the workstation in the terminal's alternate screen and returns when the
// specialist quits. The terminal is restored on the way out.
func Run(ctx context.Context, opt Options) error {
	m := New(opt)
	m.ctx = ctx
	p := tea.NewProgram(m, tea.WithContext(ctx))
	if w, ok := opt.Store.(WaitNotifier); ok {
		// A write that waits on another process's import says so on the status line.
		w.OnWait(func(waiting bool) { p.Send(StoreWaitMsg(waiting)) })
		defer w.OnWait(nil)
	}
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted: a normal way to end a shift
	}
	return err
}
