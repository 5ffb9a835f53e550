package ui

import (
	"fmt"
	"strings"
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
	counts := make([]string, len(w.Counts))
	for i, n := range []int{h.due, h.upcoming, h.blocked} {
		counts[i] = fmt.Sprintf(w.Counts[i], n)
	}
	yuan := "¥" + h.tally.RecoveredFen.Yuan()
	tally := fmt.Sprintf(w.Tally, h.tally.Contacts, h.tally.Recovered, yuan, rate)
	short := words.Format(w.TallyShort, h.tally.Contacts, h.tally.Recovered, yuan, rate)
	lift := ""
	if lf := h.tally.Lift; lf != nil { // the shop keeps a holdout: what the day's touches add
		lift = w.NotEnoughData
		if lf.Lift != nil {
			lift = fmt.Sprintf("%+.1fpp", *lf.Lift*100)
		}
		lift = w.Lift + lift
	}
	second := h.second(counts, tally, short, lift)
	return block([]string{first, second}, h.w, 2)
}

// second is the header's second line that fits its width: the queue's counts and the day's
// tally. Where it is too wide, the parts a specialist needs least give way first, so the
// success rate at its end is not cut: the blocked count, the upcoming one, the holdout's
// lift, then the due count. A tally wider than the screen by itself (a busy day at 60
// columns) takes its shorter words, short; only a short one still too wide is cut.
func (h *header) second(counts []string, tally, short, lift string) string {
	render := func(counts []string, tally, lift string) string {
		s := h.st.Value.Render(tally + lift)
		if len(counts) > 0 {
			s = h.st.Due.Render(strings.Join(counts, " · ")) + h.st.HeaderDim.Render(" │ ") + s
		}
		return s
	}
	tries := []struct {
		counts      int
		tally, lift string
	}{{3, tally, lift}, {2, tally, lift}, {1, tally, lift}, {1, tally, ""}, {0, tally, ""}, {0, short, ""}}
	var s string
	for _, t := range tries {
		if s = render(counts[:min(t.counts, len(counts))], t.tally, t.lift); cellWidth(s) <= h.w {
			break
		}
	}
	return s
}
