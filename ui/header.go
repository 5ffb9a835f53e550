package ui

import (
	"fmt"
	"time"

	"cuifu/data"
	"cuifu/queue"
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
	l := h.lang
	clock := h.now.In(h.cfg.Location).Format("01-02 15:04:05")
	ph, sale := h.cfg.SalePhaseAt(h.now)
	phase := ph.Label(l)
	if sale.Name != "" {
		phase = sale.Name + " " + phase
	}
	if h.cfg.Quiet(h.now) {
		phase += " · " + tr(l, "免打扰时段", "quiet hours")
	}
	first := h.st.Title.Render(tr(l, "催付工作台", "cuifu")) + h.st.HeaderDim.Render(" · ") +
		h.st.Header.Render(h.operator) + h.st.HeaderDim.Render(" · "+clock+" · ") + h.st.Header.Render(phase)
	rate := 0
	if h.tally.OrdersContacted > 0 {
		rate = h.tally.Recovered * 100 / h.tally.OrdersContacted
	}
	counts := fmt.Sprintf(tr(l, "待催 %d · 稍后 %d · 暂停 %d", "due %d · upcoming %d · blocked %d"), h.due, h.upcoming, h.blocked)
	tally := fmt.Sprintf(tr(l, "今日 联系 %d · 挽回 %d · %s · 成功率 %d%%", "today: contacts %d · recovered %d · %s · rate %d%%"),
		h.tally.Contacts, h.tally.Recovered, "¥"+h.tally.RecoveredFen.Yuan(), rate)
	if lf := h.tally.Lift; lf != nil { // the shop keeps a holdout: what the day's touches add
		lift := tr(l, "数据不足", "not enough data")
		if lf.Lift != nil {
			lift = fmt.Sprintf("%+.1fpp", *lf.Lift*100)
		}
		tally += tr(l, " · 对照提升 ", " · lift ") + lift
	}
	second := h.st.Due.Render(counts) + h.st.HeaderDim.Render(" │ ") + h.st.Value.Render(tally)
	return block([]string{first, second}, h.w, 2)
}
