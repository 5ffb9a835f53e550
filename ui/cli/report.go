package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// ReportOptions are the `cuifu report` flags.
type ReportOptions struct {
	From, To string // shop-local days, YYYY-MM-DD, both included; "" = today
	By       queue.ReportBy
	Format   string // table, csv or json
}

// ReportJSON is one group of `cuifu report --format json`. A null is a number the data
// cannot give: no holdout to compare with, or fewer orders than [report] min_orders.
type ReportJSON struct {
	Group              string   `json:"group"`
	Touched            int      `json:"touched"`
	Contacts           int      `json:"contacts"`
	Recovered          int      `json:"recovered"`
	Rate               *float64 `json:"rate"`
	RecoveredAmount    string   `json:"recovered_amount"`
	MedianSecondsToPay *int64   `json:"median_seconds_to_pay"`
	SMS                int      `json:"sms"`
	SMSCost            string   `json:"sms_cost"`
	Compared           int      `json:"compared"`
	HoldoutOrders      int      `json:"holdout_orders"`
	HoldoutPaid        int      `json:"holdout_paid"`
	HoldoutRate        *float64 `json:"holdout_rate"`
	Lift               *float64 `json:"lift"`
	LiftLow            *float64 `json:"lift_low"`
	LiftHigh           *float64 `json:"lift_high"`
	ExtraPerTouch      *string  `json:"extra_per_touch"`
}

// Report prints recovery and lift against the holdout, by group.
func Report(ctx context.Context, env *Env, o ReportOptions) error {
	from, to, err := dayRange(&env.Config, env.Lang, env.Clock.Now(), o.From, o.To, fromTo)
	if err != nil {
		return err
	}
	rows, err := env.Store.Report(ctx, &env.Config, o.By, from, to)
	if err != nil {
		return err
	}
	switch o.Format {
	case "json":
		out := make([]ReportJSON, len(rows))
		for i, r := range rows {
			out[i] = reportJSON(r)
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "csv":
		return data.WriteExcelCSV(env.Stdout, reportHeader(env.Lang, true), reportCells(rows, o.By, env.Lang, true))
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(env.Stdout, words.For(env.Lang).CLINoContacts)
		return err
	}
	return writeAligned(env.Stdout, append([][]string{reportHeader(env.Lang, false)}, reportCells(rows, o.By, env.Lang, false)...))
}

func reportJSON(r queue.ReportRow) ReportJSON {
	j := ReportJSON{Group: r.Group, Touched: r.Touched, Contacts: r.Contacts, Recovered: r.Recovered, Rate: r.Rate,
		RecoveredAmount: r.RecoveredAmount.Yuan(), MedianSecondsToPay: r.MedianToPay, SMS: r.SMS, SMSCost: r.SMSCost.Yuan(),
		HoldoutRate: r.HoldoutRate, Lift: r.Lift, LiftLow: r.LiftLow, LiftHigh: r.LiftHigh}
	if r.Lift != nil {
		j.Compared, j.HoldoutOrders, j.HoldoutPaid = r.Compared, r.Held, r.SelfPaid
	}
	if r.ExtraPerTouch != nil {
		y := r.ExtraPerTouch.Yuan()
		j.ExtraPerTouch = &y
	}
	return j
}

// reportHeader names the columns. The CSV gives the lift and its interval as three plain
// numbers in percentage points, and amounts without ¥, so Excel reads them as numbers.
func reportHeader(l queue.Lang, csv bool) []string {
	w := words.For(l)
	tail := w.CLIReportLift
	if csv {
		tail = w.CLIReportCSVLift
	}
	return append(slices.Clone(w.CLIReportHead), tail...)
}

// reportCells writes each group's name and numbers as text, in the language l, with "not
// enough data" where a number cannot be given (no holdout to compare with, or too few
// orders).
func reportCells(rows []queue.ReportRow, by queue.ReportBy, l queue.Lang, csv bool) [][]string {
	w := words.For(l)
	thin := w.NotEnoughData
	yuan := func(f queue.Fen) string {
		if csv {
			return f.Yuan()
		}
		return "¥" + f.Yuan()
	}
	out := make([][]string, 0, len(rows))
	for _, r := range rows {
		rate, med, hold, extra := thin, "-", thin, thin
		lift := []string{thin, thin}
		if csv {
			lift = []string{thin, thin, thin}
		}
		if r.Rate != nil {
			rate = percent(*r.Rate)
		}
		if r.MedianToPay != nil {
			med = queue.Minutes(*r.MedianToPay, l)
		}
		if r.Lift != nil {
			hold = percent(*r.HoldoutRate)
			lift = []string{points(w, *r.Lift), points(w, *r.LiftLow) + " ~ " + points(w, *r.LiftHigh)}
			if csv {
				lift = []string{pp(*r.Lift), pp(*r.LiftLow), pp(*r.LiftHigh)}
			}
		}
		if r.ExtraPerTouch != nil {
			extra = yuan(*r.ExtraPerTouch)
		}
		row := []string{groupName(w, by, r.Group), strconv.Itoa(r.Touched), strconv.Itoa(r.Contacts), strconv.Itoa(r.Recovered), rate,
			yuan(r.RecoveredAmount), med, strconv.Itoa(r.SMS), yuan(r.SMSCost), hold}
		out = append(out, append(append(row, lift...), extra))
	}
	return out
}

// percent writes a rate with one decimal: 0.4167 → "41.7%".
func percent(r float64) string { return strconv.FormatFloat(r*100, 'f', 1, 64) + "%" }

// pp writes a difference of rates in percentage points: 0.083 → "8.3".
func pp(d float64) string { return strconv.FormatFloat(d*100, 'f', 1, 64) }

// points writes a difference of rates in percentage points with its sign: 0.083 → "+8.3pp".
func points(w *words.Words, d float64) string { return fmt.Sprintf(w.CLIPoints, d*100) }

// groupName says a report group in words: a channel, phase or segment by its name in the
// language; a script id, an operator or an hour as it is (an operator's name escaped, so
// it cannot forge a line of the table).
func groupName(w *words.Words, by queue.ReportBy, g string) string {
	switch by {
	case queue.ByChannel:
		if c, err := queue.ParseChannel(g); err == nil {
			return w.Channel[c]
		}
	case queue.ByPhase:
		if p, ok := queue.ParsePhase(g); ok {
			return w.Phase[p]
		}
	case queue.BySegment:
		band, kind, _ := strings.Cut(g, "/")
		if b, ok := w.ReportSegment[band]; ok {
			if k, ok := w.ReportSegment[kind]; ok {
				return b + "/" + k
			}
		}
	}
	return queue.Sanitize(g)
}
