package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cuifu/queue"
	"cuifu/queue/words"
)

// menuBar is the open menu, drawn on the status line: the attempt's results, the buyer's
// responses, the reasons of a decline, the snooze times. It owns the menus' keys and says
// what a key chose; the root acts on the choice.
type menuBar struct {
	w    int
	st   *Styles
	lang queue.Lang
	keys MenuKeys

	// What to show, set by the root before View.
	md      mode
	channel queue.Channel  // the attempt's channel
	snooze  [3]time.Time   // the snooze menu's times
	past    [3]bool        // which of them are past the order's close
	loc     *time.Location // the shop's zone, for the times
}

// SetSize sets the menu's width (it is one line high).
func (b *menuBar) SetSize(w, _ int) { b.w = w }

// menuChoice is what a key chose in an open menu.
type menuChoice struct {
	cancel  bool      // esc: close the menu
	channel bool      // tab in the attempt menu: the next channel
	result  ResultKey // an attempt's or an outcome's result
	index   int       // a decline reason's or a snooze option's position
}

// choose says what msg chooses in menu md; ok is false for a key the menu does not take.
func (b *menuBar) choose(md mode, msg tea.KeyPressMsg) (c menuChoice, ok bool) {
	k := b.keys
	if key.Matches(msg, k.Cancel) {
		return menuChoice{cancel: true}, true
	}
	pick := func(rs []ResultKey) (menuChoice, bool) {
		for _, rk := range rs {
			if key.Matches(msg, rk.Binding) {
				return menuChoice{result: rk}, true
			}
		}
		return menuChoice{}, false
	}
	index := func(bs []key.Binding) (menuChoice, bool) {
		for i, kb := range bs {
			if key.Matches(msg, kb) {
				return menuChoice{index: i}, true
			}
		}
		return menuChoice{}, false
	}
	switch md {
	case modeAttempt:
		if key.Matches(msg, k.Channel) {
			return menuChoice{channel: true}, true
		}
		return pick(k.AttemptResults)
	case modeOutcome:
		return pick(k.OutcomeResults)
	case modeDecline:
		return index(k.DeclineReasons)
	case modeSnooze:
		return index(k.SnoozeOptions)
	case modeQuick:
		return index(k.QuickFilters)
	}
	return menuChoice{}, false
}

// View renders the open menu on one line.
func (b *menuBar) View() string { return fit(b.st.Menu.Render(b.text()), b.w) }

// Lines renders the open menu wrapped into n lines. A line breaks only between the menu's
// items, so a key stays with what it does and a word is never split. The root gives it
// the lines it needs (wrapped); only a menu longer than all it can take is cut, and its
// last line ends in "…" to say so.
func (b *menuBar) Lines(n int) string {
	lines := b.wrapped()
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1], b.w-1, "") + "…"
	}
	for i := range lines {
		lines[i] = b.st.Menu.Render(fit(lines[i], b.w))
	}
	return block(lines, b.w, n)
}

// wrapped is the open menu broken into lines of the screen's width, between its items.
func (b *menuBar) wrapped() []string {
	title, items, sep := b.parts()
	var lines []string
	line := title
	for i, it := range items {
		between := sep
		if i == 0 {
			between = " " // the title and the first item
		}
		if cellWidth(line+between+it) <= b.w {
			line += between + it
			continue
		}
		lines = append(lines, line+strings.TrimRight(between, " ")) // a " · " keeps its dot
		line = it
	}
	return append(lines, line)
}

// fits reports whether the open menu fits on its one line.
func (b *menuBar) fits() bool { return cellWidth(b.text()) <= b.w }

// text is the open menu's words on one line: its title, its keys, each with what it does,
// and how to leave.
func (b *menuBar) text() string {
	title, items, sep := b.parts()
	return title + " " + strings.Join(items, sep)
}

// parts are the open menu's title, its items (a key with what it does, the last one how to
// leave) and what stands between them.
func (b *menuBar) parts() (title string, items []string, sep string) {
	l, w := b.lang, words.For(b.lang)
	sep = " "
	switch b.md {
	case modeAttempt:
		title, items = fmt.Sprintf(w.AttemptMenu, b.channel.Label(l)), slices.Clone(w.AttemptItems)
	case modeOutcome:
		title, items = w.OutcomeMenu, slices.Clone(w.OutcomeItems)
	case modeSnooze:
		title, sep = strings.TrimSpace(w.SnoozeMenu), " · "
		for i, t := range b.snooze {
			p := fmt.Sprintf("%d %s %s", i+1, b.keys.SnoozeOptions[i].Help().Desc, t.In(b.loc).Format("01-02 15:04"))
			if b.past[i] {
				p += w.PastClose
			}
			items = append(items, p)
		}
	case modeDecline:
		title = strings.TrimSpace(w.DeclineMenu)
		for i, r := range queue.DeclineReasons {
			items = append(items, fmt.Sprintf("%d %s", i+1, queue.ReasonLabel(r, l)))
		}
	case modeQuick:
		title = strings.TrimSpace(w.QuickMenu)
		for i, name := range w.Quick {
			items = append(items, fmt.Sprintf("%d %s", i, name))
		}
	}
	if sep != " " && len(items) > 0 {
		// How to leave is not one of the choices: it follows the last one after a space.
		items[len(items)-1] += w.Cancel
		return title, items, sep
	}
	return title, append(items, strings.TrimSpace(w.Cancel)), sep
}
