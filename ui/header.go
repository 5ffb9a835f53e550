package ui

import (
	"fmt"
	"time"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// header shows who is working, the shop's clock and phase, the queue's sections and the
// day's tally.
type header struct {
	w    int
	st   *Styles
	lang queue.Lang

	operator               string
	now                    time.Time
	cfg                    *queue.Config
	due, upcoming, blocked int
	tally                  data.Tally
}

// SetSize sets the header's width (it is two lines high).
func (h *header) SetSize(w, _ int) { h.w = w }

// View renders the header.
func (h *header) View() string {
	l, w := h.lang, words.For(h.lang)
	clock := h.now.In(h.cfg.Location).Format("01-02 15:04:05")
	ph, sale := h.cfg.SalePhaseAt(h.now)
	phase := ph.Label(l)
	if n := sale.Label(l); n != "" {
		phase = n + " " + phase
	}
	if h.cfg.Quiet(h.now) {
		phase += w.QuietHours
	}
	first := h.st.Title.Render(w.AppTitle) + h.st.HeaderDim.Render(" · ") +
		h.st.Header.Render(queue.Sanitize(h.operator)) + h.st.HeaderDim.Render(" · "+clock+" · ") + h.st.Header.Render(phase)
	rate := 0.0 // to a tenth of a percent, as the replay and the payroll say it
	if h.tally.OrdersContacted > 0 {
		rate = float64(h.tally.Recovered) * 100 / float64(h.tally.OrdersContacted)
	}
	counts := fmt.Sprintf(w.Counts, h.due, h.upcoming, h.blocked)
	tally := fmt.Sprintf(w.Tally,
		h.tally.Contacts, h.tally.Recovered, "¥"+h.tally.RecoveredFen.Yuan(), rate)
	if lf := h.tally.Lift; lf != nil { // the shop keeps a holdout: what the day's touches add
		lift := w.NotEnoughData
		if lf.Lift != nil {
			lift = fmt.Sprintf("%+.1fpp", *lf.Lift*100)
		}
		tally += w.Lift + lift
	}
	second := h.st.Due.Render(counts) + h.st.HeaderDim.Render(" │ ") + h.st.Value.Render(tally)
	return block([]string{first, second}, h.w, 2)
}
