package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
)

// The workstation's commands and the messages they answer with. A command captures values,
// never the model: it runs off the UI goroutine.

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
	tallyMsg struct {
		gen int // of the read (Model.loadTally)
		t   data.Tally
	}
	loggedMsg struct {
		snap     *queue.Snapshot // the snapshot the action was taken on
		order    int32
		ev       queue.Event
		warnings []string
		err      error
	}
	revokedMsg struct {
		ev  queue.Event // the revoke as logged
		err error
	}
	errMsg struct{ err error }
)

// tick is the workstation's clock: a tickMsg every second. A variable, so that the tests can
// tell a tick apart from a command still at work on a loaded machine.
var tick = func() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func loadSnapshot(ctx context.Context, s Store, cfg *queue.Config, gen int) tea.Cmd {
	return func() tea.Msg {
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
func loadChanges(ctx context.Context, s Store, cfg *queue.Config, gen int, since int64) tea.Cmd {
	return func() tea.Msg {
		v, err := s.DataVersion(ctx)
		if err != nil {
			return errMsg{err}
		}
		ch, err := s.Changes(ctx, cfg, since)
		return changesMsg{gen: gen, version: v, ch: ch, err: err}
	}
}

func pollVersion(ctx context.Context, s Store) tea.Cmd {
	return func() tea.Msg {
		v, err := s.DataVersion(ctx)
		if err != nil {
			return errMsg{err}
		}
		return versionMsg{v}
	}
}

func loadDetail(ctx context.Context, s Store, key queue.OrderKey) tea.Cmd {
	return func() tea.Msg {
		d, err := s.Detail(ctx, key)
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

// loadTally reads the day's tally for the header. Reads run side by side (after my own
// contact, after each change the team makes), and one that began before a contact was in
// the log may answer after one that began once it was: each is numbered, and the header
// takes no answer older than the one it shows.
func (m *Model) loadTally() tea.Cmd {
	m.tallyGen++
	ctx, s, operator, gen := m.ctx, m.opt.Store, m.opt.Operator, m.tallyGen
	from, to := dayBounds(m.cfg, m.now)
	lookBack := m.cfg.Payroll.LookBack.Seconds()
	return func() tea.Msg {
		t, err := s.Tally(ctx, operator, from, to, lookBack)
		if err != nil {
			return errMsg{err}
		}
		return tallyMsg{gen: gen, t: t}
	}
}

// logEvent appends (or, for a claim, claims) durably and reports back.
func logEvent(ctx context.Context, s Store, snap *queue.Snapshot, order int32, ev queue.Event, warnings []string) tea.Cmd {
	return func() tea.Msg {
		var err error
		if ev.Kind == queue.EventClaim {
			ev, err = s.Claim(ctx, ev)
		} else {
			ev, err = s.Append(ctx, ev)
		}
		return loggedMsg{snap: snap, order: order, ev: ev, warnings: warnings, err: err}
	}
}

// revokeEvent takes back an event of the log by logging a revoke.
func revokeEvent(ctx context.Context, s Store, ev queue.Event, roster *queue.RosterConfig) tea.Cmd {
	return func() tea.Msg {
		saved, err := s.Revoke(ctx, ev, roster)
		return revokedMsg{ev: saved, err: err}
	}
}
