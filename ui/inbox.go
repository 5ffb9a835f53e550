package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// The live inbox: exports dropped into a folder are imported while the specialist works,
// one at a time, then moved to done/ (or failed/, with a .error.txt beside them). The queue
// reloads after each, and the status line shows a progress bar meanwhile.

// settleTime is how long a file must have been left alone before it is taken: a browser or
// a copy may still be writing it.
const settleTime = 2 * time.Second

// inboxMsg lists the exports waiting in the inbox.
type inboxMsg struct{ files []string }

// importProgressMsg tells how far the running import has read; the channel carries the next.
type importProgressMsg struct {
	done, total int64
	ch          <-chan importProgressMsg
}

// importDoneMsg ends an inbox import: the report, or why the file was refused.
type importDoneMsg struct {
	name  string
	rep   *data.ImportReport
	err   error
	stuck error  // the file could not be moved out of the inbox
	moved string // where the file went
	taken bool   // another workstation of the shared queue has it, or had it: nothing done
}

// InboxDir is the inbox of a store: the configured folder, or inbox/ beside the store.
func InboxDir(cfg *queue.Config, storePath string) string {
	if cfg.Paths.Inbox != "" {
		return cfg.Paths.Inbox
	}
	return filepath.Join(filepath.Dir(storePath), "inbox")
}

// isExport reports whether a file name looks like an export to import: CSV or xlsx, not a
// hidden or Excel lock file.
func isExport(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return (ext == ".csv" || ext == ".xlsx") && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "~$")
}

// scanInbox lists the settled exports in dir, oldest first. A missing inbox is made, so
// there is a folder to drop exports into.
func scanInbox(dir string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		entries, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			err = os.MkdirAll(dir, 0o700)
		}
		if err != nil {
			return errMsg{fmt.Errorf("inbox: %w", err)}
		}
		type file struct {
			path string
			mod  time.Time
		}
		var files []file
		for _, e := range entries {
			if !e.Type().IsRegular() || !isExport(e.Name()) {
				continue
			}
			info, err := e.Info()
			if err != nil || now.Sub(info.ModTime()) < settleTime {
				continue
			}
			files = append(files, file{filepath.Join(dir, e.Name()), info.ModTime()})
		}
		slices.SortFunc(files, func(a, b file) int {
			if c := a.mod.Compare(b.mod); c != 0 {
				return c
			}
			return strings.Compare(a.path, b.path)
		})
		msg := inboxMsg{}
		for _, f := range files {
			msg.files = append(msg.files, f.path)
		}
		return msg
	}
}

// importInbox imports one inbox file and moves it out of the inbox, with its refusals in
// the language l beside it. Progress goes to ch, which is closed at the end. The workstations
// of a shared queue watch one inbox: one of them at a time holds its lock (nil for a
// workstation of its own), and a file already moved away is left to whoever moved it.
func importInbox(ctx context.Context, s Store, req data.ImportRequest, l queue.Lang, ch chan importProgressMsg, lock *sync.Mutex) tea.Cmd {
	return func() tea.Msg {
		defer close(ch)
		if lock != nil {
			if !lock.TryLock() {
				return importDoneMsg{name: filepath.Base(req.Path), taken: true}
			}
			defer lock.Unlock()
			if _, err := os.Stat(req.Path); err != nil {
				return importDoneMsg{name: filepath.Base(req.Path), taken: true}
			}
		}
		req.Progress = func(done, total int64) {
			select {
			case ch <- importProgressMsg{done: done, total: total, ch: ch}:
			default: // the screen has not caught up: skip this step
			}
		}
		name := filepath.Base(req.Path)
		rep, err := s.ImportFile(ctx, req)
		if err != nil && ctx.Err() != nil {
			// Quitting: the import rolled back and the file stays in the inbox, for the
			// next start, instead of going to failed/.
			return importDoneMsg{name: name, err: err}
		}
		dir := filepath.Dir(req.Path)
		to := filepath.Join(dir, "done")
		if err != nil {
			to = filepath.Join(dir, "failed")
		}
		dest := freeName(to, name)
		merr := os.MkdirAll(to, 0o700)
		if merr == nil {
			merr = os.Rename(req.Path, dest)
		}
		if merr != nil {
			// Still an end of this import: the inbox goes on with the next file.
			return importDoneMsg{name: name, rep: rep, err: err, stuck: merr}
		}
		var notes []string
		if err != nil {
			notes = append(notes, ImportErrorText(err, l))
		} else {
			for _, re := range rep.Rejected {
				notes = append(notes, RowErrorText(re, l))
			}
		}
		if len(notes) > 0 {
			// The reasons stay beside the file, for whoever fixes the export.
			os.WriteFile(dest+".error.txt", []byte(strings.Join(notes, "\n")+"\n"), 0o600)
		}
		return importDoneMsg{name: name, rep: rep, err: err, moved: dest}
	}
}

// freeName is dir/name, or dir/name with a time stamp when a file of that name is there.
func freeName(dir, name string) string {
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		return p
	}
	ext := filepath.Ext(name)
	return filepath.Join(dir, strings.TrimSuffix(name, ext)+time.Now().Format("-150405.000000")+ext)
}

// waitProgress hands on the import's next progress report.
func waitProgress(ch <-chan importProgressMsg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// ImportSummary is a file's one-line import summary.
func ImportSummary(rep *data.ImportReport, l queue.Lang) string {
	s := rep.Summary
	return fmt.Sprintf(words.For(l).ImportSummary, queue.Sanitize(rep.File), s.New, s.Updated, s.NowPaid, s.NowClosed, len(rep.Rejected))
}

// onInbox starts importing the oldest waiting export, unless one is running.
func (m *Model) onInbox(msg inboxMsg) tea.Cmd {
	if m.importing != "" || len(msg.files) == 0 {
		return nil
	}
	path := msg.files[0]
	m.importing, m.importPct = filepath.Base(path), 0
	ch := make(chan importProgressMsg, 1)
	req := data.NewImportRequest(m.cfg, queue.PlatformUnknown, path,
		queue.Event{At: m.opt.Clock.Now().Unix(), Operator: m.opt.Operator, Session: m.opt.Session})
	var lock *sync.Mutex
	if m.opt.Shared != nil {
		lock = &m.opt.Shared.inbox
	}
	return tea.Batch(importInbox(m.ctx, m.opt.Store, req, m.opt.Lang, ch, lock), waitProgress(ch))
}

func (m *Model) onImportProgress(msg importProgressMsg) tea.Cmd {
	if msg.total > 0 {
		m.importPct = float64(msg.done) / float64(msg.total)
	}
	return waitProgress(msg.ch)
}

// onImportDone reports the import and reloads the queue with what it brought.
func (m *Model) onImportDone(msg importDoneMsg) tea.Cmd {
	m.importing = ""
	if msg.taken {
		return nil // the workstation that imports it says so; the shared queue brings the orders
	}
	l := m.opt.Lang
	if msg.stuck != nil {
		m.say(fmt.Sprintf(m.wd.InboxStuck, msg.name, msg.stuck), true)
		if msg.err != nil {
			return nil
		}
		return pollVersion(m.ctx, m.opt.Store)
	}
	if msg.err != nil {
		m.say(fmt.Sprintf(m.wd.ImportFailed, msg.moved, ImportErrorText(msg.err, l)), true)
		return nil
	}
	m.say(ImportSummary(msg.rep, l), len(msg.rep.Rejected) > 0)
	// The import committed: the reload follows at once (the store keeps its own snapshot
	// file up to date).
	return pollVersion(m.ctx, m.opt.Store)
}
