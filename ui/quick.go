package ui

import "cuifu/queue"

// quickFilter is one of the quick filters beside the text filter: f opens their menu. Each
// keeps the rows of a kind; the text filter, when set, narrows them further.
type quickFilter uint8

// The quick filters, in the order of their menu keys (0, 1, …) and of Words.Quick.
const (
	quickAll       quickFilter = iota
	quickMine                  // mine: my reception, my roster hour, my claim, my callback
	quickIM                    // the suggested channel is IM
	quickSMS                   // … SMS
	quickPhone                 // … a call
	quickCallbacks             // a promised callback that is due
	quickClaimed               // a live claim, anyone's
	quickFilters               // how many there are
)

// keeps reports whether row r of snapshot s passes the filter, for operator me at now.
func (q quickFilter) keeps(r *queue.Row, s *queue.Snapshot, me int32, now int64) bool {
	c := &s.Orders[r.Order].Contact
	switch q {
	case quickMine:
		return r.Why&queue.WhyMine != 0 || (me >= 0 && c.CallbackOwner-1 == me)
	case quickIM:
		return r.Channel() == queue.ChannelIM
	case quickSMS:
		return r.Channel() == queue.ChannelSMS
	case quickPhone:
		return r.Channel() == queue.ChannelPhone
	case quickCallbacks:
		return r.Section() == queue.SectionDue && r.Why&queue.WhyCallback != 0
	case quickClaimed:
		return c.ClaimBy >= 0 && int64(c.ClaimUntil) > now
	}
	return true
}
