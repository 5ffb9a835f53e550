package queue

// Wave is which round of contact an order is in.
type Wave uint8

// The waves: first (IM, 30–60 min after the order), second (SMS after 1 h once an IM went
// unanswered), and the next-day retry at the same clock time.
const (
	WaveFirst Wave = iota
	WaveSecond
	WaveRetry
)

// ChannelRule names the playbook rule that chose a channel, so the UI can say why.
type ChannelRule uint8

// The channel rules, in the spec's precedence order ("When rules meet").
const (
	RuleOptedOut     ChannelRule = iota // opted out: no contact
	RuleNoPhone                         // masked or missing phone: IM
	RuleLowTicket                       // under the low-ticket line: IM, one touch
	RuleNewHighValue                    // first-time buyer, high value, not call-averse: phone
	RuleReturning                       // returning buyer: SMS
	RuleCallAverse                      // call-averse category: IM
	RuleWave                            // otherwise by wave
	RuleSMSSpent                        // the buyer's SMS of the day is spent: IM
	RuleNoSignature                     // the shop has no registered SMS signature: IM
	RuleSuspicious                      // a suspicious order: IM, never a call
	ruleCount                           // how many rules there are
)

// ChannelInput is what the channel rules look at.
type ChannelInput struct {
	Order *Order
	Buyer *Buyer
	Wave  Wave
	Today int32 // shop-local day number of now (LocalDay)
}

// ChooseChannel applies the channel rules in precedence order; the first that applies decides.
func (c *Config) ChooseChannel(in ChannelInput) (Channel, ChannelRule) {
	_, sms := c.SMSSignature()
	return c.chooseChannel(in.Order, factsOf(in.Buyer, in.Today), in.Wave, sms)
}

// chooseChannel is ChooseChannel on a buyer's facts (see factsOf), as the ranking has them;
// sms says whether the shop has a registered SMS signature.
func (c *Config) chooseChannel(o *Order, f uint8, w Wave, sms bool) (Channel, ChannelRule) {
	switch {
	case f&(factOptedOut|factBlacklisted) != 0:
		return ChannelNone, RuleOptedOut
	case f&factPhoneOK == 0:
		return ChannelIM, RuleNoPhone
	case o.Amount < c.Value.LowTicket:
		return ChannelIM, RuleLowTicket
	case f&factSuspect != 0:
		return ChannelIM, RuleSuspicious
	case f&factReturning == 0 && o.Amount >= c.Value.HighTicket && o.Flags&FlagCallAverse == 0:
		return ChannelPhone, RuleNewHighValue
	}
	ch, rule := ChannelIM, RuleWave
	switch {
	case f&factReturning != 0:
		ch, rule = ChannelSMS, RuleReturning
	case o.Flags&FlagCallAverse != 0:
		ch, rule = ChannelIM, RuleCallAverse
	case w == WaveSecond:
		ch = ChannelSMS
	case w == WaveRetry:
		// The next-day retry uses a channel not yet tried.
		if o.Contact.TriedChannel(ChannelIM) && !o.Contact.TriedChannel(ChannelSMS) {
			ch = ChannelSMS
		}
	}
	if ch == ChannelSMS && f&factSMSToday != 0 {
		return ChannelIM, RuleSMSSpent
	}
	if ch == ChannelSMS && !sms {
		return ChannelIM, RuleNoSignature
	}
	return ch, rule
}

// smsSpent reports whether the buyer already had their SMS of the day.
func (c *Config) smsSpent(b *Buyer, today int32) bool {
	return b.SMSDay == today && today != 0
}
