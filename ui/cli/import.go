package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/term"

	"cuifu/data"
	"cuifu/data/exports"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/ui"
)

// ImportOptions are the `cuifu import` arguments.
type ImportOptions struct {
	Platform queue.Platform // PlatformUnknown = detect from the header
	Files    []string
}

// Import reads each export into the store, one transaction per file, and prints what it
// did: new, updated, now paid, now closed and rejected rows, then each rejected row as
// FILE:LINE: reason. Item-detail files go after the order lists they complete. A file that
// cannot be read at all leaves the store unchanged, and the command then exits 1. On a
// terminal a progress bar shows a long file's import. The store brings the queue's
// snapshot file up to date itself.
func Import(ctx context.Context, env *Env, o ImportOptions) error {
	failed := 0
	for _, path := range detailLast(env, o) {
		progress, clearBar := progressTo(env.Stderr, path, env.Lang)
		req := data.NewImportRequest(&env.Config, o.Platform, path, queue.Event{At: env.Clock.Now().Unix(), Operator: env.Operator, Session: env.Session})
		req.Progress = progress
		rep, err := env.Store.ImportFile(ctx, req)
		clearBar()
		if err != nil {
			failed++
			fmt.Fprintln(env.Stderr, ui.ImportErrorText(err, env.Lang))
			continue
		}
		fmt.Fprintln(env.Stdout, ui.ImportSummary(rep, env.Lang))
		for _, re := range rep.Rejected {
			fmt.Fprintln(env.Stdout, ui.RowErrorText(re, env.Lang))
		}
	}
	if failed > 0 {
		return ExitError{Code: 1, Err: errors.New(words.Format(words.For(env.Lang).CLINotImported, failed, len(o.Files)))}
	}
	return nil
}

// detailLast orders the files so that item-detail files come after the order lists: their
// items attach to orders the store must already have.
func detailLast(env *Env, o ImportOptions) []string {
	var lists, details []string
	for _, path := range o.Files {
		if isDetail(path, data.ImportOptions(&env.Config, o.Platform)) {
			details = append(details, path)
		} else {
			lists = append(lists, path)
		}
	}
	return append(lists, details...)
}

// isDetail reads a file's header to tell an item-detail file.
func isDetail(path string, opt exports.Options) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	res, err := exports.Detect(path, f, opt)
	return err == nil && res.ItemsOnly
}

// waitNotice tells on w that a write waits on another process's import: a passing status
// line on a terminal, a line of its own otherwise.
func waitNotice(w io.Writer, l queue.Lang) func(waiting bool) {
	show, clear := statusLine(w)
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(f.Fd())
	return func(waiting bool) {
		switch {
		case waiting && tty:
			show(words.For(l).WaitImport)
		case waiting:
			fmt.Fprintln(w, words.For(l).WaitImport)
		default:
			clear()
		}
	}
}

// statusLine shows a passing line of status on w, when w is a terminal (show replaces it);
// clear takes it away.
func statusLine(w io.Writer) (show func(string), clear func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return func(string) {}, func() {}
	}
	var mu sync.Mutex
	shown := false
	return func(s string) {
			mu.Lock()
			defer mu.Unlock()
			shown = true
			fmt.Fprintf(w, "\r\x1b[2K%s", s)
		}, func() {
			mu.Lock()
			defer mu.Unlock()
			if shown {
				fmt.Fprint(w, "\r\x1b[2K")
			}
		}
}

// progressTo draws a progress bar for a file's import on w, when w is a terminal; clear
// takes it away.
func progressTo(w io.Writer, path string, l queue.Lang) (report func(done, total int64), clear func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil, func() {}
	}
	show, clear := statusLine(w)
	bar := progress.New(progress.WithWidth(30), progress.WithoutPercentage())
	var mu sync.Mutex
	var last time.Time
	return func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if total <= 0 || (done < total && time.Since(last) < 100*time.Millisecond) {
			return
		}
		last = time.Now()
		p := float64(done) / float64(total)
		tail := fmt.Sprintf(" %3.0f%%", p*100)
		if done >= total {
			// Read to the end: the store is still writing what it read.
			tail = words.For(l).CLIWriting
		}
		show(fmt.Sprintf("%s %s%s", path, bar.ViewAs(p), tail))
	}, clear
}
