package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"cuifu/data"
)

// TestQueueFormatsCarryTheSameFields: the same rows carry the same fields whatever the
// format: the CSV has a column for every field of the JSON but the message (lead, script,
// sms_kind, stage, deposit and double_shipping too, at the end, after the columns it always
// had, money in yuan as its amount), and the table shows each row's order, buyer, amount and
// why, which names a grouped row's lead. The CSV had no lead, script, sms_kind, stage,
// deposit or double_shipping column, so a sheet could not tell a grouped row's lead, an
// SMS row's kind or a balance order's deposit.
func TestQueueFormatsCarryTheSameFields(t *testing.T) {
	ctx := context.Background()
	env, _ := busyQueue(t)
	run := func(format string) string {
		return capture(t, env, func() error { return Queue(ctx, env, QueueOptions{Format: format}) })
	}
	// The JSON's rows, each as its fields by name ("" for one left out).
	var rows []QueueRow
	if err := json.Unmarshal([]byte(run("json")), &rows); err != nil {
		t.Fatal(err)
	}
	want := make([]map[string]string, len(rows))
	for i, r := range rows {
		b, _ := json.Marshal(r)
		var m map[string]any
		json.Unmarshal(b, &m)
		want[i] = map[string]string{}
		for k, v := range m {
			want[i][k] = fmt.Sprint(v)
		}
	}
	var csvHead []string
	formats := []struct {
		name   string
		fields func(t *testing.T) []map[string]string // each row's fields by the JSON's names
	}{
		{"csv", func(t *testing.T) []map[string]string {
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(run("csv"), "\ufeff"))).ReadAll()
			if err != nil || len(recs) == 0 {
				t.Fatalf("%v: %d records", err, len(recs))
			}
			csvHead = recs[0]
			var out []map[string]string
			for _, rec := range recs[1:] {
				m := map[string]string{}
				for j, name := range recs[0] {
					m[name] = rec[j]
				}
				out = append(out, m)
			}
			return out
		}},
		{"table", func(t *testing.T) []map[string]string {
			lines := strings.Split(strings.TrimSuffix(run("table"), "\n"), "\n")
			var out []map[string]string
			for i, line := range lines[1:] {
				// The table's cells are aligned by spaces: a row carries a field when its line
				// has the JSON's text of it, the why last.
				m := map[string]string{}
				if i < len(want) {
					for _, name := range []string{"order_id", "buyer", "why"} {
						if strings.Contains(line, want[i][name]) {
							m[name] = want[i][name]
						}
					}
					if strings.Contains(line, "¥"+want[i]["amount"]) {
						m["amount"] = want[i]["amount"]
					}
					if lead := want[i]["lead"]; lead != "" && strings.Contains(line, lead) {
						m["lead"] = lead
					}
				}
				out = append(out, m)
			}
			return out
		}},
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			got := f.fields(t)
			if len(got) != len(want) {
				t.Fatalf("%d rows, the JSON %d", len(got), len(want))
			}
			names := []string{"order_id", "buyer", "amount", "why", "lead"} // what the table shows
			if f.name == "csv" {
				names = csvHead
			}
			grouped, sms, balance := 0, 0, 0
			for i := range want {
				for _, name := range names {
					w := want[i][name]
					if f.name == "csv" {
						w = data.Neutralize(w) // as every CSV export writes a cell
					}
					if got[i][name] != w {
						t.Errorf("row %d (%s): %s %q, the JSON's %q", i+1, want[i]["order_id"], name, got[i][name], w)
					}
				}
				if want[i]["status"] == "grouped" {
					grouped++
					if want[i]["lead"] == "" {
						t.Errorf("row %d (%s): a grouped row names no lead", i+1, want[i]["order_id"])
					}
				}
				if want[i]["sms_kind"] != "" {
					sms++
				}
				if want[i]["stage"] != "" {
					balance++
				}
			}
			if grouped == 0 || sms == 0 || balance != 1 {
				t.Fatalf("%d grouped, %d SMS and %d balance rows: the case tests too little", grouped, sms, balance)
			}
		})
	}
	// Every field of the JSON's but the message has its CSV column, the old ones first in
	// their order.
	typ := reflect.TypeFor[QueueRow]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name != "message" && !strings.Contains(","+strings.Join(csvHead, ",")+",", ","+name+",") {
			t.Errorf("the CSV has no %s column: %v", name, csvHead)
		}
	}
	old := []string{"rank", "order_id", "platform", "buyer", "amount", "created_at", "deadline", "status", "channel", "why", "next_at", "title", "agent", "touches"}
	if strings.Join(csvHead[:len(old)], ",") != strings.Join(old, ",") {
		t.Errorf("the CSV's first columns moved: %v", csvHead)
	}
}
