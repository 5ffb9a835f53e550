package queue

// Wave is which round of contact an order is in.
type Wave uint8

// The waves: first (IM, 30–60 min after the order), second (SMS after 1 h once an IM went
// unanswered), the next-day retry at the same clock time, and late: an order nobody touched
// in its first wave (it is no longer 第一波 once first_wave_end has passed).
const (
	WaveFirst Wave = iota
	WaveSecond
	WaveRetry
	WaveLate
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
	RuleSMSSpent                        // the buyer had an SMS in the rolling window: IM
	RuleNoSignature                     // the shop has no registered SMS signature: IM
	RuleSuspicious                      // a suspicious order: IM, never a call
	RuleWrongNumber                     // a wrong number was logged: IM, no call or SMS
	RuleLastAnswered                    // follow up where the buyer last answered
	RuleAfterCall                       // a notification SMS after an unanswered call
	RuleSMSClosed                       // the SMS window is closed and IM is open: IM now
	RuleBalanceEnds                     // a balance order's channel opens only after its window ends: IM sooner
	ruleCount                           // how many rules there are
)

// ChannelInput is what the channel rules look at.
type ChannelInput struct {
	Order *Order
	Buyer *Buyer
	Wave  Wave
	Now   int64 // unix seconds of now (for the buyer's rolling SMS window)
}

// ChooseChannel applies the channel rules in precedence order; the first that applies decides.
func (c *Config) ChooseChannel(in ChannelInput) (Channel, ChannelRule) {
	_, sms := c.SMSSignature()
	return c.chooseChannel(in.Order, factsOf(in.Buyer, in.Now, c.Caps.SMSWindow.Seconds()), in.Wave, sms)
}

// chooseChannel is ChooseChannel on a buyer's facts (see factsOf), as the ranking has them;
// sms says whether the shop has a registered SMS signature. It is the touch sequence:
//   - the first touch is IM for every buyer IM reaches; a returning buyer's is an SMS;
//   - a new high-value buyer (not call-averse, not suspicious) gets a call once the IM went
//     unanswered (dueAt keeps it phone_after past the order and inside the phone window),
//     and a notification SMS may follow an unanswered call, soon after it (aftercall.go);
//   - a buyer who answered is followed up on the channel they answered on;
//   - otherwise by wave: IM first, SMS second, the next-day retry on a channel not yet tried.
//
// A wrong number removes phone and SMS; an SMS falls back to IM when the buyer's SMS of the
// day is spent or the shop has no registered signature.
func (c *Config) chooseChannel(o *Order, f uint8, w Wave, sms bool) (Channel, ChannelRule) {
	ct := &o.Contact
	first := ct.Touches == 0
	switch {
	case f&(factOptedOut|factBlacklisted|factHoldout) != 0: // no contact at all (rule 1)
		return ChannelNone, RuleOptedOut
	case f&factPhoneOK == 0:
		return ChannelIM, RuleNoPhone
	case ct.WrongNumber():
		return ChannelIM, RuleWrongNumber
	case o.Amount < c.Value.LowTicket:
		return ChannelIM, RuleLowTicket
	case f&factSuspect != 0:
		return ChannelIM, RuleSuspicious
	}
	ch, rule := ChannelIM, RuleWave
	highValue := f&factReturning == 0 && o.Amount >= c.Value.HighTicket && o.Flags&FlagCallAverse == 0
	switch {
	case !first && ct.LastResult.Answered() && ct.LastChannel != ChannelNone:
		ch, rule = ct.LastChannel, RuleLastAnswered
	case highValue && first:
		ch, rule = ChannelIM, RuleNewHighValue
	case highValue && ct.LastChannel == ChannelIM && !ct.TriedChannel(ChannelPhone):
		ch, rule = ChannelPhone, RuleNewHighValue
	case ct.LastChannel == ChannelPhone && (ct.LastResult == ResultNoAnswer || ct.LastResult == ResultBusy) &&
		!ct.TriedChannel(ChannelSMS):
		ch, rule = ChannelSMS, RuleAfterCall
	case highValue:
		ch, rule = retryChannel(ct), RuleNewHighValue
	case f&factReturning != 0:
		ch, rule = ChannelSMS, RuleReturning
	case o.Flags&FlagCallAverse != 0:
		ch, rule = ChannelIM, RuleCallAverse
	case w == WaveSecond:
		ch = ChannelSMS
	case w == WaveRetry:
		ch = retryChannel(ct)
	}
	if ch == ChannelSMS && f&factSMSToday != 0 {
		return ChannelIM, RuleSMSSpent
	}
	if ch == ChannelSMS && !sms {
		return ChannelIM, RuleNoSignature
	}
	return ch, rule
}

// retryChannel is the next-day retry's channel: SMS once IM was tried and SMS was not, IM
// otherwise (never a call: a call is the new high-value buyer's, in its place).
func retryChannel(ct *ContactState) Channel {
	if ct.TriedChannel(ChannelIM) && !ct.TriedChannel(ChannelSMS) {
		return ChannelSMS
	}
	return ChannelIM
}

// smsSpent reports whether the buyer already had their SMS of the rolling window at now.
func (c *Config) smsSpent(b *Buyer, now int64) bool {
	return smsSpent(b, now, c.Caps.SMSWindow.Seconds())
}

func smsSpent(b *Buyer, now, window int64) bool {
	return b.SMSAt != 0 && now-int64(b.SMSAt) < window
}
