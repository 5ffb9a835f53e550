package ui

import (
	"strings"
	"testing"
	"time"

	"cuifu/queue"
)

// TestScriptSpeaksOfTheOrdersChasedTogether: the words for a buyer's lead say how many of
// their orders can be paid together as its row does (+1单): an order past its close is in
// no group, and a likely duplicate is never counted, so the buyer is not asked to pay it
// too. Buyer.Open, which the words counted, holds both.
func TestScriptSpeaksOfTheOrdersChasedTogether(t *testing.T) {
	for _, tt := range []struct {
		name      string
		duplicate bool
		want      string // what the lead's words say of the buyer's orders; "" none
	}{
		{"a table and an old order past its close", false, "您有2笔订单还没付款"},
		{"the table is a likely duplicate", true, ""},
	} {
		snap := testSnapshot()
		old := snap.Orders[0] // the sofa's buyer has the table open too (orders 0 and 6)
		old.ID, old.Title, old.Created = "3515313147329357909", "旧单 沙发垫", shopNow.Add(-80*time.Hour).Unix()
		snap.Orders = append(snap.Orders, old) // past its close: blocked
		if tt.duplicate {
			snap.Orders[6].Flags |= queue.FlagDuplicate
		}
		for _, o := range snap.Orders {
			snap.Buyers[o.Buyer].Open++
		}
		m, _ := newTestOf(t, &fakeStore{snap: snap}, 120, 30, queue.LangZH)
		lead := -1 // the buyer's lead: the table or the sofa, whichever is more urgent
		for i := 0; i+1 < len(m.shown); i++ {
			if m.snap.Orders[m.shown[i].Order].Buyer == 0 && m.shown[i+1].Section() == queue.SectionGrouped {
				lead = i
			}
		}
		if lead < 0 {
			t.Fatalf("%s: the buyer is not grouped:\n%s", tt.name, screen(m))
		}
		m.selectAt(lead)
		settle(m, m.selectionChanged())
		if len(m.sugs) == 0 {
			t.Fatalf("%s: no scripts", tt.name)
		}
		if head := lineWith(t, m, "+1单"); !strings.Contains(head, "共¥") {
			t.Fatalf("%s: the lead's row: %q", tt.name, head)
		}
		for _, s := range m.sugs {
			says := strings.Contains(s.Text, "笔订单还没付款")
			if (tt.want == "" && says) || (tt.want != "" && !strings.Contains(s.Text, tt.want)) {
				t.Errorf("%s: %s says %q", tt.name, s.ID, s.Text)
			}
		}
	}
}
