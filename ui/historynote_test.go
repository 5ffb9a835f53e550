package ui

import (
	"strings"
	"testing"

	"cuifu/data"
	"cuifu/queue"
)

// TestHistoryNamesAGroupTouchOnce: a group touch in the contact history says which order it
// was folded in from (并入 …), without the mark its note keeps for the store (group=…).
func TestHistoryNamesAGroupTouchOnce(t *testing.T) {
	m, _ := newTest(t, 100, 24, queue.LangZH)
	lead := queue.Event{ID: 1, UID: "u1", Kind: queue.EventContact, At: shopNow.Unix() - 600, Operator: "小美",
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "3515313147001016573"}, Channel: queue.ChannelIM, Result: queue.ResultSent}
	g, ok := queue.GroupTouch(&lead, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "3515313147001025491"})
	if !ok {
		t.Fatal("no group touch")
	}
	g.ID = 2
	m.Update(detailMsg{key: m.selected, d: data.Detail{History: []queue.Event{g}}})
	press(m, "h")
	v := screen(m)
	if !strings.Contains(v, "并入 3515313147001016573") || strings.Contains(v, "group=") {
		t.Fatalf("the group touch in the history:\n%s", v)
	}
}
