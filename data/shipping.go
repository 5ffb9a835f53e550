package data

import (
	"context"
	"encoding/json"

	"cuifu/queue"
)

// Shipping returns the shipping each of the orders named charges, in fen: what a row flagged
// for double-charged shipping (queue.FlagDoubleShipping) charges again. An order the store
// does not have is left out.
func (s *Store) Shipping(ctx context.Context, keys []queue.OrderKey) (map[queue.OrderKey]queue.Fen, error) {
	out := make(map[queue.OrderKey]queue.Fen, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	pairs := make([][2]any, len(keys))
	for i, k := range keys {
		pairs[i] = [2]any{int(k.Platform), k.ID}
	}
	js, err := json.Marshal(pairs)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.platform, o.order_id, o.shipping FROM json_each(?) j
		JOIN orders o ON o.platform = j.value ->> 0 AND o.order_id = j.value ->> 1`, string(js))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k queue.OrderKey
		var plat int
		var fen int64
		if err := rows.Scan(&plat, &k.ID, &fen); err != nil {
			return nil, err
		}
		k.Platform = queue.Platform(plat)
		out[k] = queue.Fen(fen)
	}
	return out, rows.Err()
}
