package ui

import (
	"fmt"
	"strings"
	"testing"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
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

// TestHistoryNamesALeadItCutsByItsLastDigits: a group touch in the contact history names
// its lead in full where the pane has room for the touch's words (80 columns, stacked), and
// by its last digits (并入 …1016573) where the pane would cut them (beside the list at 120
// columns, a call no one answered in English): cut from the end, the full number kept only
// its first digits, which every order of an export shares. Both languages.
func TestHistoryNamesALeadItCutsByItsLastDigits(t *testing.T) {
	const id = "3515313147001016573"
	cases := []struct {
		w, h  int
		l     queue.Lang
		short bool // the call's line names the lead by its last digits
	}{
		{80, 24, queue.LangZH, false},
		{80, 24, queue.LangEN, false},
		{120, 40, queue.LangZH, false},
		{120, 40, queue.LangEN, true},
	}
	for _, c := range cases {
		m, _ := newTest(t, c.w, c.h, c.l)
		var hist []queue.Event
		for i, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelPhone} {
			lead := queue.Event{ID: int64(i + 1), UID: "u1", Kind: queue.EventContact, At: shopNow.Unix() - 600, Operator: "小美",
				Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, Channel: ch, Result: queue.ResultSent}
			if ch == queue.ChannelPhone {
				lead.Result = queue.ResultNoAnswer
			}
			g, ok := queue.GroupTouch(&lead, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "3515313147001025491"})
			if !ok {
				t.Fatal("no group touch")
			}
			hist = append(hist, g)
		}
		m.Update(detailMsg{key: m.selected, d: data.Detail{History: hist}})
		press(m, "h")
		v := screen(m)
		checkWidths(t, v, c.w, c.h)
		full := fmt.Sprintf(words.For(c.l).GroupedIn, id)
		short := fmt.Sprintf(words.For(c.l).GroupedIn, "…1016573")
		var im, call string
		for _, line := range strings.Split(v, "\n") {
			if _, right, ok := strings.Cut(line, "│"); ok {
				line = right // beside the list: the detail pane
			}
			switch {
			case strings.Contains(line, queue.ChannelPhone.Label(c.l)+" "+queue.ResultNoAnswer.Label(c.l)):
				call = line
			case strings.Contains(line, queue.ChannelIM.Label(c.l)+" "+queue.ResultSent.Label(c.l)):
				im = line
			}
		}
		if !strings.Contains(im, full) {
			t.Errorf("%dx%d %v: the message's line does not name the lead in full: %q\n%s", c.w, c.h, c.l, im, v)
		}
		if want := map[bool]string{false: full, true: short}[c.short]; !strings.Contains(call, want) {
			t.Errorf("%dx%d %v: the call's line does not say %q: %q\n%s", c.w, c.h, c.l, want, call, v)
		}
	}
}
