package cli

import (
	"errors"
	"fmt"
	"io"

	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/scripts"
	"cuifu/ui"
)

// ScriptsCheck lints a script directory (the built-in library when dir is ""), prints each
// problem as file:line: message in the language l, and fails with exit status 1 when there
// is any.
func ScriptsCheck(dir string, l queue.Lang, stdout io.Writer) error {
	w := words.For(l)
	probs, err := scripts.Check(dir)
	if err != nil {
		return errors.New(ui.ImportErrorText(err, l))
	}
	for _, p := range probs {
		fmt.Fprintln(stdout, LintText(p, l))
	}
	if len(probs) > 0 {
		return ExitError{Code: 1, Err: errors.New(words.Format(w.LintProblems, len(probs)))}
	}
	name := dir
	if name == "" {
		name = w.LintBuiltin
	}
	fmt.Fprintf(stdout, w.LintClean+"\n", name)
	return nil
}

// LintText says a script problem in the language l: file:line: the script's id: what is
// wrong, with the rule's reason last. The facts come from the shop's files: sanitized.
func LintText(p scripts.Problem, l queue.Lang) string {
	w := words.For(l)
	args := make([]any, 0, len(p.Args)+1)
	for _, a := range p.Args {
		args = append(args, lintArg(w, l, a))
	}
	if p.Reason != (scripts.Reason{}) {
		args = append(args, lintArg(w, l, p.Reason))
	}
	msg := queue.SafeText(p.String())
	if format, ok := w.Lint[p.Code]; ok {
		msg = words.Format(format, args...)
	}
	if p.Script != "" {
		msg = queue.Sanitize(p.Script) + ": " + msg
	}
	return fmt.Sprintf("%s:%d: %s", queue.Sanitize(p.File), p.Line, msg)
}

// lintArg puts one fact of a problem into the language's words.
func lintArg(w *words.Words, l queue.Lang, a any) any {
	switch v := a.(type) {
	case string:
		return queue.SafeText(v)
	case queue.Channel:
		return w.Channel[v]
	case queue.Phase:
		return w.Phase[v]
	case queue.Platform:
		return w.Platform[v]
	case scripts.DeclineReason:
		return w.Reason[string(v)]
	case scripts.Reason:
		if l == queue.LangEN {
			return v.EN
		}
		return v.ZH
	}
	return a
}
