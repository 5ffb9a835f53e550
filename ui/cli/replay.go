package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/ui"
)

// ReplayOptions are the `cuifu replay` flags.
type ReplayOptions struct {
	Date     string // shop-local day, YYYY-MM-DD; "" = today
	Operator string // only this specialist's events
	Plain    bool   // print the timeline as text instead of the TUI
}

// Replay shows a shift from the log: the timeline with the moments a supervisor should
// look at, and each specialist's numbers. --plain prints it as text.
func Replay(ctx context.Context, env *Env, o ReplayOptions) error {
	rep, err := replayData(ctx, env, o.Date, o.Operator)
	if err != nil {
		return err
	}
	if o.Plain {
		return WriteReplay(env.Stdout, rep, env.Lang)
	}
	return ui.RunReplay(ctx, rep, env.Lang)
}

// replayData audits one shop-local day ("" = today) of the log, of one operator ("" = all).
func replayData(ctx context.Context, env *Env, day, operator string) (*ui.ReplayData, error) {
	from, to, err := dayRange(&env.Config, env.Lang, env.Clock.Now(), day, day, oneDate)
	if err != nil {
		return nil, err
	}
	show, clear := statusLine(env.Stderr)
	h, err := env.Store.History(ctx, &env.Config, from, to, func(n int) {
		show(words.Format(words.For(env.Lang).CLIReplayLoading, n))
	})
	clear()
	if err != nil {
		return nil, err
	}
	return ui.NewReplayData(h, &env.Config, from, to, operator)
}

// WriteReplay prints the replay as text: a line naming the day and whose events, one event
// per line in time order, then one line per specialist with their numbers.
func WriteReplay(w io.Writer, rep *ui.ReplayData, l queue.Lang) error {
	loc := rep.Config.Location
	var b strings.Builder
	// Which day and whose, as the replay's screen says it: a printed replay is read apart.
	who := queue.Sanitize(rep.Operator)
	if who == "" {
		who = words.For(l).Everyone
	}
	b.WriteString(words.For(l).ReplayTitle + " · " + time.Unix(rep.From, 0).In(loc).Format("2006-01-02") + " · " + who + "\n")
	for _, i := range rep.Shown {
		e := &rep.History.Events[i]
		order := "" // an import, a blacklist entry or a holdout record is on no order
		if e.Order.ID != "" {
			order = e.Order.String()
		}
		cols := []string{
			time.Unix(e.At, 0).In(loc).Format("15:04:05"),
			pad(queue.Sanitize(e.Operator), 8),
			pad(queue.Sanitize(order), 30),
			pad(ui.EventWords(e, l, loc), 22),
		}
		line := strings.Join(cols, "  ")
		if e.Note != "" {
			line += "  " + queue.SafeText(noteWords(e, l))
		}
		if words := queue.AuditWords(e, rep.Flags[i], l); len(words) > 0 {
			line += "  ⚑ " + strings.Join(words, ", ")
			if rep.Skipped[i].ID != "" {
				line += " (" + queue.Sanitize(rep.Skipped[i].String()) + ")"
			}
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if len(rep.Shown) == 0 {
		b.WriteString(words.For(l).CLINothingLogged + "\n")
	}
	b.WriteString("\n")
	for _, st := range rep.Stats {
		if rep.Operator == "" || st.Operator == rep.Operator {
			b.WriteString(ui.StatsLine(st, l) + "\n")
		}
	}
	for _, r := range rep.Scripts {
		b.WriteString(ui.ScriptLine(r, l) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// noteWords is an event's note as the replay shows it: an import's counts in words, any
// other note as it was written, without the marks cuifu keeps in it for itself (a group
// touch's lead, which EventWords names; a script's cushion).
func noteWords(e *queue.Event, l queue.Lang) string {
	n, ok := data.ParseImportNote(e.Note)
	if e.Kind != queue.EventImport || !ok {
		return queue.NoteText(e.Note)
	}
	platform := n.Platform
	if p, err := queue.ParsePlatform(n.Platform); err == nil {
		platform = p.Label(l)
	}
	return fmt.Sprintf(words.For(l).ReplayImport, queue.Sanitize(n.File), platform, n.Encoding, n.New, n.Updated, n.NowPaid,
		n.NowClosed, n.Unchanged, n.Rejected)
}

// pad pads s to n display cells.
func pad(s string, n int) string {
	if d := n - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}
