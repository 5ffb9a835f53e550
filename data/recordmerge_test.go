package data

import (
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

func TestMergeRecord(t *testing.T) {
	unpaid := rec("1", queue.StatusUnpaid, 100)
	base := newOrder(&unpaid, 7, 3, 0, itemsSig)
	paid := rec("1", queue.StatusPaid, 100)
	closed := rec("1", queue.StatusClosed, 100)
	renamed := unpaid
	renamed.Title, renamed.Note = "新标题", "改备注"
	blank := exports.Record{Platform: unpaid.Platform, ID: "1", Status: queue.StatusUnpaid}
	for _, tc := range []struct {
		name   string
		was    storedOrder
		r      exports.Record
		buyer  int64
		out    outcome
		status queue.Status
		paidAt int64
		title  string
		buyer2 int64
	}{
		{"same record", base, unpaid, 0, outUnchanged, queue.StatusUnpaid, 0, unpaid.Title, 3},
		{"now paid", base, paid, 0, outNowPaid, queue.StatusPaid, paid.PaidAt, unpaid.Title, 3},
		{"now closed", base, closed, 0, outNowClosed, queue.StatusClosed, 0, unpaid.Title, 3},
		{"new details", base, renamed, 0, outUpdated, queue.StatusUnpaid, 0, "新标题", 3},
		{"another buyer", base, unpaid, 9, outUpdated, queue.StatusUnpaid, 0, unpaid.Title, 9},
		{"empty fields keep the order's", base, blank, 0, outUnchanged, queue.StatusUnpaid, 0, unpaid.Title, 3},
		// An older export cannot un-pay an order, nor bring its details back.
		{"paid stays paid", newOrder(&paid, 7, 3, 0, itemsSig), renamed, 0, outUnchanged, queue.StatusPaid, paid.PaidAt, unpaid.Title, 3},
		{"closed stays closed", newOrder(&closed, 7, 3, 0, itemsSig), paid, 0, outUnchanged, queue.StatusClosed, 0, unpaid.Title, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, out := mergeRecord(tc.was, &tc.r, tc.buyer, 0)
			if out != tc.out || queue.Status(n.status) != tc.status || n.paid != tc.paidAt || n.title != tc.title || n.buyer != tc.buyer2 || n.id != 7 {
				t.Errorf("got %v status %d paid %d title %q buyer %d id %d; want %v %d %d %q %d 7",
					out, n.status, n.paid, n.title, n.buyer, n.id, tc.out, tc.status, tc.paidAt, tc.title, tc.buyer2)
			}
		})
	}
}

func TestMergeItems(t *testing.T) {
	r := rec("1", queue.StatusUnpaid, 100)
	base := newOrder(&r, 1, 1, 0, itemsSig)
	items := exports.Record{ID: "1", ItemsOnly: true, Items: []exports.Item{{Title: "靠垫", Quantity: 2, Price: 50}, {Title: "沙发", Quantity: 1, Price: 50}}}
	n, out := mergeItems(base, &items)
	if out != outUpdated || n.items == "" || n.title != r.Title {
		t.Fatalf("first detail: %v items %q title %q", out, n.items, n.title)
	}
	if _, out := mergeItems(n, &items); out != outUnchanged {
		t.Fatalf("the same detail again: %v, want unchanged", out)
	}
}
