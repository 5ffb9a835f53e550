package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
)

// TestKeysWaitWhileTooSmall: below MinWidth×MinHeight the screen only says it is too small,
// so it shows no order, no menu and no notice. Before, keys still acted on what it hid: in
// team mode at 40×10, with the outcome menu opened before the resize, p logged 承诺付款 on an
// order the specialist could not see, and a s logged a contact. Keys now wait for a screen
// that shows what they act on; q and ctrl+c still quit; made larger, the menu is as it was.
func TestKeysWaitWhileTooSmall(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	press(m, "o")
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	settle(m, press(m, "p")...)
	settle(m, press(m, "esc", "a", "s", "m", "v", "j")...)
	if len(st.events) != 0 {
		t.Fatalf("keys on the too-small screen logged %+v", st.events)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if m.mode != modeOutcome {
		t.Fatalf("made larger, the screen is in mode %v, want the outcome menu opened before", m.mode)
	}
	settle(m, press(m, "p")...)
	if len(st.events) != 1 || st.events[0].Result != queue.ResultPromised {
		t.Fatalf("p on the outcome menu, seen again: %+v", st.events)
	}

	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	if cmd := press(m, "q")[0]; cmd == nil {
		t.Fatal("q does not quit on the too-small screen")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q does not quit on the too-small screen")
	}
}
