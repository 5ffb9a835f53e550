package queue

import "testing"

// TestAtUsesWhatWasKnown: the queue at t holds an order only while the store knew of it and
// did not know it paid or closed; AbsenceAt says which of these kept it out (and that an
// order the history does not hold is not among the day's orders).
func TestAtUsesWhatWasKnown(t *testing.T) {
	cfg := DefaultConfig()
	const placed, learned, paidAt, told = 1000, 5000, 6000, 9000
	for _, tc := range []struct {
		name string
		p    PastOrder
		at   map[int64]Absence // t → in the queue (Present), or why not
	}{
		{"known since placed", PastOrder{}, map[int64]Absence{placed - 1: AbsentUnknown, placed: Present, 99999: Present}},
		{"imported later", PastOrder{Learned: learned}, map[int64]Absence{placed: AbsentUnknown, learned - 1: AbsentUnknown, learned: Present}},
		{"paid, told later", PastOrder{Learned: learned, Status: StatusPaid, PaidAt: paidAt, StatusLearned: told},
			map[int64]Absence{learned: Present, paidAt: Present, told - 1: Present, told: AbsentPaid}},
		{"paid, from before the learning times", PastOrder{Status: StatusPaid, PaidAt: paidAt}, map[int64]Absence{paidAt - 1: Present, paidAt: AbsentPaid}},
		{"closed, told later", PastOrder{Learned: learned, Status: StatusClosed, StatusLearned: told},
			map[int64]Absence{learned: Present, told - 1: Present, told: AbsentClosed}},
	} {
		tc.p.Order = Order{Platform: PlatformTaobao, ID: "A", Created: placed, Amount: 1000, Deadline: placed + 86400*30}
		h := &History{Orders: []PastOrder{tc.p}, Buyers: []Buyer{{Nick: "买家"}}}
		for at, want := range tc.at {
			if got := len(h.At(at, &cfg).Orders) == 1; got != (want == Present) {
				t.Errorf("%s: in the queue at %d: %v, want %v", tc.name, at, got, want == Present)
			}
			if got := h.AbsenceAt(tc.p.Order.Key(), at, &cfg); got != want {
				t.Errorf("%s at %d: %s, want %s", tc.name, at, got.Label(LangEN), want.Label(LangEN))
			}
		}
		if got := h.AbsenceAt(OrderKey{Platform: PlatformTaobao, ID: "B"}, placed, &cfg); got != AbsentNotInDay {
			t.Errorf("%s: an order the history does not hold is %s", tc.name, got.Label(LangEN))
		}
	}
}
