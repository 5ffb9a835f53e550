package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/scripts"
)

// detailPane shows the selected order: items, buyer history, contact history, the channel
// and the script to send.
type detailPane struct {
	w, h     int
	st       *Styles
	lang     queue.Lang
	keys     DetailKeys
	histKeys HistoryKeys
	histOff  int // the contact history's first line shown

	// What to show, set by the root before View.
	snap     *queue.Snapshot
	cfg      *queue.Config
	now      time.Time
	row      *queue.Row // nil when nothing is selected
	detail   *data.Detail
	revealed bool
	sugs     []scripts.Suggestion
	alt      int
	history  bool   // the contact history in place of the advice and the script
	note     string // a note typed for the order's next contact
}

// SetSize sets the pane's size.
func (p *detailPane) SetSize(w, h int) { p.w, p.h = w, h }

// View renders the pane.
func (p *detailPane) View() string {
	l, w := p.lang, words.For(p.lang)
	rule := p.st.Rule.Render(strings.Repeat("─", max(p.w, 0)))
	if p.row == nil {
		return block([]string{rule, p.st.Dim.Render(w.NoSelection)}, p.w, p.h)
	}
	o := &p.snap.Orders[p.row.Order]
	b := &p.snap.Buyers[o.Buyer]
	lab := func(s string) string { return p.st.Label.Render(s) }
	val := func(s string) string { return p.st.Value.Render(s) }
	lines := []string{rule}

	phone := queue.MaskPhone(b.Phone)
	if p.detail != nil && p.revealed {
		phone = queue.NormalizePhone(p.detail.Phone)
	}
	if phone == "" {
		phone = w.NoPhone
	}
	receiver := ""
	if p.detail != nil {
		receiver = p.detail.Receiver
	}
	who := val(queue.ShowBuyer(o.Platform, b, receiver, l)) + lab(" · "+phone)
	if receiver != "" && queue.ShownByAccount(b.Nick) {
		who += lab(" · " + queue.Sanitize(receiver)) // the buyer is shown by account: the receiver too
	}
	if order := lab(w.Order) + val(o.ID) + lab(" · "+o.Platform.Label(l)); cellWidth(order+lab(" · ")+who) <= p.w {
		lines = append(lines, order+lab(" · ")+who)
	} else {
		// A narrow pane (side by side) would cut the phone, revealed or not: the buyer,
		// the phone and the receiver go on a line of their own.
		lines = append(lines, order, who)
	}
	if p.history {
		return block(append(lines, p.historyView(p.h-len(lines))...), p.w, p.h)
	}

	items := queue.SafeText(o.Title)
	if p.detail != nil && len(p.detail.Items) > 0 {
		var parts []string
		for _, it := range p.detail.Items {
			parts = append(parts, fmt.Sprintf("%s ×%d", queue.SafeText(it.Title), max(it.Quantity, 1)))
		}
		items = strings.Join(parts, "; ")
	}
	// The info lines between the order and the advice; each says how soon it gives way
	// when the pane is too short for them and the script's first lines.
	var info []infoLine
	info = append(info, infoLine{lab(w.Items) + val(items) + lab(" · ") + val("¥"+o.Amount.Yuan()), dropItems})

	hist := lab(w.Buyer)
	if p.detail != nil {
		hist += val(words.Format(w.BuyerOrders, p.detail.BuyerOrders, p.detail.BuyerPaid))
	} else {
		hist += p.st.Dim.Render(w.DetailLoading)
	}
	if a := p.snap.Operator(o.Agent); a != "" {
		hist += lab(w.ServedBy) + val(queue.Sanitize(a))
	}
	if c := o.Contact; c.ClaimBy >= 0 && int64(c.ClaimUntil) > p.now.Unix() {
		hist += lab(w.ClaimedBy) + val(queue.Sanitize(p.snap.Operator(c.ClaimBy)))
	}
	info = append(info, infoLine{hist, dropBuyer})
	if p.detail != nil && strings.TrimSpace(p.detail.Note) != "" {
		// The buyer's message and the notes the export carries: untrusted text, one line.
		info = append(info, infoLine{lab(w.Note) + val(freeText(p.detail.Note, p.revealed)), dropMessage})
	}

	if p.detail != nil && (len(p.detail.Group) > 0 || o.Flags&queue.FlagDoubleShipping != 0) {
		var parts []string
		for _, g := range p.detail.Group {
			parts = append(parts, queue.Sanitize(g.ID)+" "+queue.SafeText(g.Title)+" ¥"+g.Amount.Yuan())
		}
		// The warning first: the group's titles fill the line and its end is cut.
		var line []string
		if o.Flags&queue.FlagDoubleShipping != 0 && p.detail.Shipping > 0 {
			line = append(line, p.st.Warn.Render(fmt.Sprintf(w.ShippingTwice, p.detail.Shipping.Yuan())))
		}
		if len(parts) > 0 {
			line = append(line, lab(w.DetailGroup)+val(strings.Join(parts, "; ")))
		}
		info = append(info, infoLine{strings.Join(line, lab(" · ")), dropGroup})
	}

	contacts := lab(w.Contacts)
	if p.detail != nil && len(p.detail.History) > 0 {
		var parts []string
		for _, e := range p.detail.History {
			if e.Kind != queue.EventContact || e.RevokedBy != 0 { // an undone contact did not happen
				continue
			}
			parts = append(parts, time.Unix(e.At, 0).In(p.cfg.Location).Format("01-02 15:04")+" "+queue.Sanitize(e.Operator)+" "+e.Channel.Label(l)+" "+e.Result.Label(l))
		}
		if len(parts) > 2 {
			parts = parts[len(parts)-2:]
		}
		if len(parts) == 0 {
			contacts += p.st.Dim.Render(w.NoneYet)
		} else {
			contacts += val(strings.Join(parts, "; "))
		}
	} else {
		contacts += p.st.Dim.Render(w.NoneYet)
	}
	info = append(info, infoLine{contacts, dropContacts})
	if p.note != "" {
		info = append(info, infoLine{lab(w.NotePrompt) + val(freeText(p.note, p.revealed)), dropNever})
	}

	advice := lab(w.Advice) + p.st.Menu.Render(p.row.Channel().Label(l)) + lab(" ("+p.row.Rule().Label(l)+")")
	if p.row.Section() == queue.SectionBlocked {
		advice = lab(w.Blocked) + p.st.Warn.Render(queue.BlockText(p.row.Block(), l))
	}
	var text string
	if len(p.sugs) > 0 {
		s := p.sugs[p.alt%len(p.sugs)]
		advice += lab(fmt.Sprintf(w.ScriptN, p.alt%len(p.sugs)+1, len(p.sugs), s.ID))
		if s.SMSParts > 0 {
			advice += lab(words.Format(w.SMSParts, s.SMSParts, len([]rune(s.Text))))
		}
		text = s.Text
	} else if p.row.Channel() != queue.ChannelNone && p.row.Section() != queue.SectionBlocked {
		advice += p.st.Warn.Render(noScriptWhy(p.row.Channel(), p.cfg, l))
	}
	script := wrapLines(text, p.w, p.h)
	lines = append(lines, keepInfo(info, p.h-len(lines)-1-min(len(script), scriptKept))...)
	lines = append(lines, advice)
	for _, t := range wrapLines(text, p.w, p.h-len(lines)) {
		lines = append(lines, p.st.Script.Render(t))
	}
	return block(lines, p.w, p.h)
}

