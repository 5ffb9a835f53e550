package ui

import "charm.land/bubbles/v2/key"

// KeyMap holds every key of the workstation. It feeds the help bar.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Filter, Copy, NextScript              key.Binding
	Attempt, Outcome, Snooze, Claim       key.Binding
	Reveal, Help, Quit, Cancel            key.Binding
}

// DefaultKeyMap returns the keys, with help in the given language.
func DefaultKeyMap(en bool) KeyMap {
	h := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	b := func(keys []string, label, zh, e string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, h(zh, e)))
	}
	return KeyMap{
		Up:         b([]string{"k", "up"}, "↑/k", "上", "up"),
		Down:       b([]string{"j", "down"}, "↓/j", "下", "down"),
		PageUp:     b([]string{"pgup", "ctrl+b"}, "pgup", "上页", "page up"),
		PageDown:   b([]string{"pgdown", "ctrl+f", "space"}, "pgdn", "下页", "page down"),
		Home:       b([]string{"g", "home"}, "g", "顶部", "top"),
		End:        b([]string{"G", "end"}, "G", "底部", "bottom"),
		Filter:     b([]string{"/"}, "/", "筛选", "filter"),
		Copy:       b([]string{"c"}, "c", "复制话术", "copy script"),
		NextScript: b([]string{"n", "tab"}, "n", "换话术", "next script"),
		Attempt:    b([]string{"a"}, "a", "记联系", "log attempt"),
		Outcome:    b([]string{"o"}, "o", "记结果", "log outcome"),
		Snooze:     b([]string{"z"}, "z", "稍后", "snooze"),
		Claim:      b([]string{"m"}, "m", "认领/释放", "claim/release"),
		Reveal:     b([]string{"v"}, "v", "看号码", "reveal phone"),
		Help:       b([]string{"?"}, "?", "帮助", "help"),
		Quit:       b([]string{"q", "ctrl+c"}, "q", "退出", "quit"),
		Cancel:     b([]string{"esc"}, "esc", "取消", "cancel"),
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
