package ui

import (
	"strings"
	"testing"

	"cuifu/queue"
)

// A revealed phone is shown whole at every size: side by side (120 and more) the detail
// pane is narrow, and its first line, the order with its buyer, phone and receiver, was
// cut after the phone's first digits, so a reveal logged for the audit showed nothing to
// call. A line too wide for the pane puts the buyer on a line of its own.
func TestARevealedPhoneIsShownWhole(t *testing.T) {
	for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
		for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {160, 50}} {
			m, _ := newTestOf(t, &fakeStore{snap: twoOrdersSnapshot()}, size[0], size[1], lang)
			if !strings.Contains(screen(m), "138****1234") {
				t.Errorf("%v %dx%d: the masked phone is not shown whole:\n%s", lang, size[0], size[1], screen(m))
			}
			settle(m, press(m, "v")...)
			if !strings.Contains(screen(m), "13800001234") {
				t.Errorf("%v %dx%d: the revealed phone is not shown whole:\n%s", lang, size[0], size[1], screen(m))
			}
			if !strings.Contains(screen(m), "张*") {
				t.Errorf("%v %dx%d: the receiver is cut:\n%s", lang, size[0], size[1], screen(m))
			}
			checkWidths(t, screen(m), size[0], size[1])
		}
	}
}
