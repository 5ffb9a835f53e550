package data

import (
	"strings"

	"cuifu/queue"
)

// An import into an empty store leaves the snapshot file ready, so the first `cuifu queue`
// after a big first import reads the file instead of loading a million rows. The import
// knows every order and buyer the store will hold, so it builds the queue while SQLite
// finishes the transaction (on the other core), writes it to a temporary file, and moves it
// in place only once the transaction has committed.
//
// An import into a store that already has orders leaves the file to ImportFile's background
// save (refreshSnapshot), which merges the changes into the file (or loads in full when
// there are too many).

// fedOrder is what the queue needs of an order the import wrote. It holds no pointer, and
// no string of the export's records (which would keep each whole record line alive): a
// million of them cost the garbage collector nothing.
type fedOrder struct {
	amount, shipping, created, deadline int64
	deposit                             int64  // a balance order's deposit (0 otherwise)
	buyer                               int64  // the buyer's row id
	idAt                                uint32 // the order number: idLen bytes at idAt in ids (see id)
	title, agent                        int32  // indexes into snapFeed.strs
	itemsSig                            uint16
	idLen                               uint8
	platform                            queue.Platform
	status                              queue.Status
	flash                               bool
	balance                             bool // a presale order whose deposit is paid
}

// snapFeed collects the orders an import into an empty store writes. The store's row ids
// start at 1 and the import hands them out in order, so order id i is orders[i-1]: a later
// change to an order the import wrote earlier replaces its entry.
type snapFeed struct {
	path   string           // the store's snapshot file
	end    chan feedEnd     // what the commit adds to the queue (Import.commit)
	min    int              // the smallest queue worth a file
	tooBig bool             // an order number or the lot is more than the feed keeps: no file this time
	orders [][]fedOrder     // in chunks of feedChunk, so a million never get copied to grow
	ids    [][]byte         // every order number, one after the other, in chunks of idChunk bytes
	strs   []string         // the distinct titles and agents, each copied once
	strIdx map[string]int32 // their indexes
}

// feedEnd is what an import's commit tells the queue built beside it: the point of the
// store's history it makes (zero when the import failed), and the orders it flagged for
// their receiver (ascending row ids), which it works out after the last batch.
type feedEnd struct {
	mark     snapMark
	mismatch []int64
}

const (
	feedChunk = 1 << 16 // orders per chunk
	idBits    = 20
	idChunk   = 1 << idBits // bytes of order numbers per chunk
	maxFedID  = 255         // the longest order number kept; no platform writes a longer one
)

// feedBatch records the batch's new orders and the changes to ones it wrote before.
func (im *Import) feedBatch() {
	f := im.feed
	for _, o := range im.newRows {
		if n := len(f.orders); n == 0 || len(f.orders[n-1]) == feedChunk {
			f.orders = append(f.orders, make([]fedOrder, 0, feedChunk))
		}
		last := &f.orders[len(f.orders)-1]
		*last = append(*last, f.fed(o))
	}
	for _, o := range im.orders {
		if !o.isNew && o.now != o.was {
			*f.order(o.now.id) = f.fed(o)
		}
	}
}

// order returns the entry of the order with row id id.
func (f *snapFeed) order(id int64) *fedOrder {
	return &f.orders[(id-1)/feedChunk][(id-1)%feedChunk]
}

func (f *snapFeed) fed(o *orderRow) fedOrder {
	n := &o.now
	id := o.orderID
	if len(id) > maxFedID || len(f.ids) >= 1<<(32-idBits) {
		f.tooBig = true
		id = ""
	}
	if k := len(f.ids); k == 0 || len(f.ids[k-1])+len(id) > idChunk {
		f.ids = append(f.ids, make([]byte, 0, idChunk))
	}
	k := len(f.ids) - 1
	fo := fedOrder{amount: n.amount, shipping: n.shipping, created: n.created, deadline: n.deadline, buyer: n.buyer,
		idAt: uint32(k)<<idBits | uint32(len(f.ids[k])), idLen: uint8(len(id)), title: f.str(n.title), agent: f.str(n.agent),
		platform: o.platform, status: queue.Status(n.status), flash: n.flash != 0,
		balance: n.stage == int64(queue.StageBalanceUnpaid), deposit: n.deposit, itemsSig: uint16(n.itemsSig)}
	f.ids[k] = append(f.ids[k], id...)
	return fo
}