// scriptKept is how many of the script's first lines a short pane keeps, before its info.
const scriptKept = 2

// How soon an info line of the detail pane gives way in a short pane: the buyer's counts
// first, the typed note never. The order, the advice and the script's first lines stay.
const (
	dropNever = iota
	dropGroup
	dropMessage
	dropItems
	dropContacts
	dropBuyer
)

// infoLine is a line of the detail pane's info and how soon it gives way (drop…).
type infoLine struct {
	text string
	drop int
}

// keepInfo is the info lines that fit in n, in their order: the ones that give way sooner go
// first (the typed note stays, even past n).
func keepInfo(info []infoLine, n int) []string {
	for len(info) > max(n, 0) {
		worst := 0
		for i, l := range info {
			if l.drop > info[worst].drop {
				worst = i
			}
		}
		if info[worst].drop == dropNever {
			break
		}
		info = slices.Delete(info, worst, worst+1)
	}
	out := make([]string, len(info))
	for i, l := range info {
		out[i] = l.text
	}
	return out
}

// touches are the order's contacts, newest first, a line each: time, operator, channel,
// result, script, note, and whose claim it went over. A group touch names its lead in full
// (并入 3515313147329357908) where the pane has room for its words, and by its last digits
// (并入 …9357908), as the order column does, where the pane would cut them: cut from the
// end, the full number keeps only the first digits, which every order of an export shares.
func (p *detailPane) touches() []string {
	if p.detail == nil {
		return nil
	}
	var out []string
	for i := len(p.detail.History) - 1; i >= 0; i-- {
		e := &p.detail.History[i]
		if e.Kind != queue.EventContact {
			continue
		}
		var rest string
		if e.ScriptID != "" {
			rest += " · " + queue.Sanitize(e.ScriptID)
		}
		if note := shownNote(e.Note, p.revealed); note != "" {
			rest += " · " + note
		}
		head := time.Unix(e.At, 0).In(p.cfg.Location).Format("01-02 15:04") + " " + queue.Sanitize(e.Operator) + " "
		ev := EventWords(e, p.lang, p.cfg.Location)
		// A cut line keeps w-1 cells and the cut mark: the event's words must fit in those.
		if cellWidth(head+ev+rest) > p.w && cellWidth(head+ev) >= p.w {
			ev = eventText(e, p.lang, p.cfg.Location, shortOrder)
		}
		out = append(out, head+ev+rest)
	}
	return out
}

