package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/data/exports"
	"cuifu/queue"
)

// scenarioStore holds five unpaid orders placed on the sale day's morning.
func scenarioStore(t *testing.T) (string, *data.Store) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "cuifu.db")
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var recs []exports.Record
	for _, o := range []struct {
		id     string
		amount queue.Fen
	}{{"A", 100000}, {"B", 50000}, {"C", 30000}, {"D", 8800}, {"E", 20000}} {
		recs = append(recs, exports.Record{Platform: queue.PlatformTaobao, ID: o.id, Buyer: "买家" + o.id, Phone: "13800001234",
			Title: "北欧布艺沙发", Amount: o.amount, Created: at("00:30"), Status: queue.StatusUnpaid})
	}
	if _, err := s.Upsert(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return db, s
}

// at is a shop-local time on 2026-11-11, in unix seconds.
func at(hhmm string) int64 {
	return mustTime("2026-11-11T" + hhmm + ":00+08:00").Unix()
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// logAs runs `cuifu contact` as operator at a shop-local time.
func logAs(t *testing.T, db, operator, hhmm, order string, args ...string) {
	t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"--db", db, "--operator", operator, "--now", "2026-11-11T" + hhmm + ":00+08:00", "contact", order}, args...)
	if code := run(context.Background(), all, &out, &errb); code != 0 {
		t.Fatalf("contact %v: exit %d: %s", all, code, errb.String())
	}
}

func pay(t *testing.T, s *data.Store, id string, hhmm string, amount queue.Fen) {
	t.Helper()
	_, err := s.Upsert(context.Background(), []exports.Record{{Platform: queue.PlatformTaobao, ID: id, Buyer: "买家" + id,
		Amount: amount, Status: queue.StatusPaid, PaidAt: at(hhmm)}})
	if err != nil {
		t.Fatal(err)
	}
}

func readPayroll(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("the payroll CSV has no UTF-8 BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("13800001234")) {
		t.Fatal("a full phone number in the payroll file")
	}
	return rows
}

