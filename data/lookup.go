package data

import (
	"database/sql"
	"encoding/json"
	"hash/maphash"
	"slices"
	"strings"

	"cuifu/data/exports"
	"cuifu/queue"
)

// The import's look-ups: which of a batch's orders and buyers the store already has, in a
// query per platform per batch.

// buyerNick is the identity of the buyer within the platform; an export without one gives
// each order its own buyer rather than merging strangers, named by the order and its masked
// receiver (queue.OrderBuyer).
func buyerNick(r *exports.Record) string {
	if r.Buyer != "" {
		return r.Buyer
	}
	return queue.OrderBuyer(r.ID, r.Receiver)
}

// meet asks the store, once per platform the import meets, whether it has any buyer or order
// of it.
func (im *Import) meet(recs []exports.Record) error {
	for i := range recs {
		p := recs[i].Platform
		if _, ok := im.empty[p]; ok {
			continue
		}
		var noBuyers, noOrders bool
		if err := im.tx.QueryRowContext(im.ctx, `SELECT NOT EXISTS (SELECT 1 FROM buyers WHERE platform = ?1),
			NOT EXISTS (SELECT 1 FROM orders WHERE platform = ?1)`, int(p)).Scan(&noBuyers, &noOrders); err != nil {
			return err
		}
		im.empty[p] = noBuyers
		if noOrders {
			im.added[p] = newAddedSet(im.expect)
		}
	}
	return nil
}

// mayHave reports whether the store may have the record's order: false only when it
// certainly does not.
func (im *Import) mayHave(r *exports.Record) bool {
	set := im.added[r.Platform]
	return set == nil || set.has(maphash.String(im.seed, r.ID))
}

// lookupOrders reads the batch's orders that the store has into im.orders, in one query per
// platform.
func (im *Import) lookupOrders(recs []exports.Record) error {
	out := im.orders
	key := func(i int) string {
		if !im.mayHave(&recs[i]) {
			return ""
		}
		return recs[i].ID
	}
	return im.eachRow(`SELECT id, order_id, buyer_id, title, items, amount, shipping, created, paid_at, deadline, status, flash, agent, receiver, note, stage, deposit, items_sig,
			learned, status_learned
		FROM orders WHERE platform = ? AND order_id IN (SELECT value FROM json_each(?))`, idsByPlatform(recs, key),
		func(p queue.Platform, rows *sql.Rows) error {
			o := im.row()
			o.platform = p
			w := &o.was
			if err := rows.Scan(&w.id, &o.orderID, &w.buyer, &w.title, &w.items, &w.amount, &w.shipping, &w.created, &w.paid,
				&w.deadline, &w.status, &w.flash, &w.agent, &w.receiver, &w.note, &w.stage, &w.deposit, &w.itemsSig, &w.learned, &w.statusLearned); err != nil {
				return err
			}
			o.now = o.was
			out[pkey{p, o.orderID}] = o
			return nil
		})
}

// eachRow runs q, which takes a platform and a JSON array, once for each platform's list,
// and hands each row to row.
func (im *Import) eachRow(q string, lists map[queue.Platform]string, row func(p queue.Platform, rows *sql.Rows) error) error {
	for p, list := range lists {
		st, err := im.stmt(q)
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(im.ctx, int(p), list)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := row(p, rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// idsByPlatform returns, per platform, a JSON array of the distinct keys of the records.
func idsByPlatform(recs []exports.Record, key func(i int) string) map[queue.Platform]string {
	seen := map[pkey]bool{}
	lists := map[queue.Platform][]string{}
	for i := range recs {
		k := pkey{recs[i].Platform, key(i)}
		if k.nick == "" || seen[k] {
			continue
		}
		seen[k] = true
		lists[k.platform] = append(lists[k.platform], k.nick)
	}
	out := make(map[queue.Platform]string, len(lists))
	for p, l := range lists {
		b, _ := json.Marshal(l)
		out[p] = string(b)
	}
	return out
}

// lookupBuyers finds or allocates the buyer of every record that names one (or of every
// new order), into im.recBuyer. Buyers the import has met are remembered; the others are
// looked up in one query per platform, unless the store had no buyer of that platform at all.
func (im *Import) lookupBuyers(recs []exports.Record) error {
	// A record needs a buyer unless it only brings items, or it names none for an order the
	// store has (which keeps its buyer). Until it has one, its slot holds needBuyer.
	im.recBuyer = slices.Grow(im.recBuyer[:0], len(recs))[:len(recs)]
	var ask bool
	for i := range recs {
		r := &recs[i]
		im.recBuyer[i] = nil
		if !r.ItemsOnly && (r.Buyer != "" || im.orders[pkey{r.Platform, r.ID}] == nil) {
			im.recBuyer[i] = needBuyer
			ask = ask || !im.empty[r.Platform]
		}
	}
	if ask {
		// Only buyers the import has not met are looked up, and none of a platform the
		// store had no buyer of.
		lookup := func(i int) string {
			r := &recs[i]
			if im.empty[r.Platform] || im.recBuyer[i] == nil {
				return ""
			}
			if nick := buyerNick(r); im.buyers[pkey{r.Platform, nick}] == nil {
				return nick
			}
			return ""
		}
		if err := im.readBuyers(idsByPlatform(recs, lookup)); err != nil {
			return err
		}
	}
	for i := range recs {
		if im.recBuyer[i] == nil {
			continue
		}
		r := &recs[i]
		k := pkey{r.Platform, buyerNick(r)}
		b := im.buyers[k]
		if b == nil {
			// Kept for the whole import: copy the nick out of the record's line, which it
			// would otherwise keep alive.
			k.nick = strings.Clone(k.nick)
			b = &buyerRow{id: im.nextBuyer, key: k, isNew: true}
			im.nextBuyer++
			im.buyers[k] = b
			im.fresh = append(im.fresh, b)
		}
		im.recBuyer[i] = b
		// A full number beats a masked one: newer exports mask what older ones showed.
		// (The reader has normalized the phone.)
		if phone := r.Phone; phone != "" && phone != b.phone && (b.phone == "" || !queue.PhoneMasked(phone)) {
			if !b.isNew && !b.phoneUp {
				im.phones = append(im.phones, b)
			}
			if !b.isNew { // the SMS of the old number and of the new one (samePhoneSMSTx)
				im.smsPhones = append(im.smsPhones, b.phone, phone)
			}
			b.phone, b.phoneUp = strings.Clone(phone), !b.isNew
		}
	}
	return nil
}

// needBuyer marks a record whose buyer lookupBuyers has yet to find.
var needBuyer = new(buyerRow)

// readBuyers reads the named buyers the store has into im.buyers: nicks holds a JSON array
// per platform.
func (im *Import) readBuyers(nicks map[queue.Platform]string) error {
	return im.eachRow(`SELECT id, nick, phone FROM buyers WHERE platform = ? AND nick IN (SELECT value FROM json_each(?))`, nicks,
		func(p queue.Platform, rows *sql.Rows) error {
			b := &buyerRow{}
			var nick string
			if err := rows.Scan(&b.id, &nick, &b.phone); err != nil {
				return err
			}
			im.buyers[pkey{p, nick}] = b
			return nil
		})
}
