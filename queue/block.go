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

// ContactCap returns how many contacts block the order: its cap (Cap), or the per-buyer cap
// when that is lower (a buyer with several orders is capped in group.go).
func (c *Config) ContactCap(o *Order) int {
	if b := c.Caps.PerBuyer; b > 0 {
		return min(c.Cap(o), b)
	}
	return c.Cap(o)
}

// OverCap reports whether the order's contacts reached cap: the callback the buyer asked for
// is made even then (it is their date, not one more chase).
func (c *ContactState) OverCap(cap int) bool { return int(c.Touches) >= cap && !c.CallbackPending() }

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
	case c.OverCap(ev.cfg.ContactCap(o)):
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
