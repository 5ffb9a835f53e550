package queue

import (
	"fmt"
	"strings"
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
			return fmt.Errorf("presale.stages %q: %w", w, err)
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
