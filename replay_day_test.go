package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cuifu/data"
	"cuifu/data/exports"
	"cuifu/queue"
)

// TestRecoveryCountsOnTheDayOfItsTouch: a recovery belongs to the day of the contact that
// earned it. Contacts on 11-11 evening paid on 11-12 make 11-11's success rate in payroll,
// the replay, the report and the tally alike; 11-12 shows only what its own contacts
// earned, and a touch on 11-12 before the payment takes the credit from 11-11's.
func TestRecoveryCountsOnTheDayOfItsTouch(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	ids := []string{"A", "B", "C", "D", "E", "F", "G", "H", "I"}
	orders := map[string]queue.Fen{}
	for _, id := range ids {
		orders[id] = 10000
	}
	db, s := storeOf(t, orders)
	run1 := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"--db", db}, args...), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	contact := func(op, when, order string) {
		run1("--operator", op, "--now", when, "contact", order, "--channel", "im", "--result", "sent")
	}
	contact("alice", "2026-11-11T20:50:00+08:00", "I")
	for i, id := range ids[:8] {
		contact("alice", fmt.Sprintf("2026-11-11T21:%02d:00+08:00", i*5), id)
	}
	contact("bob", "2026-11-12T09:30:00+08:00", "I") // the last touch before I's payment
	const day = 86400
	paid := func(id string, at int64) {
		if _, err := s.Upsert(context.Background(), []exports.Record{{Platform: queue.PlatformTaobao, ID: id, Buyer: "买家" + id,
			Amount: 10000, Status: queue.StatusPaid, PaidAt: at}}); err != nil {
			t.Fatal(err)
		}
	}
	paid("A", at("22:30"))
	paid("B", at("09:00")+day) // a later import tells of them
	paid("C", at("10:00")+day)
	paid("I", at("10:30")+day)

	now := "2026-11-12T23:00:00+08:00"
	out := filepath.Join(t.TempDir(), "payroll.csv")
	run1("--now", now, "export", "payroll", "--from", "2026-11-11", "--to", "2026-11-12", "-o", out)
	got := readPayroll(t, out)
	want := []string{
		"2026-11-11|alice|9|9|3|33.3%|300.00",
		"2026-11-12|bob|1|1|1|100.0%|100.00",
	}
	if len(got) != len(want)+1 {
		t.Fatalf("payroll rows %q, want %q", got[1:], want)
	}
	for i, w := range want {
		if g := strings.Join(got[i+1][:7], "|"); g != w {
			t.Errorf("payroll row %d: %s, want %s", i+1, g, w)
		}
	}
	for _, tt := range []struct{ date, want, not string }{
		{"2026-11-11", "alice: 联系 9 次 · 9 单 · 挽回 3 单 · 成功率 33.3%", "bob:"},
		{"2026-11-12", "bob: 联系 1 次 · 1 单 · 挽回 1 单 · 成功率 100.0%", "alice:"},
	} {
		r := run1("--now", now, "replay", "--date", tt.date, "--plain")
		if !strings.Contains(r, tt.want) || strings.Contains(r, tt.not) {
			t.Errorf("replay of %s:\n%s\nwant %q and no %q", tt.date, r, tt.want, tt.not)
		}
	}
	rep := run1("--now", now, "report", "--by", "operator", "--from", "2026-11-11", "--to", "2026-11-11", "--format", "csv")
	if !strings.Contains(rep, "alice,9,9,3,") || strings.Contains(rep, "bob") {
		t.Errorf("report of 11-11:\n%s\nwant alice with 9 touched, 9 contacts, 3 recovered", rep)
	}
	tally, err := s.Tally(context.Background(), "alice", at("00:00"), at("00:00")+day, 72*3600)
	if err != nil || tally.Recovered != 3 || tally.OrdersContacted != 9 {
		t.Errorf("11-11 tally %+v %v, want 3 recovered of 9", tally, err)
	}
}

