package ui

import (
	"charm.land/bubbles/v2/key"

	"cuifu/queue/words"
)

// KeyMap holds every key of the workstation. It feeds the help bar.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Filter, Copy, NextScript              key.Binding
	Attempt, Outcome, Snooze, Claim       key.Binding
	Reveal, Help, Quit, Cancel            key.Binding
}

// DefaultKeyMap returns the keys, with help in the words of w.
func DefaultKeyMap(w *words.Words) KeyMap {
	b := func(keys []string, label, help string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, help))
	}
	return KeyMap{
		Up:         b([]string{"k", "up"}, "↑/k", w.KeyUp),
		Down:       b([]string{"j", "down"}, "↓/j", w.KeyDown),
		PageUp:     b([]string{"pgup", "ctrl+b"}, "pgup", w.KeyPageUp),
		PageDown:   b([]string{"pgdown", "ctrl+f", "space"}, "pgdn", w.KeyPageDown),
		Home:       b([]string{"g", "home"}, "g", w.KeyTop),
		End:        b([]string{"G", "end"}, "G", w.KeyBottom),
		Filter:     b([]string{"/"}, "/", w.KeyFilter),
		Copy:       b([]string{"c"}, "c", w.KeyCopy),
		NextScript: b([]string{"n", "tab"}, "n", w.KeyNextScript),
		Attempt:    b([]string{"a"}, "a", w.KeyAttempt),
		Outcome:    b([]string{"o"}, "o", w.KeyOutcome),
		Snooze:     b([]string{"z"}, "z", w.KeySnooze),
		Claim:      b([]string{"m"}, "m", w.KeyClaim),
		Reveal:     b([]string{"v"}, "v", w.KeyReveal),
		Help:       b([]string{"?"}, "?", w.KeyHelp),
		Quit:       b([]string{"q", "ctrl+c"}, "q", w.KeyQuit),
		Cancel:     b([]string{"esc"}, "esc", w.KeyCancel),
	}
}

// ShortHelp is the help bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Copy, k.Attempt, k.Outcome, k.Snooze, k.Filter, k.Help, k.Quit}
}

// FullHelp is the help shown with ?.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Filter, k.Copy, k.NextScript, k.Reveal},
		{k.Attempt, k.Outcome, k.Snooze, k.Claim},
		{k.Help, k.Cancel, k.Quit},
	}
}
