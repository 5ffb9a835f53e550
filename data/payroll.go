package data

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"cuifu/queue"
)

// utf8BOM makes Excel and WPS read the file as UTF-8, so the Chinese shows.
const utf8BOM = "\ufeff"

// WritePayroll writes the payroll CSV under header (the ten columns' names, in the user's
// language): one row per specialist per day, amounts in yuan, the success rate as a
// percentage (the day's recoveries over its orders contacted, a recovery counting on the
// day of the contact that earned it: queue.Stats), and each bonus with its arithmetic (in l:
// a bonus below zero says why). Every cell is neutralised against
// formula injection: operator names are user input.
func WritePayroll(w io.Writer, header []string, rows []queue.DayStats, rule queue.PayrollConfig, l queue.Lang) error {
	recs := make([][]string, 0, len(rows))
	for _, d := range rows {
		bonus, formula, err := rule.Bonus(d, l)
		if err != nil {
			return err
		}
		recs = append(recs, []string{
			d.Day, d.Operator, strconv.Itoa(d.OrdersContacted), strconv.Itoa(d.Contacts), strconv.Itoa(d.Recovered),
			Percent(d.Recovered, d.OrdersContacted), d.RecoveredAmount.Yuan(), strconv.Itoa(d.Complaints), bonus.Yuan(), formula,
		})
	}
	return WriteExcelCSV(w, header, recs)
}

// WriteExcelCSV writes a CSV for Excel and WPS: a UTF-8 BOM so the Chinese shows, CRLF line
// ends, and every cell neutralised against formula injection (names and notes are user
// input). Payroll and the report write through it.
func WriteExcelCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, rec := range rows {
		for i := range rec {
			rec[i] = Neutralize(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Percent writes a/b as a percentage with one decimal, rounded half up: 1/3 → "33.3%".
// It works in integers so the same numbers always print the same way.
func Percent(a, b int) string {
	if b == 0 {
		return "0.0%"
	}
	permille := (int64(a)*1000*2 + int64(b)) / (int64(b) * 2)
	return fmt.Sprintf("%d.%d%%", permille/10, permille%10)
}

// Neutralize defuses a CSV cell that a spreadsheet would run as a formula (it starts with
// = + - @, a tab or a carriage return) by putting an apostrophe first. Plain negative
// numbers are left alone so amounts stay numbers. Control characters are escaped too
// (queue.Sanitize), so a name cannot break a line or reach a terminal that shows the file.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r', '\n':
		return "'" + queue.Sanitize(s)
	case '-':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + queue.Sanitize(s)
	}
	return queue.Sanitize(s)
}
