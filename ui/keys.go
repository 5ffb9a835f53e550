package ui

import (
	"strconv"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"cuifu/queue"
	"cuifu/queue/words"
)

// KeyMap holds every key of the workstation, grouped by the child that takes them: the
// root keeps the few that act in every mode; the list, the detail pane, the menus and the
// status line's filter each own theirs (New hands each child its group). The help is made
// from these groups for the mode at hand (For), so every key is in it.
type KeyMap struct {
	Root    RootKeys
	List    ListKeys
	Detail  DetailKeys
	Menus   MenuKeys
	Filter  FilterKeys
	History HistoryKeys
}

// RootKeys act whatever child has the keys.
type RootKeys struct {
	ForceQuit key.Binding // ctrl+c quits in every mode
	Quit      key.Binding
	Help      key.Binding
	Undo      key.Binding
	Cancel    key.Binding // clears the filter in the list
	Board     key.Binding // the team board (ctrl+b): enabled only where one is (Options.Board)
	Override  key.Binding // logs a contact refused for a colleague's claim over it: enabled while one waits
}

// ListKeys move the selection through the list and open the filter.
type ListKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Filter, Quick                         key.Binding
}

// DetailKeys act on the order the detail pane shows: its scripts, its numbers, and the
// actions that open a menu or log at once.
type DetailKeys struct {
	NextScript, Copy, CopyOrder, CopyBuyer, Reveal key.Binding
	Attempt, Outcome, Snooze, Claim                key.Binding
	History                                        key.Binding // opens the contact history
	Note                                           key.Binding // a note for the order's next contact
}

// HistoryKeys scroll the contact history the detail pane shows, and close it.
type HistoryKeys struct {
	Up, Down, PageUp, PageDown, Close key.Binding
}

// MenuKeys are the menus' keys: one per choice, and esc to close.
type MenuKeys struct {
	// The attempt menu: one key per result, and tab for the channel.
	AttemptResults []ResultKey
	Channel        key.Binding
	// The outcome menu; P is a promise anyone may call back on.
	OutcomeResults []ResultKey
	// The decline menu: 1… for the reasons, in queue.DeclineReasons order.
	DeclineReasons []key.Binding
	// The snooze menu: 1 an hour, 2 the channel's next open moment, 3 tomorrow same time.
	SnoozeOptions []key.Binding
	// The quick filters' menu: 0 all, then 1… in quickFilter order.
	QuickFilters []key.Binding
	Cancel       key.Binding
}

// FilterKeys are the filter input's keys, on the status line.
type FilterKeys struct {
	Apply, Cancel key.Binding
}

// ResultKey is a menu key and the result it logs.
type ResultKey struct {
	key.Binding
	Result queue.Result
	Reason string // logged with the result ("" for none)
}

// DefaultKeyMap returns the keys, with help in the words of w and l.
func DefaultKeyMap(w *words.Words, l queue.Lang) KeyMap {
	b := func(keys []string, label, help string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, help))
	}
	r := func(k string, res queue.Result, reason, help string) ResultKey {
		return ResultKey{b([]string{k}, k, help), res, reason}
	}
	esc := b([]string{"esc"}, "esc", w.KeyCancel)
	km := KeyMap{
		Root: RootKeys{
			ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", w.KeyQuit),
			Quit:      b([]string{"q"}, "q", w.KeyQuit),
			Help:      b([]string{"?"}, "?", w.KeyHelp),
			Undo:      b([]string{"u"}, "u", w.KeyUndo),
			Cancel:    esc,
			Board:     b([]string{"ctrl+b"}, "ctrl+b", w.KeyBoard),
			Override:  b([]string{"F"}, "F", w.KeyOverride),
		},
		List: ListKeys{
			Up:       b([]string{"k", "up"}, "↑/k", w.KeyUp),
			Down:     b([]string{"j", "down"}, "↓/j", w.KeyDown),
			PageUp:   b([]string{"pgup"}, "pgup", w.KeyPageUp), // ctrl+b is the team board's
			PageDown: b([]string{"pgdown", "ctrl+f", "space"}, "pgdn", w.KeyPageDown),
			Home:     b([]string{"g", "home"}, "g", w.KeyTop),
			End:      b([]string{"G", "end"}, "G", w.KeyBottom),
			Filter:   b([]string{"/"}, "/", w.KeyFilter),
			Quick:    b([]string{"f"}, "f", w.KeyQuick),
		},
		Detail: DetailKeys{
			NextScript: b([]string{"n", "tab"}, "n/tab", w.KeyNextScript),
			Copy:       b([]string{"c"}, "c", w.KeyCopy),
			CopyOrder:  b([]string{"y"}, "y", w.KeyCopyOrder),
			CopyBuyer:  b([]string{"Y"}, "Y", w.KeyCopyBuyer),
			Reveal:     b([]string{"v"}, "v", w.KeyReveal),
			Attempt:    b([]string{"a"}, "a", w.KeyAttempt),
			Outcome:    b([]string{"o"}, "o", w.KeyOutcome),
			Snooze:     b([]string{"z"}, "z", w.KeySnooze),
			Claim:      b([]string{"m"}, "m", w.KeyClaim),
			History:    b([]string{"h"}, "h", w.KeyHistory),
			Note:       b([]string{"N"}, "N", w.KeyNote),
		},
		History: HistoryKeys{
			Up:       b([]string{"k", "up"}, "↑/k", w.KeyUp),
			Down:     b([]string{"j", "down"}, "↓/j", w.KeyDown),
			PageUp:   b([]string{"pgup"}, "pgup", w.KeyPageUp),
			PageDown: b([]string{"pgdown", "space"}, "pgdn", w.KeyPageDown),
			Close:    b([]string{"h", "esc"}, "h/esc", w.KeyCancel),
		},
		Menus: MenuKeys{
			Channel: b([]string{"tab"}, "tab", w.KeyChannel),
			Cancel:  esc,
			AttemptResults: []ResultKey{
				r("s", queue.ResultSent, "", queue.ResultSent.Label(l)),
				r("n", queue.ResultNoAnswer, "", queue.ResultNoAnswer.Label(l)),
				r("b", queue.ResultBusy, "", queue.ResultBusy.Label(l)),
				r("w", queue.ResultWrongNumber, "", queue.ResultWrongNumber.Label(l)),
				r("r", queue.ResultReplied, "", queue.ResultReplied.Label(l)),
			},
			OutcomeResults: []ResultKey{
				r("p", queue.ResultPromised, "", w.KeyPromiseMine),
				r("P", queue.ResultPromised, queue.CallbackAnyone, w.KeyPromiseAnyone),
				r("d", queue.ResultDeclined, "", queue.ResultDeclined.Label(l)),
				r("$", queue.ResultClaimedPaid, "", queue.ResultClaimedPaid.Label(l)),
				r("x", queue.ResultDoNotContact, "", queue.ResultDoNotContact.Label(l)),
				r("i", queue.ResultInvalid, "", queue.ResultInvalid.Label(l)),
				r("u", queue.ResultDuplicate, "", queue.ResultDuplicate.Label(l)),
				r("!", queue.ResultDoNotContact, queue.ReasonComplaint, w.KeyComplaint),
			},
		},
		Filter: FilterKeys{
			Apply:  b([]string{"enter"}, "enter", w.KeyApply),
			Cancel: esc,
		},
	}
	for i, help := range []string{w.SnoozeHour, w.SnoozeNextOpen, w.SnoozeTomorrow} {
		n := strconv.Itoa(i + 1)
		km.Menus.SnoozeOptions = append(km.Menus.SnoozeOptions, b([]string{n}, n, help))
	}
	for i, name := range w.Quick {
		n := strconv.Itoa(i)
		km.Menus.QuickFilters = append(km.Menus.QuickFilters, b([]string{n}, n, name))
	}
	for i, reason := range queue.DeclineReasons {
		n := strconv.Itoa(i + 1)
		km.Menus.DeclineReasons = append(km.Menus.DeclineReasons, b([]string{n}, n, queue.ReasonLabel(reason, l)))
	}
	return km
}

