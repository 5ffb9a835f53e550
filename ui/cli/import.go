package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/term"

	"cuifu/data"
	"cuifu/data/exports"
	"cuifu/queue"
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
// terminal a progress bar shows a long file's import.
func Import(ctx context.Context, env *Env, o ImportOptions) error {
	failed := 0
	for _, path := range detailLast(env, o) {
		progress, clearBar := progressTo(env.Stderr, path, env.Lang)
		rep, err := env.Store.ImportFile(ctx, ImportRequest(env, o.Platform, path, progress))
		clearBar()
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "%v\n", err)
			continue
		}
		fmt.Fprintln(env.Stdout, ui.ImportSummary(rep, env.Lang))
		for _, re := range rep.Rejected {
			fmt.Fprintln(env.Stdout, re.Error())
		}
	}
	if failed > 0 {
		return ExitError{Code: 1, Err: fmt.Errorf("%d of %d files not imported", failed, len(o.Files))}
	}
	return nil
}

// ImportRequest is the store request that imports one file for this run's specialist.
func ImportRequest(env *Env, p queue.Platform, path string, progress func(done, total int64)) data.ImportRequest {
	return data.ImportRequest{
		Path:     path,
		Options:  exports.Options{Platform: p, Location: env.Config.Location, StatusMap: env.Config.StatusWords()},
		Event:    queue.Event{At: env.Clock.Now().Unix(), Operator: env.Operator, Session: env.Session},
		Progress: progress,
	}
}

// detailLast orders the files so that item-detail files come after the order lists: their
// items attach to orders the store must already have.
func detailLast(env *Env, o ImportOptions) []string {
	files := slices.Clone(o.Files)
	detail := func(path string) bool {
		f, err := os.Open(path)
		if err != nil {
			return false
		}
		defer f.Close()
		res, err := exports.Detect(path, f, exports.Options{Platform: o.Platform, Location: env.Config.Location})
		return err == nil && res.ItemsOnly
	}
	slices.SortStableFunc(files, func(a, b string) int {
		da, db := detail(a), detail(b)
		switch {
		case da == db:
			return 0
		case da:
			return 1
		}
		return -1
	})
	return files
}

// progressTo draws a progress bar for a file's import on w, when w is a terminal; clear
// takes it away.
func progressTo(w io.Writer, path string, l queue.Lang) (report func(done, total int64), clear func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil, func() {}
	}
	bar := progress.New(progress.WithWidth(30), progress.WithoutPercentage())
	var mu sync.Mutex
	var last time.Time
	shown := false
	return func(done, total int64) {
			mu.Lock()
			defer mu.Unlock()
			if total <= 0 || (done < total && time.Since(last) < 100*time.Millisecond) {
				return
			}
			last, shown = time.Now(), true
			p := float64(done) / float64(total)
			tail := fmt.Sprintf(" %3.0f%%", p*100)
			if done >= total {
				// Read to the end: the store is still writing what it read.
				tail = word(l, " 写入中…", " writing…")
			}
			fmt.Fprintf(w, "\r\x1b[2K%s %s%s", path, bar.ViewAs(p), tail)
		}, func() {
			mu.Lock()
			defer mu.Unlock()
			if shown {
				fmt.Fprint(w, "\r\x1b[2K")
			}
		}
}
