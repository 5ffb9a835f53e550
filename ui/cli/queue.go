package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
	"cuifu/scripts"
	"cuifu/ui"
)

// QueueOptions are the `cuifu queue` flags.
type QueueOptions struct {
	Limit  int    // at most this many rows; 0 = all
	Format string // table, csv or json
}

// QueueRow is one row of `cuifu queue`, with the field names the spec fixes for JSON.
type QueueRow struct {
	Rank      int    `json:"rank"`
	OrderID   string `json:"order_id"`
	Platform  string `json:"platform"`
	Buyer     string `json:"buyer"`
	Amount    string `json:"amount"`
	CreatedAt string `json:"created_at"`
	Deadline  string `json:"deadline"`
	Status    string `json:"status"`
	Channel   string `json:"channel"`
	Why       string `json:"why"`
	NextAt    string `json:"next_at,omitempty"`
	Lead      string `json:"lead,omitempty"` // for a grouped order: the order that stands for its buyer
	Title     string `json:"title"`
	Agent     string `json:"agent,omitempty"`
	Touches   int    `json:"touches"`
	// Message is the suggested script rendered for the order, what the workstation's c
	// copies; "" when there is none (a blocked order, an SMS with no script of its kind).
	// Only the JSON format carries it.
	Message string `json:"message"`
	// Script is the id of the suggested script, whose rendering Message is.
	Script string `json:"script,omitempty"`
	// SMSKind is notification or marketing, on SMS rows.
	SMSKind string `json:"sms_kind,omitempty"`
	// Stage is "balance" on a presale order whose deposit is paid; Amount is then the
	// balance due and Deposit the deposit already paid (yuan).
	Stage   string `json:"stage,omitempty"`
	Deposit string `json:"deposit,omitempty"`
	// DoubleShipping is the shipping (yuan) an order charges again minutes after another
	// of the buyer's did, on a row flagged for it; Why says it too.
	DoubleShipping string `json:"double_shipping,omitempty"`
}

// Queue prints the ranked queue as of now.
func Queue(ctx context.Context, env *Env, o QueueOptions) error {
	snap, err := env.Store.Snapshot(ctx, &env.Config)
	if err != nil {
		return err
	}
	now := env.Clock.Now()
	var r queue.Ranker
	rows := r.Rank(queue.Input{Snap: snap, Config: &env.Config, Now: now, Me: snap.OperatorIndex(env.Operator)})
	all := rows // a lead's group stands under it, perhaps past the limit
	if o.Limit > 0 && len(rows) > o.Limit {
		rows = rows[:o.Limit]
	}
	out := make([]QueueRow, len(rows))
	var twice []queue.OrderKey // the rows charging shipping again
	for i, row := range rows {
		out[i] = MakeQueueRow(i+1, row, snap, &env.Config, now, env.Lang)
		out[i].Why = queue.ExplainIn(all, i, snap, &env.Config, now, env.Lang)
		if lead := row.Lead(); lead >= 0 {
			out[i].Lead = queue.Sanitize(snap.Orders[lead].ID)
		}
		if row.Why&queue.WhyDoubleShipping != 0 {
			twice = append(twice, snap.Orders[row.Order].Key())
		}
	}
	if err := addShipping(ctx, env, out, rows, snap, twice); err != nil {
		return err
	}
	if o.Format != "json" && o.Format != "csv" {
		return writeTable(env.Stdout, out, env.Lang)
	}
	// The JSON and the CSV name the suggested script; the JSON carries its words too.
	lib, err := loadScripts(env)
	if err != nil {
		return err
	}
	for i := range rows {
		if out[i].Message, out[i].Script, err = message(ctx, env, lib, all, i, snap, now); err != nil {
			return err
		}
	}
	if o.Format == "csv" {
		return writeCSV(env.Stdout, out)
	}
	return writeJSON(env.Stdout, out)
}

// addShipping says on each row flagged for double-charged shipping how much it charges
// again, from the store (the ranked queue keeps only the flag).
func addShipping(ctx context.Context, env *Env, out []QueueRow, rows []queue.Row, snap *queue.Snapshot, twice []queue.OrderKey) error {
	if len(twice) == 0 {
		return nil
	}
	fen, err := env.Store.Shipping(ctx, twice)
	if err != nil {
		return err
	}
	for i, row := range rows {
		if f, ok := fen[snap.Orders[row.Order].Key()]; ok && row.Why&queue.WhyDoubleShipping != 0 {
			out[i].DoubleShipping = f.Yuan()
			out[i].Why = queue.WithShipping(out[i].Why, f, env.Lang)
		}
	}
	return nil
}

