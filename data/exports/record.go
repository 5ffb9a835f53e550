// Package exports reads and writes the shop platforms' order exports: encoding detection,
// CSV and XLSX readers, column mapping per platform, and the synthetic `gen` writers. It has
// no SQL, so it can be fuzzed alone. It yields Records and row errors; package data stores them.
package exports

import "cuifu/queue"

// Item is one product line of an order.
type Item struct {
	Title    string
	SKU      string
	Quantity int
	Price    queue.Fen // unit price
}

// Record is one order as an export describes it, after mapping and validation. Times are
// unix seconds; a zero time means the export did not say.
type Record struct {
	Platform queue.Platform
	ID       string
	Buyer    string // platform nick / account, the buyer's identity within the platform
	Phone    string // full, masked (1******6198) or empty; normalized (queue.NormalizePhone)
	Receiver string // receiver's name, for the detail pane
	Title    string // item summary (first title, or the export's title column)
	Items    []Item
	Amount   queue.Fen // what the buyer pays (or paid); for a balance order the balance due
	Shipping queue.Fen // shipping charged, for the double-shipping check
	Created  int64
	PaidAt   int64 // payment time; 0 when unpaid or unknown
	Deadline int64 // close deadline when the export has one
	Status   queue.Status
	Flash    bool   // flash-sale / 聚划算 style order
	Agent    string // reception agent named by the export or its notes
	Note     string // buyer message and seller notes
	Line     int    // the file line the record starts on, for error messages
	// Stage is a presale order's stage (分阶段订单信息); StageNone for other orders.
	Stage queue.Stage
	// Deposit is the deposit (定金) a presale order's buyer paid; 0 before it is paid.
	Deposit queue.Fen
	// ItemsOnly marks a record from an item-detail file (Taobao's ExportOrderDetailList):
	// it brings an order's items and nothing else.
	ItemsOnly bool

	part bool // a further line of a multi-line order, without the order's own fields
}
