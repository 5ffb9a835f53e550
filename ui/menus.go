package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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

// Lines renders the open menu wrapped into n lines: where it is wider than the screen it
// takes the help's lines too, so no key of it is cut off.
func (b *menuBar) Lines(n int) string {
	lines := wrapLines(b.text(), b.w, n)
	for i := range lines {
		lines[i] = b.st.Menu.Render(lines[i])
	}
	return block(lines, b.w, n)
}

// fits reports whether the open menu fits on its one line.
func (b *menuBar) fits() bool { return cellWidth(b.text()) <= b.w }

// text is the open menu's words: its keys, each with what it does, and how to leave.
func (b *menuBar) text() string {
	l, w := b.lang, words.For(b.lang)
	var s string
	switch b.md {
	case modeAttempt:
		s = fmt.Sprintf(w.AttemptMenu, b.channel.Label(l))
	case modeOutcome:
		s = w.OutcomeMenu
	case modeSnooze:
		var parts []string
		for i, t := range b.snooze {
			p := fmt.Sprintf("%d %s %s", i+1, b.keys.SnoozeOptions[i].Help().Desc, t.In(b.loc).Format("01-02 15:04"))
			if b.past[i] {
				p += w.PastClose
			}
			parts = append(parts, p)
		}
		s = w.SnoozeMenu + strings.Join(parts, " · ")
	case modeDecline:
		var parts []string
		for i, r := range queue.DeclineReasons {
			parts = append(parts, fmt.Sprintf("%d %s", i+1, queue.ReasonLabel(r, l)))
		}
		s = w.DeclineMenu + strings.Join(parts, " ")
	case modeQuick:
		var parts []string
		for i, name := range w.Quick {
			parts = append(parts, fmt.Sprintf("%d %s", i, name))
		}
		s = w.QuickMenu + strings.Join(parts, " ")
	}
	return s + w.Cancel
}
