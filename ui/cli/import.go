package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"cuifu/data/exports"
	"cuifu/queue"
)

// ImportOptions are the `cuifu import` arguments.
type ImportOptions struct {
	Platform queue.Platform // PlatformUnknown = detect from the header
	Files    []string
}

// Import reads each export into the store, one transaction per file, and prints what it
// did: new, updated, now paid, now closed and rejected rows, then each rejected row as
// FILE:LINE: reason. A file that cannot be read at all leaves the store unchanged, and the
// command then exits 1.
func Import(ctx context.Context, env *Env, o ImportOptions) error {
	failed := 0
	for _, path := range o.Files {
		line, err := importFile(ctx, env, o.Platform, path)
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "%v\n", err)
			continue
		}
		fmt.Fprintln(env.Stdout, line)
	}
	if failed > 0 {
		return ExitError{Code: 1, Err: fmt.Errorf("%d of %d files not imported", failed, len(o.Files))}
	}
	return nil
}

// importFile imports one file in one transaction and logs an import event.
func importFile(ctx context.Context, env *Env, p queue.Platform, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	name := filepath.Base(path)
	im, err := env.Store.BeginImport(ctx)
	if err != nil {
		return "", err
	}
	res, err := exports.Read(path, f, exports.Options{Platform: p, Location: env.Config.Location}, im.Add)
	if err != nil {
		im.Rollback()
		var fe *exports.FileError
		if errors.As(err, &fe) {
			return "", err
		}
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if err := im.Commit(); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	s := im.Summary()
	summary := fmt.Sprintf(word(env.Lang, "%s: 新增 %d · 更新 %d · 已付款 %d · 已关闭 %d · 拒收行 %d",
		"%s: %d new, %d updated, %d now paid, %d now closed, %d rejected"), name, s.New, s.Updated, s.NowPaid, s.NowClosed, len(res.Errors))
	if _, err := env.Store.Append(ctx, queue.Event{At: env.Clock.Now().Unix(), Operator: env.Operator, Session: env.Session,
		Kind: queue.EventImport, Note: fmt.Sprintf("%s (%s, %s): %d new, %d updated, %d now paid, %d now closed, %d unchanged, %d rejected",
			name, res.Platform, res.Encoding, s.New, s.Updated, s.NowPaid, s.NowClosed, s.Unchanged, len(res.Errors))}); err != nil {
		return "", err
	}
	for _, re := range res.Errors {
		summary += "\n" + re.Error()
	}
	return summary, nil
}