// message renders the script the workstation suggests first for the row. The order's detail
// is read only where the words need it: the receiver's name for a call, the reason of a
// decline for a follow-up.
func message(ctx context.Context, env *Env, lib *scripts.Library, rows []queue.Row, i int, snap *queue.Snapshot, now time.Time) (text, id string, err error) {
	row := &rows[i]
	if row.Channel() == queue.ChannelNone {
		return "", "", nil
	}
	o := &snap.Orders[row.Order]
	var d *data.Detail
	if row.Channel() == queue.ChannelPhone || o.Contact.LastResult == queue.ResultDeclined {
		det, err := env.Store.Detail(ctx, o.Key())
		if err != nil {
			return "", "", err
		}
		d = &det
	}
	receiver := ""
	if d != nil {
		receiver = d.Receiver
	}
	sg := lib.Suggest(ui.ScriptRequest(rows, i, snap, &env.Config, now, env.Lang, receiver, ui.DeclineReason(o, d)))
	if len(sg) == 0 {
		return "", "", nil
	}
	return sg[0].Text, queue.Sanitize(sg[0].ID), nil // the id is the shop's scripts file's text
}

// MakeQueueRow turns a ranked row into its printed form.
func MakeQueueRow(rank int, row queue.Row, snap *queue.Snapshot, cfg *queue.Config, now time.Time, l queue.Lang) QueueRow {
	o := &snap.Orders[row.Order]
	b := &snap.Buyers[o.Buyer]
	loc := cfg.Location
	q := QueueRow{
		Rank:      rank,
		OrderID:   queue.Sanitize(o.ID),
		Platform:  o.Platform.String(),
		Buyer:     queue.ShowBuyer(o.Platform, b, "", l),
		Amount:    o.Amount.Yuan(),
		CreatedAt: time.Unix(o.Created, 0).In(loc).Format(time.RFC3339),
		Deadline:  time.Unix(cfg.Deadline(o), 0).In(loc).Format(time.RFC3339),
		Status:    row.Section().String(),
		Channel:   row.Channel().String(),
		Why:       queue.ExplainRow(row, snap, cfg, now, l),
		Title:     queue.SafeText(o.Title),
		Agent:     queue.Sanitize(snap.Operator(o.Agent)),
		Touches:   int(o.Contact.Touches),
	}
	if row.Channel() == queue.ChannelSMS {
		q.SMSKind = row.SMSKind().String()
	}
	if o.Flags&queue.FlagBalance != 0 {
		q.Stage = "balance"
		q.Deposit = queue.Fen(o.Deposit).Yuan()
	}
	if row.Section() == queue.SectionUpcoming {
		q.NextAt = time.Unix(row.NextAt(), 0).In(loc).Format(time.RFC3339)
	}
	return q
}

func writeJSON(w io.Writer, rows []QueueRow) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rows)
}

// csvHeader names the CSV's columns as the JSON names its fields: every field but the
// message, whose lines are the JSON's to carry. Columns are only ever added at the end, so
// a sheet reading them by position keeps working.
var csvHeader = []string{"rank", "order_id", "platform", "buyer", "amount", "created_at", "deadline", "status", "channel", "why", "next_at", "title", "agent", "touches",
	"lead", "script", "sms_kind", "stage", "deposit", "double_shipping"}

func writeCSV(w io.Writer, rows []QueueRow) error {
	recs := make([][]string, len(rows))
	for i, r := range rows {
		recs[i] = []string{strconv.Itoa(r.Rank), r.OrderID, r.Platform, r.Buyer, r.Amount, r.CreatedAt, r.Deadline,
			r.Status, r.Channel, r.Why, r.NextAt, r.Title, r.Agent, strconv.Itoa(r.Touches),
			r.Lead, r.Script, r.SMSKind, r.Stage, r.Deposit, r.DoubleShipping}
	}
	// As every CSV export: a BOM so Excel and WPS show the Chinese, cells neutralised.
	return data.WriteExcelCSV(w, csvHeader, recs)
}

func writeTable(w io.Writer, rows []QueueRow, l queue.Lang) error {
	head := words.For(l).CLIQueueHead
	cells := make([][]string, 0, len(rows)+1)
	cells = append(cells, head)
	for _, r := range rows {
		status := rowSection(r).Label(l)
		if r.NextAt != "" {
			if t, err := time.Parse(time.RFC3339, r.NextAt); err == nil {
				status += " " + t.Format("01-02 15:04")
			}
		}
		cells = append(cells, []string{strconv.Itoa(r.Rank), status, r.OrderID, r.Buyer, "¥" + r.Amount, rowChannel(r).Label(l), r.Why})
	}
	if err := writeAligned(w, cells); err != nil {
		return err
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, words.For(l).CLIQueueEmpty)
		return err
	}
	return nil
}

// writeAligned writes rows of cells in columns, two spaces apart, measuring CJK text by
// its width on the terminal.
func writeAligned(w io.Writer, cells [][]string) error {
	widths := make([]int, len(cells[0]))
	for _, row := range cells {
		for i, c := range row {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, row := range cells {
		b.Reset()
		for i, c := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)))
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

func rowSection(r QueueRow) queue.Section {
	for _, s := range []queue.Section{queue.SectionDue, queue.SectionUpcoming, queue.SectionBlocked, queue.SectionGrouped} {
		if s.String() == r.Status {
			return s
		}
	}
	return queue.SectionBlocked
}

func rowChannel(r QueueRow) queue.Channel {
	ch, err := queue.ParseChannel(r.Channel)
	if err != nil {
		return queue.ChannelNone
	}
	return ch
}
