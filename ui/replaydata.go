package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cuifu/queue"
	"cuifu/queue/words"
)

// ReplayData is a replayed stretch of the shift log, with its audit flags and numbers. It
// is computed once, before the replay starts.
type ReplayData struct {
	History  *queue.History
	Config   *queue.Config
	From, To int64
	Operator string       // "" = everyone
	Shown    []int        // indexes into History.Events of the events replayed, in time order
	Flags    []queue.Flag // by event index
	Skipped  []queue.OrderKey
	Stats    []queue.OperatorStats // every specialist's, of the whole day
	Scripts  []queue.ReportRow     // the day's results per script, of Operator's touches
	// Operators are everyone with an event that day, whatever it was (a reveal or a claim
	// is looked at too), in name order, after "" (everyone): what o goes through.
	Operators []string
	scriptsBy map[string][]queue.ReportRow // Scripts for each of Operators
}

// NewReplayData audits the events of [from, to), optionally of one operator only. Sums of
// money that do not fit fail it.
func NewReplayData(h *queue.History, cfg *queue.Config, from, to int64, operator string) (*ReplayData, error) {
	r := &ReplayData{History: h, Config: cfg, From: from, To: to, Operator: operator}
	r.Flags, r.Skipped = h.Audit(cfg)
	var ops []string
	for i := range h.Events {
		if e := &h.Events[i]; e.At >= from && e.At < to && e.Operator != "" {
			ops = append(ops, e.Operator)
		}
	}
	slices.Sort(ops)
	r.Operators = append([]string{""}, slices.Compact(ops)...)
	stats, err := h.Stats(from, to, cfg.Payroll.LookBack.Seconds())
	if err != nil {
		return nil, err
	}
	r.Stats = stats // everyone's: the replay shows the chosen one's, and o chooses another
	// Every specialist's script results, as their numbers: o shows the chosen one's at once,
	// with no reading in Update.
	if r.scriptsBy, err = h.ScriptResultsOf(cfg, from, to, append(slices.Clip(r.Operators), operator)); err != nil {
		return nil, err
	}
	r.filter(operator)
	return r, nil
}

// filter picks the events shown, those in range and of the operator ("" = all), and the
// script results of their touches.
func (r *ReplayData) filter(operator string) {
	r.Operator = operator
	r.Scripts = r.scriptsBy[operator]
	r.Shown = r.Shown[:0]
	for i := range r.History.Events {
		e := &r.History.Events[i]
		if e.At >= r.From && e.At < r.To && (operator == "" || e.Operator == operator) {
			r.Shown = append(r.Shown, i)
		}
	}
	// The log is in the order events were committed; show them in time order.
	evs := r.History.Events
	for i := 1; i < len(r.Shown); i++ {
		for j := i; j > 0 && evs[r.Shown[j]].At < evs[r.Shown[j-1]].At; j-- {
			r.Shown[j], r.Shown[j-1] = r.Shown[j-1], r.Shown[j]
		}
	}
}

// EventWords says what an event was: "IM 已发送", "认领", "稍后至 11-12 18:00" (in the shop's
// zone, loc), then whose claim it went over when it was forced, "(越过阿杰的认领)", and
// "(已撤销)" after one that was revoked. A group touch names its lead in full ("并入
// 3515313147329357908"), as a printed replay keeps it (its columns are padded, never cut)
// and an order's history does where its pane has room for the words.
func EventWords(e *queue.Event, l queue.Lang, loc *time.Location) string {
	return eventText(e, l, loc, queue.Sanitize)
}

// eventText is EventWords with the lead of a group touch or follow written by name, given
// the raw order number: the replay's timeline, in a narrow column, writes its last digits
// (并入 …9357908), as its order column does.
func eventText(e *queue.Event, l queue.Lang, loc *time.Location, name func(id string) string) string {
	w := words.For(l)
	s := eventWords(e, l, loc, name) + overrode(*e, w)
	if e.RevokedBy != 0 {
		return s + w.EvRevoked
	}
	return s
}

// followWords names the order a snooze, claim or release was logged on when e is its
// follow on another of the buyer's orders (queue.GroupFollow), as a group touch does.
func followWords(e *queue.Event, w *words.Words, name func(id string) string) string {
	if lead := queue.FollowLead(e); lead != "" {
		return " " + fmt.Sprintf(w.GroupedIn, name(lead))
	}
	return ""
}

func eventWords(e *queue.Event, l queue.Lang, loc *time.Location, name func(id string) string) string {
	w := words.For(l)
	switch e.Kind {
	case queue.EventRevoke:
		return w.EvRevoke + strconv.FormatInt(e.Revokes, 10) + reasonWords(e.Reason, l)
	case queue.EventContact:
		s := e.Channel.Label(l) + " " + e.Result.Label(l) + reasonWords(e.Reason, l)
		if lead := queue.GroupLead(e); lead != "" {
			s += " " + fmt.Sprintf(w.GroupedIn, name(lead))
		}
		return s
	case queue.EventClaim:
		return w.EvClaim + followWords(e, w, name)
	case queue.EventRelease:
		return w.EvRelease + followWords(e, w, name)
	case queue.EventSnooze:
		if e.Until > 0 { // until when: a supervisor sees a snooze past the close
			return strings.TrimSpace(w.SnoozedUntil) + " " + time.Unix(e.Until, 0).In(loc).Format("01-02 15:04") + followWords(e, w, name)
		}
		return w.EvSnooze + followWords(e, w, name)
	case queue.EventReveal:
		return w.EvReveal
	case queue.EventImport:
		return w.EvImport
	case queue.EventBlock:
		return w.EvBlacklist + reasonWords(e.Reason, l)
	case queue.EventUnblock:
		return w.EvUnblacklist + reasonWords(e.Reason, l)
	case queue.EventHoldout:
		share := e.Reason
		if v, err := strconv.ParseFloat(e.Reason, 64); err == nil {
			share = strconv.FormatFloat(v*100, 'f', -1, 64) + "%"
		}
		return w.EvHoldout + share
	}
	return string(e.Kind)
}

// reasonWords is an event's reason in brackets, "(恶意拍单)", or "" for none: a known code
// in the user's words, the free text a block or a revoke was given made safe to show.
func reasonWords(reason string, l queue.Lang) string {
	if reason == "" {
		return ""
	}
	return fmt.Sprintf(words.For(l).EvReason, queue.SafeText(queue.ReasonLabel(reason, l)))
}

// StatsLine is one specialist's numbers in a line.
func StatsLine(st queue.OperatorStats, l queue.Lang) string {
	median := "-"
	if st.FirstTouches > 0 {
		median = queue.Minutes(st.MedianFirstTouch, l)
	}
	return words.Format(words.For(l).StatsLine,
		queue.Sanitize(st.Operator), st.Contacts, st.OrdersContacted, st.Recovered, st.SuccessRate()*100, st.RecoveredAmount.Yuan(), median)
}

// ScriptLine is one script's results of the day in a line.
func ScriptLine(r queue.ReportRow, l queue.Lang) string {
	w := words.For(l)
	rate := w.NotEnoughData
	if r.Rate != nil {
		rate = fmt.Sprintf("%.1f%%", *r.Rate*100)
	}
	median := "-"
	if r.MedianToPay != nil {
		median = queue.Minutes(*r.MedianToPay, l)
	}
	return words.Format(w.ScriptLine,
		queue.Sanitize(r.Group), r.Touched, r.Recovered, rate, r.RecoveredAmount.Yuan(), median)
}