// TestPayrollScenario: three specialists, overlapping touches, a touch after the payment,
// a claim nobody confirmed, and a complaint.
func TestPayrollScenario(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, s := scenarioStore(t)
	im := []string{"--channel", "im", "--result", "sent"}
	logAs(t, db, "小美", "10:00", "A", im...)
	logAs(t, db, "小美", "10:05", "B", im...)
	logAs(t, db, "小美", "10:10", "E", "--channel", "im", "--result", "do_not_contact", "--reason", "complaint")
	logAs(t, db, "婷婷", "10:30", "D", im...)
	logAs(t, db, "阿杰", "11:00", "A", "--channel", "sms", "--result", "sent") // the last touch before A's payment
	logAs(t, db, "阿杰", "11:30", "C", "--channel", "im", "--result", "claimed_paid")
	logAs(t, db, "婷婷", "13:00", "B", im...) // after B was paid: never counts
	pay(t, s, "A", "11:30", 100000)
	pay(t, s, "B", "12:00", 48000) // paid less than ordered: the paid amount counts
	pay(t, s, "D", "10:45", 8800)

	out := filepath.Join(t.TempDir(), "payroll.csv")
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "--lang", "en", "--now", "2026-11-11T23:00:00+08:00",
		"export", "payroll", "--from", "2026-11-11", "-o", out}, &o, &e); code != 0 {
		t.Fatalf("export: exit %d: %s", code, e.String())
	}
	got := readPayroll(t, out)
	want := [][]string{
		{"date", "operator", "orders_contacted", "contacts", "orders_recovered", "success_rate", "recovered_amount", "complaints", "bonus", "bonus_formula"},
		{"2026-11-11", "婷婷", "2", "2", "1", "50.0%", "88.00", "0", "2.88", "1×¥2.00 + 1%×¥88.00 − 0×¥5.00 = ¥2.88"},
		{"2026-11-11", "小美", "3", "3", "1", "33.3%", "480.00", "1", "1.80", "1×¥2.00 + 1%×¥480.00 − 1×¥5.00 = ¥1.80"},
		{"2026-11-11", "阿杰", "2", "2", "1", "50.0%", "1000.00", "0", "12.00", "1×¥2.00 + 1%×¥1000.00 − 0×¥5.00 = ¥12.00"},
	}
	if len(got) != len(want) {
		t.Fatalf("payroll rows:\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	// The attribution of each order, as the replay and the tally see it.
	evs, _ := s.Events(context.Background(), data.EventFilter{})
	pays, _ := s.Payments(context.Background(), at("00:00"), at("23:59"))
	credit := map[string]string{}
	for _, r := range queue.Attribute(evs, pays, 72*3600) {
		credit[r.Order.ID] = r.Operator
	}
	if len(credit) != 3 || credit["A"] != "阿杰" || credit["B"] != "小美" || credit["D"] != "婷婷" {
		t.Fatalf("credit = %v", credit)
	}
	// The workstation's tally reads the same numbers.
	tally, err := s.Tally(context.Background(), "小美", at("00:00"), at("00:00")+86400, 72*3600)
	if err != nil || tally.Recovered != 1 || tally.RecoveredFen != 48000 || tally.Contacts != 3 || tally.OrdersContacted != 3 {
		t.Fatalf("tally %+v %v", tally, err)
	}
	// Chinese headers by default.
	if code := run(context.Background(), []string{"--db", db, "--now", "2026-11-11T23:00:00+08:00", "export", "payroll", "-o", out}, &o, &e); code != 0 {
		t.Fatal(e.String())
	}
	if h := readPayroll(t, out)[0]; strings.Join(h, ",") != "日期,专员,联系订单数,联系次数,成功订单数,成功率,挽回金额,投诉数,奖金,计算说明" {
		t.Fatalf("Chinese header %q", h)
	}
}

// TestPayrollNeutralisesHostileNames reads the CSV back with a real CSV reader.
func TestPayrollNeutralisesHostileNames(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, _ := scenarioStore(t)
	hostile := []string{"=cmd|' /C calc'!A0", "+1", "@x", "\tx", "-2+3"}
	for i, name := range hostile {
		logAs(t, db, name, "10:0"+string(rune('0'+i)), "A", "--channel", "im", "--result", "sent")
	}
	out := filepath.Join(t.TempDir(), "p.csv")
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "--now", "2026-11-11T23:00:00+08:00", "export", "payroll", "-o", out}, &o, &e); code != 0 {
		t.Fatal(e.String())
	}
	rows := readPayroll(t, out)
	if len(rows) != len(hostile)+1 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) || strings.HasPrefix(cell, "-2") {
				t.Fatalf("a cell a spreadsheet would run: %q", cell)
			}
		}
		if !strings.HasPrefix(r[1], "'") {
			t.Fatalf("operator %q not neutralised", r[1])
		}
	}
	if fi, err := os.Stat(out); err == nil && fi.Mode().Perm()&0o077 != 0 {
		t.Fatalf("payroll file mode %v: pay data is private", fi.Mode().Perm())
	}
}

var updateGolden = flag.Bool("update", false, "rewrite the golden files")

// TestReplayPlainGolden prints the scenario's shift as text and compares it with
// testdata/replay_plain.golden.
func TestReplayPlainGolden(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, s := scenarioStore(t)
	im := []string{"--channel", "im", "--result", "sent"}
	logAs(t, db, "小美", "10:00", "A", append(im, "--note", "买家电话13812345678已核对")...)
	logAs(t, db, "阿杰", "11:00", "A", "--channel", "sms", "--result", "sent")
	logAs(t, db, "小美", "03:10", "B", im...) // quiet hours
	logAs(t, db, "婷婷", "13:00", "A", im...) // after payment
	logAs(t, db, "婷婷", "13:05", "D", "--channel", "im", "--result", "declined", "--reason", "payment")
	pay(t, s, "A", "11:30", 100000)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "--now", "2026-11-11T23:00:00+08:00", "replay", "--plain"}, &out, &errb); code != 0 {
		t.Fatalf("replay: exit %d: %s", code, errb.String())
	}
	got := out.String()
	if strings.Contains(got, "13812345678") {
		t.Fatal("a full phone number in the replay")
	}
	path := filepath.Join("testdata", "replay_plain.golden")
	if *updateGolden {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(path, []byte(got), 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test . -update writes it)", err)
	}
	if got != string(want) {
		t.Fatalf("replay differs from %s:\n%s", path, got)
	}
	// One operator only.
	out.Reset()
	run(context.Background(), []string{"--db", db, "--now", "2026-11-11T23:00:00+08:00", "replay", "--plain", "--operator", "婷婷"}, &out, &errb)
	if strings.Contains(out.String(), "小美") || !strings.Contains(out.String(), "婷婷") {
		t.Fatalf("--operator 婷婷 shows:\n%s", out.String())
	}
}
