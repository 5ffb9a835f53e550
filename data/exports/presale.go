package exports

import (
	"regexp"
	"strings"

	"cuifu/queue"
)

// DefaultStageWords returns the built-in presale stage words by queue.StageKey: the step
// names Taobao/Tmall give (定金未付尾款未付, 定金已付尾款未付, 定金和尾款都付 and their API names
// FRONT_NOPAID_FINAL_NOPAID, FRONT_PAID_FINAL_NOPAID, FRONT_PAID_FINAL_PAID) and their
// obvious variants. The export's exact words are not documented: the config's
// [presale.stages] adds or overrides words, and any other word is a row error.
func DefaultStageWords() map[string]queue.Stage {
	const d, b, p = queue.StageDepositUnpaid, queue.StageBalanceUnpaid, queue.StagePaid
	words := map[string]queue.Stage{
		"定金未付尾款未付": d, "定金未付": d, "未付定金": d, "待付定金": d, "等待付定金": d, "FRONT_NOPAID_FINAL_NOPAID": d,
		"定金已付尾款未付": b, "已付定金未付尾款": b, "已付定金待付尾款": b, "定金已付待付尾款": b, "尾款未付": b, "待付尾款": b,
		"等待付尾款": b, "FRONT_PAID_FINAL_NOPAID": b,
		"定金和尾款都付": p, "定金和尾款都已付": p, "定金尾款都付": p, "定金尾款都已付": p, "定金已付尾款已付": p,
		"尾款已付": p, "已付尾款": p, "FRONT_PAID_FINAL_PAID": p,
	}
	out := make(map[string]queue.Stage, len(words))
	for w, s := range words {
		out[queue.StageKey(w)] = s
	}
	return out
}

// stageAmount finds an amount the stage cell names: 定金:100.00 or 尾款￥400 (with or without
// a colon, a yuan sign or 元).
var stageAmount = regexp.MustCompile(`(定金|订金|尾款)\s*[:：]?\s*[¥￥]?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*元?`)

// presale reads a presale order's stage, deposit and balance: the stage word of
// 分阶段订单信息 (amounts it names are read and set aside), the deposit paid (the cell's 定金,
// else what the buyer paid) and, for a balance order, the balance due (the cell's 尾款, else
// the total less the deposit), which becomes the order's amount. It returns a row error for
// an unknown stage word.
func (m *mapper) presale(r *Record, c *cells) *problem {
	cell := c.str(fStage)
	if ref := nonEmpty(c.str(fDepositID), c.str(fDepositRank)); len(ref) > 0 {
		r.Note = strings.Join(nonEmpty(r.Note, "预售 "+strings.Join(ref, " ")), " / ")
	}
	if cell == "" {
		return nil
	}
	var deposit, balance queue.Fen = -1, -1
	for _, sm := range stageAmount.FindAllStringSubmatch(cell, -1) {
		v, err := queue.ParseYuan(sm[2])
		if err != nil || v < 0 || v > min(m.maxAmount, queue.DefaultMaxOrder) {
			return bad(CodeStageAmount, m.names[fStage][0], quote(sm[0]))
		}
		if sm[1] == "尾款" {
			balance = v
		} else {
			deposit = v
		}
	}
	word := stageAmount.ReplaceAllString(cell, "")
	st, ok := m.stages[queue.StageKey(word)]
	if !ok {
		return bad(CodeUnknownStage, quote(word), m.names[fStage][0])
	}
	r.Stage = st
	switch st {
	case queue.StageBalanceUnpaid:
		if deposit < 0 {
			deposit = c.fen(fAmount) // what the buyer paid so far
		}
		if balance < 0 {
			balance = max(c.fen(fAmount2)-deposit, 0)
		}
		r.Deposit, r.Amount = deposit, balance
		if r.Status == queue.StatusPaid {
			r.Status, r.PaidAt = queue.StatusUnpaid, 0 // the deposit's payment is not the order's
		}
	case queue.StagePaid:
		if deposit > 0 {
			r.Deposit = deposit
		}
		if r.Status == queue.StatusUnpaid {
			r.Status = queue.StatusPaid // the payment time stays the export's, if it gave one
		}
	}
	return nil
}
