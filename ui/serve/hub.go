package serve

import (
	"context"
	"sort"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/ui"
)

// hub is the server's one switchboard: every session's workstation is on it, and a write
// made through any of them is announced to all at once, so a colleague's contact shows
// without waiting for the next poll. Writes by other processes on the host still reach the
// sessions through the store's data_version, as on a single workstation.
type hub struct {
	mu     sync.Mutex
	progs  map[session]struct{}
	people map[string]*presence // by session id
	waits  int                  // writes waiting on another process's import
}

// presence is one connected session as the team board shows it.
type presence struct {
	id       string
	key      Key
	since    time.Time
	order    queue.OrderKey // what the session has selected
	hasOrder bool
}

// session is what the hub needs of a session's program; *tea.Program is one.
type session interface {
	Send(tea.Msg)
	Quit()
}

func newHub() *hub { return &hub{progs: map[session]struct{}{}, people: map[string]*presence{}} }

// arrive puts a session on the board; depart takes it off.
func (h *hub) arrive(id string, k Key, since time.Time) {
	h.mu.Lock()
	h.people[id] = &presence{id: id, key: k, since: since}
	h.mu.Unlock()
}

func (h *hub) depart(id string) {
	h.mu.Lock()
	delete(h.people, id)
	h.mu.Unlock()
}

// on records the order a session is on.
func (h *hub) on(id string, order queue.OrderKey, ok bool) {
	h.mu.Lock()
	if p := h.people[id]; p != nil {
		p.order, p.hasOrder = order, ok
	}
	h.mu.Unlock()
}

// roster is a copy of who is connected, the longest connected first.
func (h *hub) roster() []presence {
	h.mu.Lock()
	out := make([]presence, 0, len(h.people))
	for _, p := range h.people {
		out = append(out, *p)
	}
	h.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].since.Equal(out[j].since) {
			return out[i].since.Before(out[j].since)
		}
		return out[i].id < out[j].id
	})
	return out
}

func (h *hub) join(p session) {
	h.mu.Lock()
	h.progs[p] = struct{}{}
	h.mu.Unlock()
}

func (h *hub) leave(p session) {
	h.mu.Lock()
	delete(h.progs, p)
	h.mu.Unlock()
}

// announce tells every session that the store changed. Each Send runs on its own goroutine:
// a session busy drawing must not hold up the writer or the others.
func (h *hub) announce() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for p := range h.progs {
		go p.Send(ui.StoreChangedMsg{})
	}
}

// waiting hears from the store that a write waits on another process's import (true) or is
// through (false). The sessions share the store and its write lock, so every session hears
// when the first write starts waiting and when the last is through: a session's own write
// may be any of them, and its next one would wait too.
func (h *hub) waiting(w bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if w {
		if h.waits++; h.waits > 1 {
			return
		}
	} else {
		if h.waits == 0 {
			return
		}
		if h.waits--; h.waits > 0 {
			return
		}
	}
	for p := range h.progs {
		go p.Send(ui.StoreWaitMsg(w))
	}
}

// quitAll asks every session's workstation to close, and says how many there were.
func (h *hub) quitAll() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	for p := range h.progs {
		go p.Quit()
	}
	return len(h.progs)
}

// store wraps the shared store so that its writes are announced.
func (h *hub) store(s ui.Store) ui.Store { return announcing{Store: s, hub: h} }

// announcing is a ui.Store whose successful writes are announced on the hub.
type announcing struct {
	ui.Store
	hub *hub
}

// Append logs e in the shared store and, when it succeeded, tells every session.
func (a announcing) Append(ctx context.Context, e queue.Event) (queue.Event, error) {
	e, err := a.Store.Append(ctx, e)
	if err == nil {
		a.hub.announce()
	}
	return e, err
}

// Claim claims e's order in the shared store and, when it succeeded, tells every session.
func (a announcing) Claim(ctx context.Context, e queue.Event) (queue.Event, error) {
	e, err := a.Store.Claim(ctx, e)
	if err == nil {
		a.hub.announce()
	}
	return e, err
}

// ImportFile imports the file in the shared store and, when it succeeded, tells every session.
func (a announcing) ImportFile(ctx context.Context, req data.ImportRequest) (*data.ImportReport, error) {
	r, err := a.Store.ImportFile(ctx, req)
	if err == nil {
		a.hub.announce()
	}
	return r, err
}

// Revoke revokes e in the shared store and, when it succeeded, tells every session.
func (a announcing) Revoke(ctx context.Context, e queue.Event, roster *queue.RosterConfig) (queue.Event, error) {
	e, err := a.Store.Revoke(ctx, e, roster)
	if err == nil {
		a.hub.announce()
	}
	return e, err
}
