package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/ui"
)

// BlockOptions are the `cuifu block` and `cuifu unblock` arguments.
type BlockOptions struct {
	Unblock bool     // take the targets off the list instead
	Targets []string // buyers' nicks or phones from the command line
	File    string   // a CSV or TXT list: one nick or phone per line, with an optional reason
	Reason  string   // the reason, for the targets without one of their own
}

// maxListLines bounds a blacklist file: a list longer than this is not a blacklist.
const maxListLines = 100_000

// Block puts buyers on the shop's blacklist, or takes them off it, as logged events carrying
// the operator. A list file is read whole first: one bad line (or an unblock of a target
// not on the list) is reported with its line and nobody is blocked.
func Block(ctx context.Context, env *Env, o BlockOptions) error {
	kind := queue.EventBlock
	if o.Unblock {
		kind = queue.EventUnblock
	}
	var entries []listEntry
	for _, t := range o.Targets {
		entries = append(entries, listEntry{target: t, reason: o.Reason})
	}
	if o.File != "" {
		list, err := readBlockList(o.File, o.Reason, env.Lang)
		if err != nil {
			return ExitError{Code: 1, Err: err}
		}
		entries = append(entries, list...)
	}
	if err := checkReason(o.Reason, env.Lang); err != nil {
		return ExitError{Code: 2, Err: err}
	}
	now := env.Clock.Now().Unix()
	evs := make([]queue.Event, 0, len(entries))
	seen := map[string]bool{}
	for _, en := range entries {
		target, err := queue.BlacklistTarget(en.target)
		if te, ok := err.(*queue.TargetError); ok {
			err = targetFailure(te, env.Lang)
		}
		if err == nil {
			err = checkReason(en.reason, env.Lang)
		}
		if err != nil {
			return ExitError{Code: 2, Err: fmt.Errorf("%s%w", en.where, err)}
		}
		if seen[target] {
			continue
		}
		seen[target] = true
		evs = append(evs, queue.Event{At: now, Operator: env.Operator, Session: env.Session, Kind: kind,
			Note: target, Reason: en.reason})
	}
	saved, err := env.Store.Block(ctx, evs)
	var nb *data.NotBlockedError
	if errors.As(err, &nb) {
		return failure(env.Lang, "not_blocked", shownTarget(nb.Target))
	}
	if err != nil {
		return err
	}
	done := words.For(env.Lang).CLIBlacklisted
	if o.Unblock {
		done = words.For(env.Lang).CLIUnblacklisted
	}
	for _, e := range saved {
		fmt.Fprintf(env.Stdout, "%s #%d %s\n", done, e.ID, shownTarget(e.Note))
	}
	return nil
}

// shownTarget is a blacklist target as printed: a phone masked, a nick cleaned.
func shownTarget(t string) string {
	if p := queue.NormalizePhone(t); queue.PhoneUsable(p) {
		return queue.MaskPhone(p)
	}
	return queue.CleanReason(t)
}

// checkReason refuses a reason with control characters: it is shown in rows and replays.
func checkReason(r string, l queue.Lang) error {
	if strings.ContainsFunc(r, unicode.IsControl) {
		return failure(l, "reason_control", r)
	}
	return nil
}

// targetFailure says in the language l why a buyer or phone cannot be blacklisted.
func targetFailure(te *queue.TargetError, l queue.Lang) error {
	if te.Code == "long" {
		return failure(l, "target_long", queue.MaxTarget)
	}
	return failure(l, "target_"+te.Code, te.Target)
}

// listEntry is one target of a block or unblock, with where it came from for errors.
type listEntry struct {
	target, reason string
	where          string // "FILE:LINE: " for a list file's lines
}

// readBlockList reads a blacklist file: UTF-8 (a BOM is fine), one nick or phone per line,
// optionally followed by a reason after a comma or a tab; CSV quoting is understood, blank
// lines and lines starting with # are skipped, and a first line naming the columns
// (buyer/nick/phone/买家/手机, reason/原因) is a header. Lines without a reason take def.
func readBlockList(path, def string, l queue.Lang) ([]listEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errors.New(ui.ImportErrorText(err, l))
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return nil, failure(l, "list_utf8", path)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, failure(l, "list_nul", path)
	}
	sep := ','
	if bytes.IndexByte(b, '\t') >= 0 && bytes.IndexByte(b, ',') < 0 {
		sep = '\t'
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.Comment = '#'
	r.TrimLeadingSpace = true
	var out []listEntry
	for first := true; ; first = false {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		where := fmt.Sprintf("%s:%d: ", path, line)
		if err != nil {
			return nil, failure(l, "list_csv", where, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if first && listHeader(rec[0]) {
			continue
		}
		if len(rec) > 2 {
			return nil, failure(l, "list_columns", where, len(rec))
		}
		en := listEntry{target: rec[0], reason: def, where: where}
		if len(rec) == 2 && strings.TrimSpace(rec[1]) != "" {
			en.reason = strings.TrimSpace(rec[1])
		}
		if len(out) == maxListLines {
			return nil, failure(l, "list_long", path, maxListLines)
		}
		out = append(out, en)
	}
	if len(out) == 0 {
		return nil, failure(l, "list_empty", path)
	}
	return out, nil
}

// listHeader reports whether a list file's first cell names the column rather than a buyer.
func listHeader(cell string) bool {
	switch strings.ToLower(strings.TrimSpace(cell)) {
	case "buyer", "nick", "phone", "target", "买家", "昵称", "买家昵称", "手机", "手机号":
		return true
	}
	return false
}
