package data

import (
	"encoding/json"

	"cuifu/data/exports"
	"cuifu/queue"
)

// The pure merge of an export's record into an order row: what the import writes, with no
// store and no bookkeeping, so the rules read in one place.

// outcome is what merging a record did to an order, as the import's summary counts it.
type outcome uint8

const (
	outUnchanged outcome = iota
	outUpdated
	outNowPaid
	outNowClosed
)

// newOrder is the row of an order the store does not have yet: record r, as row id of buyer,
// learned at at (with its status, when that is not unpaid). sig is itemsSig, or one that
// gives what it gives (Import.itemsSig).
func newOrder(r *exports.Record, id, buyer, at int64, sig func(items, title string) int64) storedOrder {
	items := itemsJSON(r)
	n := storedOrder{id: id, buyer: buyer, title: r.Title, items: items, itemsSig: sig(items, r.Title), amount: int64(r.Amount),
		shipping: int64(r.Shipping), created: r.Created, paid: r.PaidAt, deadline: r.Deadline, status: int(r.Status),
		flash: b2i(r.Flash), agent: r.Agent, receiver: r.Receiver, note: r.Note, learned: at}
	if r.Status != queue.StatusUnpaid {
		n.statusLearned = at
	}
	n.presale(r)
	return n
}

// presale takes a presale record's stage and deposit (a paid export that names no deposit
// leaves the one the store has). A paid presale order's amount is the balance it paid: the
// export's total less the deposit, which was paid before and is no recovered money.
func (n *storedOrder) presale(r *exports.Record) {
	if r.Stage == queue.StageNone {
		return // an export without the stage column leaves a presale order as it was
	}
	if r.Deposit != 0 || r.Stage != queue.StagePaid {
		n.deposit = int64(r.Deposit)
	}
	n.stage = int64(r.Stage)
	if r.Stage == queue.StagePaid && int64(r.Amount) > n.deposit {
		n.amount = int64(r.Amount) - n.deposit
	}
}

// mergeRecord folds record r into the order n the store (or an earlier batch) has, and
// returns the order as it will be and what changed. buyer is the row id of the record's
// buyer, or 0 when the record names none: then the order keeps its buyer. Statuses never
// move backwards: an older export cannot un-pay or reopen an order. A new status is learned
// at at.
func mergeRecord(n storedOrder, r *exports.Record, buyer, at int64) (storedOrder, outcome) {
	o0 := n
	if buyer != 0 {
		n.buyer = buyer
	}
	cur := queue.Status(n.status)
	next := cur.Advance(r.Status)
	n.status = int(next)
	if next != cur {
		n.statusLearned = at
	}
	if next == queue.StatusPaid && n.paid == 0 {
		n.paid = r.PaidAt
	}
	if next == r.Status {
		// Details come from the export only when it is not older news than the store.
		n.title, n.items, n.amount, n.shipping = pick(r.Title, n.title), pick(itemsJSON(r), n.items), pickN(int64(r.Amount), n.amount), pickN(int64(r.Shipping), n.shipping)
		n.created, n.deadline = pickN(r.Created, n.created), pickN(r.Deadline, n.deadline)
		n.flash |= b2i(r.Flash)
		n.agent, n.receiver, n.note = pick(r.Agent, n.agent), pick(r.Receiver, n.receiver), pick(r.Note, n.note)
		n.presale(r)
		if n.items != o0.items || n.title != o0.title || n.itemsSig == 0 {
			n.itemsSig = itemsSig(n.items, n.title)
		}
	}
	switch {
	case n == o0:
		return n, outUnchanged
	case next != cur && next == queue.StatusPaid:
		return n, outNowPaid
	case next != cur && next == queue.StatusClosed:
		return n, outNowClosed
	}
	return n, outUpdated
}

// mergeItems gives order n the items of a detail file's record r.
func mergeItems(n storedOrder, r *exports.Record) (storedOrder, outcome) {
	items := itemsJSON(r)
	title := pick(n.title, r.Title)
	if items == n.items && title == n.title {
		return n, outUnchanged
	}
	n.items, n.title = items, title
	n.itemsSig = itemsSig(items, title)
	return n, outUpdated
}

// itemsJSON is the stored form of a record's items. A lone item that only repeats the
// order's title is not stored: the title says it all, and a big import skips a JSON write
// per row.
func itemsJSON(r *exports.Record) string {
	if len(r.Items) == 0 {
		return ""
	}
	if it := r.Items[0]; len(r.Items) == 1 && it.Title == r.Title && it.Quantity <= 1 && it.SKU == "" && it.Price == r.Amount {
		return ""
	}
	b, _ := json.Marshal(r.Items) // strings and numbers only: it cannot fail
	return string(b)
}

// itemsSig is the duplicate check's signature of an order's stored items (itemsJSON), or of
// its title alone when it stores none (a lone item that repeats the title, quantity 1).
func itemsSig(items, title string) int64 {
	var its []exports.Item
	if items != "" {
		if err := json.Unmarshal([]byte(items), &its); err != nil {
			return 0 // not known: the check falls back to title and amount
		}
	} else {
		its = []exports.Item{{Title: title, Quantity: 1}}
	}
	lines := make([]queue.ItemLine, len(its))
	for i, it := range its {
		lines[i] = queue.ItemLine{ID: it.SKU, Title: it.Title, Quantity: it.Quantity}
	}
	return int64(queue.ItemsSignature(lines))
}

func pick(v, old string) string {
	if v == "" {
		return old
	}
	return v
}

func pickN(v, old int64) int64 {
	if v == 0 {
		return old
	}
	return v
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
