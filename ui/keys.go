package ui

import (
	"strconv"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"cuifu/queue"
	"cuifu/queue/words"
)

// KeyMap holds every key of the workstation, grouped by the mode they act in. It feeds the
// help: the bar and the full help show the keys of the mode at hand (For).
type KeyMap struct {
	// Everywhere.
	ForceQuit key.Binding // ctrl+c quits in every mode
	// The list (normal mode).
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Filter, Copy, CopyOrder, CopyBuyer    key.Binding
	NextScript                            key.Binding
	Attempt, Outcome, Snooze, Claim       key.Binding
	Reveal, Undo, Help, Quit, Cancel      key.Binding
	// The attempt menu: one key per result, and tab for the channel.
	AttemptResults []ResultKey
	Channel        key.Binding
	// The outcome menu; P is a promise anyone may call back on.
	OutcomeResults []ResultKey
	// The decline menu: 1… for the reasons, in queue.DeclineReasons order.
	DeclineReasons []key.Binding
	// The snooze menu: 1 an hour, 2 the channel's next open moment, 3 tomorrow same time.
	SnoozeOptions []key.Binding
	// The filter.
	Apply key.Binding
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
	km := KeyMap{
		ForceQuit:  b([]string{"ctrl+c"}, "ctrl+c", w.KeyQuit),
		Up:         b([]string{"k", "up"}, "↑/k", w.KeyUp),
		Down:       b([]string{"j", "down"}, "↓/j", w.KeyDown),
		PageUp:     b([]string{"pgup", "ctrl+b"}, "pgup", w.KeyPageUp),
		PageDown:   b([]string{"pgdown", "ctrl+f", "space"}, "pgdn", w.KeyPageDown),
		Home:       b([]string{"g", "home"}, "g", w.KeyTop),
		End:        b([]string{"G", "end"}, "G", w.KeyBottom),
		Filter:     b([]string{"/"}, "/", w.KeyFilter),
		Copy:       b([]string{"c"}, "c", w.KeyCopy),
		CopyOrder:  b([]string{"y"}, "y", w.KeyCopyOrder),
		CopyBuyer:  b([]string{"Y"}, "Y", w.KeyCopyBuyer),
		NextScript: b([]string{"n", "tab"}, "n/tab", w.KeyNextScript),
		Attempt:    b([]string{"a"}, "a", w.KeyAttempt),
		Outcome:    b([]string{"o"}, "o", w.KeyOutcome),
		Snooze:     b([]string{"z"}, "z", w.KeySnooze),
		Claim:      b([]string{"m"}, "m", w.KeyClaim),
		Reveal:     b([]string{"v"}, "v", w.KeyReveal),
		Undo:       b([]string{"u"}, "u", w.KeyUndo),
		Help:       b([]string{"?"}, "?", w.KeyHelp),
		Quit:       b([]string{"q"}, "q", w.KeyQuit),
		Cancel:     b([]string{"esc"}, "esc", w.KeyCancel),
		Channel:    b([]string{"tab"}, "tab", w.KeyChannel),
		Apply:      b([]string{"enter"}, "enter", w.KeyApply),
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
		},
	}
	for i, help := range []string{w.SnoozeHour, w.SnoozeNextOpen, w.SnoozeTomorrow} {
		n := strconv.Itoa(i + 1)
		km.SnoozeOptions = append(km.SnoozeOptions, b([]string{n}, n, help))
	}
	for i, reason := range queue.DeclineReasons {
		n := strconv.Itoa(i + 1)
		km.DeclineReasons = append(km.DeclineReasons, b([]string{n}, n, queue.ReasonLabel(reason, l)))
	}
	return km
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

// ShortHelp is the help bar.
func (h modeHelp) ShortHelp() []key.Binding {
	k := h.k
	switch h.md {
	case modeAttempt:
		return append(results(k.AttemptResults), k.Channel, k.Cancel)
	case modeOutcome:
		return append(results(k.OutcomeResults), k.Cancel)
	case modeDecline:
		return append(append([]key.Binding{}, k.DeclineReasons...), k.Cancel)
	case modeSnooze:
		return append(append([]key.Binding{}, k.SnoozeOptions...), k.Cancel)
	case modeFilter:
		return []key.Binding{k.Apply, k.Cancel, k.ForceQuit}
	}
	return []key.Binding{k.Down, k.Copy, k.Attempt, k.Outcome, k.Snooze, k.Filter, k.Help, k.Quit}
}

// FullHelp is the help shown with ?: every key of the mode.
func (h modeHelp) FullHelp() [][]key.Binding {
	k := h.k
	if h.md != modeNormal {
		return [][]key.Binding{h.ShortHelp(), {k.ForceQuit}}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Filter, k.Copy, k.NextScript, k.CopyOrder, k.CopyBuyer, k.Reveal},
		{k.Attempt, k.Outcome, k.Snooze, k.Claim, k.Undo},
		{k.Help, k.Cancel, k.Quit, k.ForceQuit},
	}
}
