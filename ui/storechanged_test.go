package ui

import (
	"testing"

	"cuifu/queue"
)

// A StoreChangedMsg makes the workstation look at the store now, not at its next tick: the
// command it returns asks for the store's data version.
func TestStoreChangedLooksNow(t *testing.T) {
	m, _ := newTest(t, 100, 30, queue.LangZH)
	_, cmd := m.Update(StoreChangedMsg{})
	if cmd == nil {
		t.Fatal("StoreChangedMsg gave no command")
	}
	if _, ok := cmd().(versionMsg); !ok {
		t.Fatal("StoreChangedMsg did not ask for the store's version")
	}
}