// TestReplayShowsTheBreaksOfTheLog: the replay shows every rule break a contact was logged
// with, as the CLI warned of them, and what its audit adds, each once: a call outside the
// phone window, and a second IM a minute after the first (over the cap and too soon).
func TestReplayShowsTheBreaksOfTheLog(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, _ := storeOf(t, map[string]queue.Fen{"A": 100000, "B": 1000})
	logAs(t, db, "bob", "21:38", "A", "--channel", "phone", "--result", "busy")
	logAs(t, db, "bob", "10:00", "B", "--channel", "im", "--result", "sent")
	logAs(t, db, "bob", "10:01", "B", "--channel", "im", "--result", "sent")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "--now", "2026-11-11T23:00:00+08:00", "replay", "--date", "2026-11-11", "--plain"},
		&out, &errb); code != 0 {
		t.Fatalf("replay: exit %d: %s", code, errb.String())
	}
	lines := strings.Split(out.String(), "\n")
	find := func(hhmm string) string {
		for _, l := range lines {
			if strings.HasPrefix(l, hhmm) {
				return l
			}
		}
		t.Fatalf("no line at %s in\n%s", hhmm, out.String())
		return ""
	}
	if l := find("21:38"); !strings.Contains(l, "⚑ 不在该渠道的联系时段") {
		t.Errorf("the call outside the phone window: %q", l)
	}
	if l := find("10:00"); strings.Contains(l, "⚑") {
		t.Errorf("the first IM is flagged: %q", l)
	}
	l := find("10:01")
	if !strings.Contains(l, "超过联系上限") || !strings.Contains(l, "距上次联系太近") || strings.Count(l, "超过联系上限") != 1 {
		t.Errorf("the second IM: %q; want over the cap once and too soon", l)
	}
}

// TestReplayShowsNotesAndReasonsInWords: the plain replay shows a note without the marks
// cuifu keeps in it (a script's cushion, a group touch's lead), and a block's and a revoke's
// reason.
func TestReplayShowsNotesAndReasonsInWords(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, s := storeOf(t, map[string]queue.Fen{"A": 10000})
	ctx := context.Background()
	// A buyer with two orders: a contact on the lead is a group touch on the other.
	var recs []exports.Record
	for _, id := range []string{"L", "G"} {
		recs = append(recs, exports.Record{Platform: queue.PlatformTaobao, ID: id, Buyer: "买家L", Phone: "13800001234",
			Title: "北欧布艺沙发", Amount: 20000, Created: at("00:30"), Status: queue.StatusUnpaid})
	}
	if _, err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	logAs(t, db, "bob", "10:00", "L", "--channel", "im", "--result", "sent")
	// The workstation marks the cushion its script opened with before the specialist's note.
	if _, err := s.Append(ctx, queue.Event{At: at("10:30"), Operator: "bob", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"},
		Channel: queue.ChannelIM, Result: queue.ResultSent, Note: "cushion=0 买家留了言"}); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	cli := func(args ...string) {
		t.Helper()
		out.Reset()
		if code := run(ctx, append([]string{"--db", db}, args...), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
	}
	cli("--operator", "bob", "--now", "2026-11-11T11:00:00+08:00", "block", "买家L", "--reason", "恶意拍单")
	evs, err := s.Events(ctx, data.EventFilter{})
	if err != nil || len(evs) == 0 {
		t.Fatal(err)
	}
	cli("--operator", "bob", "--now", "2026-11-11T11:05:00+08:00", "revoke", strconv.FormatInt(evs[0].ID, 10), "--reason", "误记")
	cli("--now", "2026-11-11T23:00:00+08:00", "replay", "--date", "2026-11-11", "--plain")
	got := out.String()
	for _, want := range []string{"买家留了言", "并入 L", "拉黑(恶意拍单)", "撤销 #" + strconv.FormatInt(evs[0].ID, 10) + "(误记)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the replay has no %q:\n%s", want, got)
		}
	}
	for _, token := range []string{"cushion=", "group="} {
		if strings.Contains(got, token) {
			t.Errorf("the replay shows %q:\n%s", token, got)
		}
	}
}
