package ui

import (
	"fmt"

	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"

	"cuifu/queue"
	"cuifu/queue/words"
)

// statusBar is the line under the panes: the filter being typed, an import's progress, the
// notice at the head of the queue (notices.go), or what the filter shows. It owns the
// filter's input and its keys.
type statusBar struct {
	w      int
	st     *Styles
	lang   queue.Lang
	keys   FilterKeys
	filter textinput.Model
	note   textinput.Model // a note for the selected order's next contact
	bar    progress.Model  // an import's progress

	// What to show, set by the root before View.
	typing    bool // the filter has the keys
	noting    bool // the note has them
	importing string
	pct       float64
	notice    string
	warn      bool
	filtered  bool   // a filter is applied
	quick     string // the quick filter applied, "" for none
	shown     int    // rows they show
}

func newStatusBar(w *words.Words, st *Styles, l queue.Lang, keys FilterKeys) statusBar {
	b := statusBar{st: st, lang: l, keys: keys, filter: textinput.New(),
		bar: progress.New(progress.WithWidth(24), progress.WithoutPercentage())}
	b.filter.Prompt = "/ "
	b.filter.Placeholder = w.FilterPlaceholder
	b.note = textinput.New()
	b.note.Prompt = w.NotePrompt
	b.note.CharLimit = 200
	return b
}

// SetSize sets the line's width.
func (b *statusBar) SetSize(w, _ int) {
	b.w = w
	b.bar.SetWidth(max(10, min(30, w/4)))
	b.filter.SetWidth(max(w-4, 1))
	b.note.SetWidth(max(w-cellWidth(b.note.Prompt)-2, 1))
}

// View renders the line.
func (b *statusBar) View() string {
	w := words.For(b.lang)
	switch {
	case b.typing:
		return fit(b.filter.View(), b.w)
	case b.noting:
		return fit(b.note.View(), b.w)
	case b.importing != "":
		pct := fmt.Sprintf(" %3.0f%%", b.pct*100)
		return fit(b.st.Dim.Render(w.Importing+b.importing+" ")+b.bar.ViewAs(b.pct)+b.st.Dim.Render(pct), b.w)
	case b.notice != "" && b.warn:
		return fit(b.st.Warn.Render(b.notice), b.w)
	case b.notice != "":
		return fit(b.st.OK.Render(b.notice), b.w)
	case b.filtered && b.quick != "":
		return fit(b.st.Dim.Render(words.Format(w.QuickStatus, b.quick, b.shown)+" · "+words.Format(w.FilterStatus, b.filter.Value(), b.shown)), b.w)
	case b.filtered:
		return fit(b.st.Dim.Render(words.Format(w.FilterStatus, b.filter.Value(), b.shown)), b.w)
	case b.quick != "":
		return fit(b.st.Dim.Render(words.Format(w.QuickStatus, b.quick, b.shown)), b.w)
	}
	return fit("", b.w)
}