// id returns the order number of fo.
func (f *snapFeed) id(fo *fedOrder) string {
	at := fo.idAt & (idChunk - 1)
	return string(f.ids[fo.idAt>>idBits][at : at+uint32(fo.idLen)])
}

// str returns the index of s among the feed's strings, adding a copy of it when new.
func (f *snapFeed) str(s string) int32 {
	if i, ok := f.strIdx[s]; ok {
		return i
	}
	if f.strIdx == nil {
		f.strIdx = map[string]int32{}
	}
	i := int32(len(f.strs))
	s = strings.Clone(s)
	f.strs = append(f.strs, s)
	f.strIdx[s] = i
	return i
}

// build returns the queue the store holds once the import commits: its unpaid orders laid
// out as a full load lays them out, each with its buyer as the import leaves it (every buyer
// is new to the store, and fresh holds them in id order from 1). It runs beside the commit
// and reads only what no longer changes: the import has added its last batch.
func (f *snapFeed) build(fresh []*buyerRow) *queue.Snapshot {
	n := 0
	for _, chunk := range f.orders {
		for i := range chunk {
			if chunk[i].status == queue.StatusUnpaid {
				n++
			}
		}
	}
	if n < f.min || f.tooBig {
		return nil
	}
	snap := &queue.Snapshot{Orders: make([]queue.Order, 0, n)}
	sb := newSnapBuilder(snap)
	var r orderScan
	var cfg queue.Config
	for _, chunk := range f.orders {
		for i := range chunk {
			if fo := &chunk[i]; fo.status == queue.StatusUnpaid {
				f.add(sb, &r, fo, fresh, &cfg)
			}
		}
	}
	snap.LayOut() // (before duplicates are marked, as a full load does)
	queue.MarkDuplicates(snap)
	// An empty store's log has no contact on any order, and none can be logged while the
	// import writes: the file holds the buyers' contacts, none, for the daily cap too.
	snap.Contacts.Loaded = true
	return snap
}

// add appends the unpaid order fo to the queue being built.
func (f *snapFeed) add(sb *snapBuilder, r *orderScan, fo *fedOrder, fresh []*buyerRow, cfg *queue.Config) {
	b := fresh[fo.buyer-1]
	// What a full load scans from the two rows; the contact columns of a new order are all
	// zero. The call-averse flag is the config's to decide when the file is read: it is not
	// kept, so cfg is an empty one.
	*r = orderScan{agent: f.strs[fo.agent], buyerID: fo.buyer,
		packed: uint64(fo.platform)<<packPlatform | uint64(b2u(fo.flash))<<packFlash | uint64(b2u(fo.shipping > 0))<<packShipping |
			uint64(b2u(fo.balance))<<packBalance | uint64(fo.itemsSig)<<packItems,
		packed2: uint64(uint32(fo.deposit)),
		o:       queue.Order{ID: f.id(fo), Title: f.strs[fo.title], Amount: queue.Fen(fo.amount), Created: fo.created, Deadline: fo.deadline},
		b:       queue.Buyer{Nick: b.key.nick, Phone: b.phone, Paid: int32(b.paid)}}
	sb.add(r, cfg)
}

// flagReceivers flags the orders of snap, which build made, whose row ids are among ids
// (ascending) as having a masked receiver who does not match the buyer. The snapshot is laid
// out, not in row order: the orders are found by their keys.
func (f *snapFeed) flagReceivers(snap *queue.Snapshot, ids []int64) {
	flag := make(map[queue.OrderKey]bool, len(ids))
	for _, id := range ids {
		if c := (id - 1) / feedChunk; id < 1 || c >= int64(len(f.orders)) || (id-1)%feedChunk >= int64(len(f.orders[c])) {
			continue // (not an order of the feed)
		}
		if fo := f.order(id); fo.status == queue.StatusUnpaid {
			flag[queue.OrderKey{Platform: fo.platform, ID: f.id(fo)}] = true
		}
	}
	if len(flag) == 0 {
		return
	}
	for i := range snap.Orders {
		if o := &snap.Orders[i]; flag[o.Key()] {
			o.Flags |= queue.FlagReceiverMismatch
		}
	}
}
