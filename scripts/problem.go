package scripts

import (
	"fmt"
	"strings"
)

// Problem is something wrong in a script file: where, the script it is about ("" for the
// file or the library), and what, as a code of the words tables' Lint with its facts. The
// ui says it in the reader's language.
type Problem struct {
	File   string
	Line   int
	Script string
	Code   string
	Args   []any  // strings and numbers; a queue.Channel, Phase or Platform, or a Reason, is said in the reader's language
	Reason Reason // the rule's reason, for a forbidden phrase or a claim
}

// DeclineReason is a decline reason's code (queue.DeclineReasons) in a problem's facts,
// said in the reader's words.
type DeclineReason string

// Reason is a rule's reason in both languages, as rules/*.txt give it.
type Reason struct{ ZH, EN string }

// finding is what is wrong, before it is placed in a file.
type finding struct {
	code string
	args []any
}

func find(code string, args ...any) *finding { return &finding{code, args} }

// String gives the place, the script, the code and its facts, for logs and tests.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", p.File, p.Line)
	if p.Script != "" {
		b.WriteString(p.Script + ": ")
	}
	b.WriteString(p.Code)
	for _, a := range p.Args {
		fmt.Fprintf(&b, " %v", a)
	}
	return b.String()
}