// shownNote is an event's note as the history shows it: the marks cuifu keeps in it for
// itself left out (a script's cushion, a group touch's lead, which EventWords names),
// untrusted text on one line, phones and e-mails masked unless revealed.
func shownNote(note string, revealed bool) string {
	return freeText(queue.NoteText(note), revealed)
}

// freeText is untrusted free text (a buyer's message, a note) as the workstation shows it:
// sanitized, on one line, and with every phone and e-mail in it masked until the specialist
// reveals the buyer.
func freeText(s string, revealed bool) string {
	s = strings.Join(strings.Fields(queue.Sanitize(s)), " ")
	if revealed {
		return s
	}
	return queue.MaskText(s)
}

// historyView is the contact history in n lines: a title with the position, then the
// touches from histOff.
func (p *detailPane) historyView(n int) []string {
	w := words.For(p.lang)
	all := p.touches()
	if n <= 0 {
		return nil
	}
	if len(all) == 0 {
		return []string{p.st.Label.Render(w.Contacts) + p.st.Dim.Render(w.NoneYet)}
	}
	off := max(min(p.histOff, len(all)-1), 0)
	lines := []string{p.st.Label.Render(fmt.Sprintf(w.HistoryTitle, off+1, len(all)))}
	for _, t := range all[off:min(len(all), off+n-1)] {
		lines = append(lines, p.st.Value.Render(t))
	}
	return lines
}

// historyKey scrolls the contact history by a key of its own; close is true for the key
// that closes it.
func (p *detailPane) historyKey(msg tea.KeyPressMsg) (close bool) {
	k, page := p.histKeys, max(p.h-3, 1)
	d := 0
	switch {
	case key.Matches(msg, k.Close):
		return true
	case key.Matches(msg, k.Down):
		d = 1
	case key.Matches(msg, k.Up):
		d = -1
	case key.Matches(msg, k.PageDown):
		d = page
	case key.Matches(msg, k.PageUp):
		d = -page
	}
	p.scrollHistory(d)
	return false
}

// scrollHistory moves the contact history's window by d lines, within the touches.
func (p *detailPane) scrollHistory(d int) {
	p.histOff = max(min(p.histOff+d, len(p.touches())-1), 0)
}

// noScriptWhy says why a row on channel ch has no script to copy: an SMS needs the shop's
// registered signature; otherwise no script fits the order with the shop's facts.
func noScriptWhy(ch queue.Channel, cfg *queue.Config, l queue.Lang) string {
	if _, ok := cfg.SMSSignature(); ch == queue.ChannelSMS && !ok {
		return words.For(l).NoSignature
	}
	return words.For(l).NoScript
}
