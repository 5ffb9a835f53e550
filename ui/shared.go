package ui

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
)

// Shared is one queue for the workstations of one process, as a team server's sessions are.
// It holds the snapshot they all read and keeps it current with the store: a write through
// any of them (Kick) or another process's, seen through data_version, is loaded once for
// all. It also lends their list jobs the rankers' scratch memory, so a workstation keeps
// only its own view of the queue: its ranked rows, selection, filter and pending marks.
//
// A snapshot it has published is never written again: a change is merged into a clone,
// which is published after it. A workstation without a Shared loads and keeps its own queue,
// as a single specialist's does.
type Shared struct {
	store Store
	cfg   *queue.Config
	kick  chan struct{} // a look at the store is wanted now

	mu   sync.Mutex
	head *news // the newest publication (the empty root before the first load)

	inbox sync.Mutex // held by the workstation importing from the inbox they all watch

	rankers chan *queue.Ranker // scratch for the list jobs, one per core
	made    int                // rankers made so far (mu)
	free    [][]queue.Row      // rows buffers given back by the workstations (mu)
}

// news is one publication of the shared queue: a snapshot and what changed to make it.
// Publications form a chain: next is set, and then done closed, when the one after it is
// published, so a workstation walks from the one it has to the newest and misses nothing.
type news struct {
	snap    *queue.Snapshot // nil only in the root, before the first load
	version int64           // the store's data_version the snapshot reflects
	err     error           // a failed look: snap is the one before

	ch   *queue.Changes // what was merged; nil for a full load
	diff orderDiff      // the orders that came and went

	hayOnce sync.Once
	hay     []string // the filter's haystack of snap, made when first asked for

	next *news
	done chan struct{}
}

// orderDiff is what changed between two snapshots: the orders that arrived and the ones
// that left (their buyers are indexes into of's), or only the change in number when the
// queues are too big to compare.
type orderDiff struct {
	added []queue.OrderKey
	left  []queue.Order
	of    *queue.Snapshot
	delta int
}

// haystack is the filter's haystack of the publication's snapshot, made once for everyone.
func (n *news) haystack() []string {
	n.hayOnce.Do(func() {
		n.hay = make([]string, len(n.snap.Orders))
		for i := range n.hay {
			n.hay[i] = haystack(n.snap, i)
		}
	})
	return n.hay
}

// NewShared returns the shared queue of the store, empty until Run has loaded it.
func NewShared(s Store, cfg *queue.Config) *Shared {
	cores := max(runtime.GOMAXPROCS(0), 1)
	return &Shared{store: s, cfg: cfg, kick: make(chan struct{}, 1), head: &news{done: make(chan struct{})},
		rankers: make(chan *queue.Ranker, cores)}
}

// sharedPoll is how often the shared queue asks the store whether another process changed it.
const sharedPoll = time.Second

