package scripts

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cuifu/queue"
)

var update = flag.Bool("update", false, "rewrite the golden renders")

// phaseTimes are instants in each sale-calendar phase, with the sale on 2026-11-11.
var phaseTimes = map[queue.Phase]string{
	queue.PhaseFrenzy:   "2026-11-11T00:40:00+08:00",
	queue.PhaseRational: "2026-11-11T15:00:00+08:00",
	queue.PhaseLate:     "2026-11-11T21:30:00+08:00",
	queue.PhaseDayAfter: "2026-11-12T10:00:00+08:00",
	queue.PhaseOrdinary: "2026-11-20T15:00:00+08:00",
	queue.PhasePreSale:  "2026-11-11T01:00:00+08:00", // the order, two hours before, came before the sale
}

// TestGoldenRenders renders every built-in script for one fixed order in each phase it
// applies to, in both languages, and compares with testdata/renders.golden.
func TestGoldenRenders(t *testing.T) {
	lib := Default()
	cfg := queue.DefaultConfig()
	cfg.Shop.Name, cfg.Shop.SaleDay = "小美家居", "2026-11-11"
	var b strings.Builder
	for _, ph := range queue.Phases {
		now, _ := time.Parse(time.RFC3339, phaseTimes[ph])
		created := now.Add(-2 * time.Hour)
		switch ph {
		case queue.PhaseFrenzy:
			created = now.Add(-30 * time.Minute) // placed in the frenzy, not before the sale
		case queue.PhaseDayAfter:
			created = now.Add(-14 * time.Hour) // placed during the sale
		}
		if got, _ := cfg.OrderPhase(created, now); got != ph {
			t.Fatalf("an order of %v at %s is in phase %v, want %v", created, phaseTimes[ph], got, ph)
		}
		o := &queue.Order{ID: "3515313147329357901", Title: "北欧布艺沙发 三人位", Amount: 259900, Created: created.Unix()}
		buyer := &queue.Buyer{Nick: "小鹿乱撞2021", Phone: "13800001234", Cushions: 1}
		b.WriteString("## phase " + ph.String() + "\n")
		for i := range lib.Scripts {
			s := &lib.Scripts[i]
			if !s.appliesIn(ph) {
				continue
			}
			for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
				r := Request{Order: o, Buyer: buyer, Channel: s.Channel, Config: &cfg, Now: now, Lang: lang}
				sg := lib.render(s, &r, lib.nextCushion(buyer))
				b.WriteString("[" + s.ID + "]")
				if sg.SMSParts > 0 {
					b.WriteString(" sms parts " + string(rune('0'+sg.SMSParts)))
				}
				b.WriteString("\n" + sg.Text + "\n")
				if strings.Contains(sg.Text, "{") || strings.Contains(sg.Text, "<no value>") {
					t.Errorf("%s: unfilled variable: %q", s.ID, sg.Text)
				}
			}
		}
	}
	path := filepath.Join("testdata", "renders.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./scripts -update writes it)", err)
	}
	if b.String() != string(want) {
		t.Fatalf("renders differ from %s; run with -update after checking the words", path)
	}
}

func TestFollowUpForTheDeclineReason(t *testing.T) {
	for _, reason := range queue.DeclineReasons {
		r := request(queue.ChannelIM, nil)
		r.Reason = reason
		sg := Default().Suggest(r)
		if len(sg) == 0 || sg[0].Kind != "followup:"+reason {
			t.Errorf("%s: first suggestion %v", reason, sg)
		}
	}
	r := request(queue.ChannelIM, nil)
	r.Reason = queue.ReasonPayment
	if !strings.Contains(Default().Suggest(r)[0].Text, "花呗") {
		t.Error("the payment follow-up does not offer another way to pay")
	}
}

func TestPhaseScriptsComeFirst(t *testing.T) {
	r := request(queue.ChannelIM, nil)
	r.Config.Shop.SaleDay = "2026-11-10" // the day after the sale
	r.Config.Shop.BuiltinSales = false   // not 双11 itself
	sg := Default().Suggest(r)
	if sg[0].ID != "im.dayafter.packed" {
		t.Fatalf("day after the sale: first script %s", sg[0].ID)
	}
	for _, s := range sg {
		if strings.Contains(s.Text, "还要吗") {
			t.Fatalf("%s asks whether they still want it", s.ID)
		}
	}
}
