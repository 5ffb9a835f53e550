package serve

import (
	"context"
	"sync"

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
	mu    sync.Mutex
	progs map[session]struct{}
}

// session is what the hub needs of a session's program; *tea.Program is one.
type session interface {
	Send(tea.Msg)
	Quit()
}

func newHub() *hub { return &hub{progs: map[session]struct{}{}} }

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

func (a announcing) Append(ctx context.Context, e queue.Event) (queue.Event, error) {
	e, err := a.Store.Append(ctx, e)
	if err == nil {
		a.hub.announce()
	}
	return e, err
}

func (a announcing) Claim(ctx context.Context, e queue.Event) (queue.Event, error) {
	e, err := a.Store.Claim(ctx, e)
	if err == nil {
		a.hub.announce()
	}
	return e, err
}

func (a announcing) ImportFile(ctx context.Context, req data.ImportRequest) (*data.ImportReport, error) {
	r, err := a.Store.ImportFile(ctx, req)
	if err == nil {
		a.hub.announce()
	}
	return r, err
}
