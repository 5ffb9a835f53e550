package queue

// callbackHold is how long after a promised callback falls due it stays its specialist's;
// after that anyone may make the call, so no buyer is forgotten.
const callbackHold = 3600

// Cap returns the most contacts the order may get.
func (c *Config) Cap(o *Order) int {
	if o.Amount < c.Value.LowTicket {
		return c.Caps.PerLowTicketOrder
	}
	return c.Caps.PerOrder
}

// capOf returns how many contacts block the order: its cap (Config.Cap), or the per-buyer
// cap when that is lower (a buyer with several orders is capped in group.go).
func (ev *evaluator) capOf(o *Order) int { return min(ev.cfg.Cap(o), ev.buyerCap) }

// block returns why the order may not be contacted, or BlockNone.
// A balance order (balance) closes with its window and is not given up on before.
func (ev *evaluator) block(o *Order, f uint8, deadline int64, balance bool) Block {
	c := &o.Contact
	switch {
	case f&factOptedOut != 0:
		return BlockOptedOut
	case f&factBlacklisted != 0:
		return BlockBlacklist
	case f&factHoldout != 0:
		return BlockHoldout
	case c.Closed:
		return BlockOutcome
	case int(c.Touches) >= ev.capOf(o) && !c.CallbackPending():
		// A buyer with several orders is capped in group.go. The callback a buyer asked for
		// is made even at the cap: it is their date, not one more chase.
		return BlockCap
	case c.ClaimBy >= 0 && c.ClaimBy != ev.me && int64(c.ClaimUntil) > ev.now:
		return BlockClaimed
	case c.CallbackOwner > 0 && c.CallbackOwner-1 != ev.me && c.LastResult == ResultPromised && ev.now < c.Until+callbackHold:
		return BlockCallback
	case ev.now >= deadline:
		return BlockExpired
	case c.Touches > 0 && !c.Answered && ev.t.giveUp > 0 && ev.now-c.FirstAt() >= ev.t.giveUp && !balance:
		// The follow-up days count from the first touch, not from the order.
		return BlockGaveUp
	}
	return BlockNone
}
