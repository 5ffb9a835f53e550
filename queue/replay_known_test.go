package queue

import "testing"

// TestAtUsesWhatWasKnown: the queue at t holds an order only while the store knew of it and
// did not know it paid or closed.
func TestAtUsesWhatWasKnown(t *testing.T) {
	cfg := DefaultConfig()
	const placed, learned, paidAt, told = 1000, 5000, 6000, 9000
	for _, tc := range []struct {
		name string
		p    PastOrder
		in   map[int64]bool // t → in the queue
	}{
		{"known since placed", PastOrder{}, map[int64]bool{placed - 1: false, placed: true, 99999: true}},
		{"imported later", PastOrder{Learned: learned}, map[int64]bool{placed: false, learned - 1: false, learned: true}},
		{"paid, told later", PastOrder{Learned: learned, Status: StatusPaid, PaidAt: paidAt, StatusLearned: told},
			map[int64]bool{learned: true, paidAt: true, told - 1: true, told: false}},
		{"paid, from before the learning times", PastOrder{Status: StatusPaid, PaidAt: paidAt}, map[int64]bool{paidAt - 1: true, paidAt: false}},
		{"closed, told later", PastOrder{Learned: learned, Status: StatusClosed, StatusLearned: told},
			map[int64]bool{learned: true, told - 1: true, told: false}},
	} {
		tc.p.Order = Order{Platform: PlatformTaobao, ID: "A", Created: placed, Amount: 1000, Deadline: placed + 86400*30}
		h := &History{Orders: []PastOrder{tc.p}, Buyers: []Buyer{{Nick: "买家"}}}
		for at, want := range tc.in {
			if got := len(h.At(at, &cfg).Orders) == 1; got != want {
				t.Errorf("%s: in the queue at %d: %v, want %v", tc.name, at, got, want)
			}
		}
	}
}
