package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"cuifu/data/exports"
	"cuifu/queue"
	"cuifu/queue/words"
)

// ImportErrorText says in the user's language why an import refused a file (with the
// columns it expects) or skipped a row, from the error's code and facts; a file that cannot
// be opened is named with why. Any other error is given as it is. The facts are the
// export's own text: they are sanitized.
func ImportErrorText(err error, l queue.Lang) string {
	w := words.For(l)
	var fe *exports.FileError
	var re exports.RowError
	var pe *fs.PathError
	switch {
	case errors.As(err, &fe) && fe.Code == exports.CodeUnreadable && fe.Err != nil:
		return queue.Sanitize(fe.File) + ": " + systemWhy(w, fe.Err) // not a matter of columns
	case errors.As(err, &fe):
		reason := problemText(w, fe.Code, fe.Args)
		if fe.Line > 0 {
			reason = fmt.Sprintf(w.ImportAtLine, fe.Line) + reason
		}
		return fmt.Sprintf(w.ImportExpected, queue.Sanitize(fe.File)+": "+reason, expectedKinds(w))
	case errors.As(err, &re):
		return fmt.Sprintf("%s:%d: %s", queue.Sanitize(re.File), re.Line, problemText(w, re.Code, re.Args))
	case errors.As(err, &pe):
		return queue.Sanitize(pe.Path) + ": " + systemWhy(w, pe.Err)
	}
	return err.Error()
}

// systemWhy says why the system could not open or read a file, in the user's words: a
// missing file, a denied permission, a folder, a path through something that is not one.
// Another system error is said by its number, never in the system's own English.
func systemWhy(w *words.Words, err error) string {
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return w.Import["open_missing"]
	case errors.Is(err, fs.ErrPermission):
		return w.Import["open_denied"]
	case errors.Is(err, syscall.EISDIR):
		return w.Import["is_dir"]
	case errors.Is(err, syscall.ENOTDIR):
		return w.Import["not_dir"]
	case errors.As(err, &errno):
		return fmt.Sprintf(w.Import["unreadable_errno"], int(errno))
	}
	return w.Import["unreadable"]
}

// RowErrorText says why a row was skipped, in the user's language.
func RowErrorText(re exports.RowError, l queue.Lang) string {
	return ImportErrorText(re, l)
}

// problemText puts a refusal's code into words. The config sections a fix goes into are
// named as the config spells them.
func problemText(w *words.Words, code exports.Code, facts []string) string {
	args := make([]any, 0, len(facts)+1)
	for _, f := range facts {
		args = append(args, queue.SafeText(f))
	}
	switch code {
	case exports.CodeMissingCols:
		if len(args) > 0 {
			args[0] = kindName(w, facts[0])
		}
	case exports.CodeUnknownStatus:
		if len(args) > 1 {
			args[1] = "[status." + facts[1] + "]"
		}
	case exports.CodeUnknownStage:
		args = append(args, "[presale.stages]")
	}
	format, ok := w.Import[string(code)]
	if !ok {
		return queue.SafeText(string(code) + " " + strings.Join(facts, " "))
	}
	return fmt.Sprintf(format, args...)
}

func kindName(w *words.Words, code string) string {
	if n, ok := w.ImportKind[code]; ok {
		return n
	}
	return code
}

// expectedKinds lists the exports the reader knows, each with the columns that tell it.
func expectedKinds(w *words.Words) string {
	var parts []string
	for _, k := range exports.Kinds() {
		parts = append(parts, fmt.Sprintf(w.ImportKindCols, kindName(w, k.Code), strings.Join(k.Columns, w.ListSep)))
	}
	return strings.Join(parts, w.ImportKindSep)
}
