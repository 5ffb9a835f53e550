package queue

import "math/bits"

// score is the urgency of a due order: the close deadline dominates, then the value, then
// how fresh the wave is. It is an integer so the ranking is exact and fast.
func (ev *evaluator) score(o *Order, deadline int64, row Row) int32 {
	left := deadline - ev.now
	if left < 0 {
		left = 0
	}
	// 1000 at the deadline, 500 with an hour left, ~13 at 72 hours.
	s := int64(1000 * 3600 / uint64(left+3600))
	// Value: about 40 points per doubling of the amount in yuan.
	s += int64(40 * bits.Len64(uint64(max(o.Amount, 0)/100)))
	switch row.Wave() {
	case WaveFirst:
		s += 100 // fresh orders convert best
	case WaveSecond:
		s += 60
	default:
		s += 30
	}
	if row.Rule() == RuleNewHighValue {
		s += 50
	}
	if ev.peak {
		s += 80
	}
	if o.Contact.Until != 0 && o.Contact.LastResult == ResultPromised {
		s += 120 // a promised callback is a date with the buyer
	}
	if row.Why&WhyMine != 0 {
		s += 40 // 谁接待谁催付: the owner's own orders first
	}
	return int32(s)
}