// keyMap is the workstation's KeyMap as its children hold it now.
func (m *Model) keyMap() KeyMap {
	return KeyMap{Root: m.keys, List: m.qp.keys, Detail: m.dp.keys, Menus: m.menu.keys, Filter: m.status.keys, History: m.dp.histKeys}
}

// For returns the help of the keys that act in mode md.
func (k KeyMap) For(md mode) help.KeyMap { return modeHelp{k, md} }

// modeHelp is the help of one mode's keys.
type modeHelp struct {
	k  KeyMap
	md mode
}

func results(rs []ResultKey) []key.Binding {
	out := make([]key.Binding, len(rs))
	for i, r := range rs {
		out[i] = r.Binding
	}
	return out
}

// menu returns the keys of the menu md, or nil when md is no menu.
func (k MenuKeys) menu(md mode) []key.Binding {
	switch md {
	case modeAttempt:
		return append(results(k.AttemptResults), k.Channel, k.Cancel)
	case modeOutcome:
		return append(results(k.OutcomeResults), k.Cancel)
	case modeDecline:
		return append(append([]key.Binding{}, k.DeclineReasons...), k.Cancel)
	case modeSnooze:
		return append(append([]key.Binding{}, k.SnoozeOptions...), k.Cancel)
	case modeQuick:
		return append(append([]key.Binding{}, k.QuickFilters...), k.Cancel)
	}
	return nil
}

// moving is every key of the list.
func (k ListKeys) moving() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}

// ShortHelp is the help bar.
func (h modeHelp) ShortHelp() []key.Binding {
	k := h.k
	if keys := k.Menus.menu(h.md); keys != nil {
		return keys
	}
	switch h.md {
	case modeFilter, modeNote:
		return []key.Binding{k.Filter.Apply, k.Filter.Cancel, k.Root.ForceQuit}
	case modeHistory:
		hk := k.History
		return []key.Binding{hk.Up, hk.Down, hk.PageUp, hk.PageDown, hk.Close}
	}
	d := k.Detail
	return []key.Binding{k.Root.Override, k.List.Down, d.Copy, d.Attempt, d.Outcome, d.Snooze, k.List.Filter, k.Root.Help, k.Root.Quit}
}

// FullHelp is the help shown with ?: every key of the mode, a column per child.
func (h modeHelp) FullHelp() [][]key.Binding {
	k := h.k
	if h.md != modeNormal {
		return [][]key.Binding{h.ShortHelp(), {k.Root.ForceQuit}}
	}
	d, r := k.Detail, k.Root
	return [][]key.Binding{
		k.List.moving(),
		{k.List.Filter, k.List.Quick, d.Copy, d.NextScript, d.CopyOrder, d.CopyBuyer, d.Reveal},
		{d.Attempt, d.Outcome, d.Snooze, d.Claim, r.Undo, d.History, d.Note},
		{r.Help, r.Cancel, r.Override, r.Board, r.Quit, r.ForceQuit},
	}
}
