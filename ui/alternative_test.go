package ui

import (
	"testing"
	"time"

	"cuifu/queue"
)

// twoOrdersSnapshot has two new buyers' orders due side by side whose scripts overlap: the
// first one's best script is one of the second's alternatives, not its best.
func twoOrdersSnapshot() *queue.Snapshot {
	s := &queue.Snapshot{Operators: []string{"小美"}}
	s.Buyers = []queue.Buyer{{Nick: "橙子味汽水6643", Phone: "13800001234"}, {Nick: "柠檬不酸9928", Phone: "13900005678"}}
	for i, o := range []struct {
		id, title string
		amount    queue.Fen
	}{{"3515313147003026827", "原木抽纸 24包整箱", 85900}, {"3515313147003040101", "十公斤滚筒洗衣机 洗烘一体", 254190}} {
		s.Orders = append(s.Orders, queue.Order{ID: o.id, Title: o.title, Amount: o.amount, Created: shopNow.Add(-47 * time.Minute).Unix(),
			Buyer: int32(i), Agent: -1, Platform: queue.PlatformTaobao, Contact: queue.ContactState{ClaimBy: -1}})
	}
	return s
}

// An order opens on its own first script, the advisor's suggestion as cuifu queue gives it:
// the script the order before showed is not carried to the next one, whether the
// specialist moves on with j or by logging a contact.
func TestEachOrderOpensOnItsFirstScript(t *testing.T) {
	for _, keys := range [][]string{{"j"}, {"a", "s"}} {
		m, _ := newTestOf(t, &fakeStore{snap: twoOrdersSnapshot()}, 120, 40, queue.LangZH)
		first := m.suggestion().ID
		settle(m, press(m, keys...)...)
		_, o := m.current()
		if o == nil || o.ID != "3515313147003040101" {
			t.Fatalf("%v: the selection is on %+v, not the second order", keys, o)
		}
		if len(m.sugs) < 2 || m.sugs[0].ID == first {
			t.Fatalf("%v: the test needs the first order's script %s among the second's alternatives, not first: %+v", keys, first, m.sugs)
		}
		if m.alt != 0 {
			t.Fatalf("%v: the second order opens on script %d/%d %s, the first order's, instead of its own first %s",
				keys, m.alt+1, len(m.sugs), m.suggestion().ID, m.sugs[0].ID)
		}
	}
}

// The alternative chosen with n stays while its order stays selected: a new minute renders
// the same order's scripts again.
func TestTheChosenAlternativeStaysOnItsOrder(t *testing.T) {
	m, _ := newTestOf(t, &fakeStore{snap: twoOrdersSnapshot()}, 120, 40, queue.LangZH)
	if len(m.sugs) < 2 {
		t.Fatalf("the first order has %d scripts", len(m.sugs))
	}
	press(m, "n")
	chosen := m.suggestion().ID
	m.now = m.now.Add(time.Minute)
	m.refreshSuggestions()
	if got := m.suggestion().ID; got != chosen {
		t.Fatalf("a new minute changed the chosen script %s to %s", chosen, got)
	}
}
