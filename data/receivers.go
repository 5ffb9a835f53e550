package data

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"cuifu/queue"
)

// An order whose masked receiver does not match its buyer is suspicious (queue.
// ReceiverMismatch, against the latest receiver of the buyer's orders that names them,
// queue.ReceiverKnown). The store keeps the answer on the order (orders.receiver_mismatch,
// schema step 16), so the queue loads it as one more packed bit and a snapshot never reads
// receivers. It can change only where an order's receiver, time or buyer does: an import
// works it out again, at its commit, for every buyer whose orders it wrote (markReceiversTx).

// maskedSQL is true, in SQL, for a receiver holding one of queue.ReceiverMasks.
var maskedSQL = func() string {
	var tests []string
	for _, r := range queue.ReceiverMasks {
		tests = append(tests, "instr(receiver, '"+string(r)+"') > 0")
	}
	return "(" + strings.Join(tests, " OR ") + ")"
}()

// receiverCandidates keeps, of the buyers it groups, those that may have an order to flag or
// to clear: one that is flagged now, or both a masked receiver and one that may name them.
// It is a cheap superset of the buyers markReceiversTx changes; Go decides.
var receiverCandidates = ` GROUP BY buyer_id HAVING max(receiver_mismatch) != 0 OR (max(` + maskedSQL +
	`) AND max(receiver != '' AND NOT ` + maskedSQL + `))`

// Which receivers a buyer new to the store has among the orders an import wrote: enough to
// tell, without asking the store, that none of their orders can be flagged.
const (
	receiverMasked uint8 = 1 << iota // a masked receiver
	receiverNamed                    // a receiver that may name the buyer
)

// receiverKind returns the receiverMasked or receiverNamed bit of receiver (0 for none).
func receiverKind(receiver string) uint8 {
	switch {
	case receiver == "":
		return 0
	case strings.ContainsAny(receiver, queue.ReceiverMasks):
		return receiverMasked
	}
	return receiverNamed
}

// receiverRow is one order of a buyer, as markReceiversTx weighs it.
type receiverRow struct {
	id, created int64
	receiver    string
	flagged     bool
}

// The sets of buyers markReceiversTx may be asked about, in SQL.
const (
	// everyBuyer: all of them.
	everyBuyer = `SELECT id FROM buyers`
	// writtenBuyers: the buyers of the orders written at change sequence ?1 or later, and
	// the buyers written then (schema step 7 marks the old buyer of a moved order so).
	writtenBuyers = `SELECT buyer_id FROM orders WHERE seq >= ?1 UNION SELECT id FROM buyers WHERE seq >= ?1`
	// listedBuyers: the buyer ids of the JSON array ?1.
	listedBuyers = `SELECT value FROM json_each(?1)`
)

// markReceiversTx sets orders.receiver_mismatch, for every order of the buyers the SQL set
// buyers (with its args) names, to what queue.ReceiverMismatch says of the order's receiver
// and the buyer's latest known one (by order time, then row). An order whose flag changes
// takes a new change sequence, so a cached or live queue takes it in. It returns the ids of
// the orders it flagged, ascending.
func markReceiversTx(ctx context.Context, tx *sql.Tx, buyers string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, buyer_id, receiver, created, receiver_mismatch != 0 FROM orders
		WHERE buyer_id IN (SELECT buyer_id FROM orders WHERE buyer_id IN (`+buyers+`)`+receiverCandidates+`) ORDER BY buyer_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var set, clear []int64
	var group []receiverRow
	weigh := func() {
		known := knownReceiver(group)
		for _, r := range group {
			switch want := queue.ReceiverMismatch(r.receiver, known); {
			case want && !r.flagged:
				set = append(set, r.id)
			case !want && r.flagged:
				clear = append(clear, r.id)
			}
		}
		group = group[:0]
	}
	last := int64(-1)
	for rows.Next() {
		var r receiverRow
		var buyer int64
		if err := rows.Scan(&r.id, &buyer, &r.receiver, &r.created, &r.flagged); err != nil {
			return nil, err
		}
		if buyer != last && len(group) > 0 {
			weigh()
		}
		last = buyer
		group = append(group, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	weigh()
	rows.Close()
	if len(set)+len(clear) == 0 {
		return nil, nil
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return nil, err
	}
	st, err := tx.PrepareContext(ctx, `UPDATE orders SET receiver_mismatch = ?, seq = ? WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for v, ids := range [][]int64{clear, set} {
		for _, id := range ids {
			if _, err := st.ExecContext(ctx, v, seq, id); err != nil {
				return nil, err
			}
		}
	}
	slices.Sort(set)
	return set, nil
}

// knownReceiver returns the receiver of a buyer's orders that names the buyer: the latest
// that queue.ReceiverKnown takes, by order time, then by row; "" when none does.
func knownReceiver(orders []receiverRow) string {
	best := -1
	for i, r := range orders {
		if !queue.ReceiverKnown(r.receiver) {
			continue
		}
		if b := best; b < 0 || r.created > orders[b].created || (r.created == orders[b].created && r.id > orders[b].id) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return orders[best].receiver
}
