package queue

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Stage is where a presale (预售) order stands between its deposit (定金) and its balance
// (尾款). An order that is no presale order has StageNone.
type Stage uint8

// The presale stages, as Taobao/Tmall name them (FRONT_NOPAID_FINAL_NOPAID,
// FRONT_PAID_FINAL_NOPAID, FRONT_PAID_FINAL_PAID).
const (
	StageNone          Stage = iota
	StageDepositUnpaid       // 定金未付尾款未付: an ordinary unpaid order
	StageBalanceUnpaid       // 定金已付尾款未付: a balance order, due inside its balance window
	StagePaid                // 定金和尾款都付
)

var stageNames = [...]string{"", "deposit_unpaid", "balance_unpaid", "paid"}

// String returns the stage's stable name ("" for StageNone), as stored in the config.
func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return ""
}

// ParseStage reads a stage name as String writes it.
func ParseStage(s string) (Stage, error) {
	for i, n := range stageNames {
		if n == s && i != 0 {
			return Stage(i), nil
		}
	}
	return StageNone, fmt.Errorf("unknown presale stage %q (want deposit_unpaid, balance_unpaid or paid)", s)
}

// StageKey is the form a stage word is compared in: without spaces and separators
// (，,、;；:：/|) and in upper case, so 定金已付，尾款未付 and front_paid_final_nopaid read as
// 定金已付尾款未付 and FRONT_PAID_FINAL_NOPAID.
func StageKey(word string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("，,、;；:：/|()（）", r) {
			return -1
		}
		return r
	}, word))
}

// PresaleConfig is the [presale] table: how balance orders are chased and the export's
// stage words.
type PresaleConfig struct {
	// Remind is how long before the balance window ends the last reminder is due (6 h).
	Remind Duration `toml:"remind"`
	// Stages adds or overrides the export's stage words (分阶段订单信息): "定金已付尾款未付" =
	// "balance_unpaid". The built-in words cover the platform's step names.
	Stages map[string]string `toml:"stages"`
	stages map[string]Stage
}

// check reads the stage words.
func (p *PresaleConfig) check() error {
	p.stages = nil
	for w, v := range p.Stages {
		st, err := ParseStage(strings.TrimSpace(v))
		if err != nil {
			return configErr("status", "presale.stages", v, w, "deposit_unpaid, balance_unpaid, paid")
		}
		if p.stages == nil {
			p.stages = map[string]Stage{}
		}
		p.stages[StageKey(w)] = st
	}
	return nil
}

// StageWords returns the config's stage words by StageKey (after Resolve), to add to or
// override the importers' built-in ones.
func (c *Config) StageWords() map[string]Stage { return c.Presale.stages }

// balanceSpans returns the sale calendar's balance windows around t, by start.
func (c *Config) balanceSpans(t time.Time) []span {
	var out []span
	for _, s := range c.SalesAround(t) {
		if !s.BalanceEnd.IsZero() {
			out = append(out, span{s.BalanceStart.Unix(), s.BalanceEnd.Unix()})
		}
	}
	slices.SortFunc(out, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	return out
}

// balanceWindowIn returns the balance window of an order placed at created: the first of
// the windows (by start) that ends after it.
func balanceWindowIn(windows []span, created int64) (span, bool) {
	for _, w := range windows {
		if w.to > created {
			return w, true
		}
	}
	return span{}, false
}

// BalanceWindow returns the balance (尾款) window of a balance order, from its sale in the
// calendar, as unix seconds [from, to); false for other orders and for a balance order no
// calendar window covers (it is then chased as an ordinary order).
func (c *Config) BalanceWindow(o *Order) (from, to int64, ok bool) {
	if o.Flags&FlagBalance == 0 {
		return 0, 0, false
	}
	w, ok := balanceWindowIn(c.balanceSpans(time.Unix(o.Created, 0)), o.Created)
	return w.from, w.to, ok
}

// balanceDue returns when a balance order in window w is next due, before the cooldown,
// callbacks and channel windows: at the opening (尾款已开始支付) until it is touched inside the
// window, then remind before the end for the last reminder; after that it is not due again
// before the window closes.
func balanceDue(c *ContactState, w span, remind int64) int64 {
	last := max(w.to-remind, w.from)
	switch {
	case c.LastAt < w.from:
		return w.from
	case c.LastAt < last:
		return last
	}
	return w.to
}

// balanceWave is the round of a balance order: the opening wave until it is touched inside
// the window, then the reminder.
func balanceWave(c *ContactState, w span) Wave {
	if c.LastAt < w.from {
		return WaveFirst
	}
	return WaveRetry
}