// Run loads the queue, then keeps it current until ctx ends: at once after a Kick, and
// every second for the writes of other processes. Workstations waiting for news are let go
// when it returns.
func (s *Shared) Run(ctx context.Context) {
	t := time.NewTicker(sharedPoll)
	defer t.Stop()
	for {
		s.look(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// Kick asks for a look at the store now: one of the workstations wrote to it.
func (s *Shared) Kick() {
	select {
	case s.kick <- struct{}{}:
	default: // a look is already asked for; it will see this write too
	}
}

// look brings the queue up to date with the store and publishes it when it changed.
func (s *Shared) look(ctx context.Context) {
	cur := s.newest()
	v, err := s.store.DataVersion(ctx)
	if err != nil {
		s.fail(ctx, cur, err)
		return
	}
	if cur.snap != nil && v == cur.version {
		return
	}
	next := &news{version: v}
	if cur.snap != nil && cur.snap.Seq > 0 {
		ch, err := s.store.Changes(ctx, s.cfg, cur.snap.Seq)
		if err != nil && !errors.Is(err, data.ErrTooManyChanges) {
			s.fail(ctx, cur, err)
			return
		}
		if err == nil {
			// A contact elsewhere costs a handful of rows, merged into a copy: the
			// workstations still read the snapshot they have.
			next.snap, next.ch = cur.snap.Clone(), ch
			next.diff.added, next.diff.left = next.snap.Merge(ch)
			next.diff.of = next.snap
		}
	}
	if next.snap == nil {
		snap, err := s.store.Snapshot(ctx, s.cfg)
		if err != nil {
			s.fail(ctx, cur, err)
			return
		}
		next.snap = snap
		if cur.snap != nil {
			next.diff = diffOrders(cur.snap, snap)
		}
	}
	// The rota reads the roster's names from the snapshot: every specialist of the roster
	// is in it, so a ranking for any of them finds their name without adding it.
	for _, n := range s.cfg.Roster.Operators {
		next.snap.OperatorIndex(n)
	}
	for _, sh := range s.cfg.Roster.Shifts {
		next.snap.OperatorIndex(sh.Operator)
	}
	// The rankings of every workstation read it at once from here on: fill its caches now.
	next.snap.Prepare(s.cfg)
	s.publish(next)
}

// fail publishes a failed look once (the workstations show it), keeping the snapshot.
func (s *Shared) fail(ctx context.Context, cur *news, err error) {
	if ctx.Err() != nil || cur.err != nil && cur.err.Error() == err.Error() {
		return
	}
	s.publish(&news{snap: cur.snap, version: cur.version, err: err})
}

func (s *Shared) publish(n *news) {
	n.done = make(chan struct{})
	s.mu.Lock()
	prev := s.head
	s.head = n
	s.mu.Unlock()
	prev.next = n
	close(prev.done)
}

// newsMsg brings the publications after from up to to (from nil: to is the first a
// workstation gets, and nothing before it matters).
type newsMsg struct{ from, to *news }

// waitNews waits for the shared queue's next publication after the one given (nil: the
// newest one loaded), and hands over all that came since.
func waitNews(ctx context.Context, s *Shared, after *news) tea.Cmd {
	return func() tea.Msg {
		wait := after
		if wait == nil {
			s.mu.Lock()
			wait = s.head
			s.mu.Unlock()
			if wait.snap != nil {
				return newsMsg{to: wait}
			}
		}
		select {
		case <-wait.done:
		case <-ctx.Done():
			return nil
		}
		to := wait.next
		for {
			select {
			case <-to.done:
				to = to.next
				continue
			default:
			}
			break
		}
		if after == nil {
			return newsMsg{to: to}
		}
		return newsMsg{from: after, to: to}
	}
}

// rank ranks in for a list job with a borrowed ranker, into a rows buffer of the pool.
func (s *Shared) rank(in queue.Input) ranked {
	var r *queue.Ranker
	select {
	case r = <-s.rankers:
	default:
		s.mu.Lock()
		if s.made < cap(s.rankers) {
			s.made++
			r = new(queue.Ranker)
		}
		s.mu.Unlock()
		if r == nil {
			r = <-s.rankers // as many rankings at once as there are cores
		}
	}
	defer func() { s.rankers <- r }()
	n := len(in.Snap.Orders)
	var buf []queue.Row
	s.mu.Lock()
	for i, b := range s.free {
		if cap(b) >= n {
			buf = b
			s.free = slices.Delete(s.free, i, i+1)
			break
		}
	}
	s.mu.Unlock()
	if buf == nil {
		buf = make([]queue.Row, n)
	}
	rows := r.RankInto(in, buf)
	return ranked{rows: rows, due: r.Due, upcoming: r.Upcoming, blocked: r.Blocked}
}

// giveBack returns a workstation's rows it no longer shows, for the next ranking; a few are
// kept, the rest left to the collector.
func (s *Shared) giveBack(rows []queue.Row) {
	if cap(rows) == 0 {
		return
	}
	s.mu.Lock()
	if len(s.free) < cap(s.rankers) {
		s.free = append(s.free, rows[:0])
	}
	s.mu.Unlock()
}

// newest is the newest publication.
func (s *Shared) newest() *news {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.head
}
