package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
)

// The shipping a row flagged for double-charged shipping charges again ("运费重复 ¥8.00"):
// the ranked rows carry only the flag, the store the amount. It is read for the rows on
// screen only, a few at a time, and kept while the store's data stays the same.

// shippingMsg is the store's answer for the orders a shipping read asked about.
type shippingMsg struct {
	gen int
	fen map[queue.OrderKey]queue.Fen
	err error
}

// shippingFen is an order's shipping as read at a generation of the amounts.
type shippingFen struct {
	fen queue.Fen
	gen int
}

// shippingAmounts are the amounts the workstation knows. A change of the store's data
// (its data_version) starts a new generation: the amounts known are shown until read
// again, and an answer to an older read is dropped.
type shippingAmounts struct {
	version int64 // the data_version the generation reads
	gen     int
	fen     map[queue.OrderKey]shippingFen
	asked   map[queue.OrderKey]bool // asked at gen (an order the store lacks stays asked)
}

// loadShipping reads the shipping of the orders named.
func loadShipping(ctx context.Context, s Store, gen int, keys []queue.OrderKey) tea.Cmd {
	return func() tea.Msg {
		fen, err := s.Shipping(ctx, keys)
		return shippingMsg{gen: gen, fen: fen, err: err}
	}
}

// askShipping reads the shipping of the rows on screen flagged for charging it twice whose
// amount is not known at this generation and not asked yet; nil when there is none. It
// looks at the visible rows only, so it costs the same at any queue size.
func (m *Model) askShipping() tea.Cmd {
	a := &m.shipping
	if a.fen == nil || a.version != m.version {
		if a.fen == nil {
			a.fen = map[queue.OrderKey]shippingFen{}
		}
		a.version, a.asked = m.version, map[queue.OrderKey]bool{}
		a.gen++
	}
	var keys []queue.OrderKey
	end := min(m.qp.offset+m.qp.pageRows(), len(m.shown))
	for i := max(m.qp.offset, 0); i < end; i++ {
		if m.shown[i].Why&queue.WhyDoubleShipping == 0 {
			continue
		}
		k := m.snap.Orders[m.shown[i].Order].Key()
		if f, ok := a.fen[k]; (ok && f.gen == a.gen) || a.asked[k] {
			continue
		}
		a.asked[k] = true
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil
	}
	return loadShipping(m.ctx, m.opt.Store, a.gen, keys)
}

// onShipping takes in the amounts read, unless the data changed since they were asked.
func (m *Model) onShipping(msg shippingMsg) tea.Cmd {
	if msg.gen != m.shipping.gen {
		return nil // read before the data changed: the rows ask again
	}
	if msg.err != nil {
		return m.onError(msg.err)
	}
	for k, f := range msg.fen {
		m.shipping.fen[k] = shippingFen{fen: f, gen: msg.gen}
	}
	return nil
}

// shippingOf is the shipping order i of the snapshot charges again, when known.
func (m *Model) shippingOf(i int32) (queue.Fen, bool) {
	f, ok := m.shipping.fen[m.snap.Orders[i].Key()]
	return f.fen, ok && f.fen > 0
}
