package queue

import (
	"slices"
	"testing"
	"time"
)

func TestBreaks(t *testing.T) {
	cfg := testConfig()
	// attempt is an IM sent at 14:55: the attempt an outcome at 15:00 belongs to.
	attempt := func(o *Order, b *Buyer) {
		o.Contact.Touches, o.Contact.LastAt = 1, at("14:55").Unix()
		o.Contact.LastChannel, o.Contact.LastResult = ChannelIM, ResultReplied
		o.Contact.LastBy = 1 // by the specialist logging (index 0)
	}
	tests := []struct {
		name string
		now  time.Time
		ch   Channel
		r    Result
		edit func(o *Order, b *Buyer)
		want []Break
	}{
		{"clean", at("15:00"), ChannelIM, ResultSent, nil, nil},
		{"quiet hours", at("03:00"), ChannelIM, ResultSent, nil, []Break{BreakQuiet}},
		{"over cap", at("15:00"), ChannelIM, ResultSent, func(o *Order, b *Buyer) { o.Contact.Touches = 3; o.Contact.LastAt = at("09:00").Unix() }, []Break{BreakOverCap}},
		{"second sms today", at("15:00"), ChannelSMS, ResultSent, func(o *Order, b *Buyer) { b.SMSAt = uint32(at("09:00").Unix()) }, []Break{BreakSMSSpent}},
		{"masked phone call", at("15:00"), ChannelPhone, ResultNoAnswer, func(o *Order, b *Buyer) { b.Phone = "138****0000" }, []Break{BreakNoPhone}},
		{"opted out in quiet hours", at("03:00"), ChannelIM, ResultSent, func(o *Order, b *Buyer) { b.OptedOut = true }, []Break{BreakQuiet, BreakOptedOut}},
		{"second attempt in the cooldown", at("15:00"), ChannelIM, ResultSent, attempt, []Break{BreakCooldown}},
		{"the outcome of the attempt just logged", at("15:00"), ChannelIM, ResultPromised, attempt, nil},
		{"an outcome eleven minutes on", at("15:06"), ChannelIM, ResultPromised, func(o *Order, b *Buyer) {
			attempt(o, b)
			o.Contact.LastAt = at("14:55").Unix() - 60
		}, []Break{BreakCooldown}},
		{"an outcome on another channel", at("15:00"), ChannelSMS, ResultPromised, attempt, []Break{BreakCooldown}},
		{"an outcome of a colleague's attempt", at("15:00"), ChannelIM, ResultPromised, func(o *Order, b *Buyer) {
			attempt(o, b)
			o.Contact.LastBy = 2
		}, []Break{BreakCooldown}},
		{"a second outcome", at("15:00"), ChannelIM, ResultDeclined, func(o *Order, b *Buyer) {
			attempt(o, b)
			o.Contact.LastResult = ResultPromised
		}, []Break{BreakCooldown}},
		{"the outcome of a low-ticket order's one touch", at("15:00"), ChannelIM, ResultPromised, func(o *Order, b *Buyer) {
			attempt(o, b)
			o.Amount = 5000
		}, nil},
		{"the outcome of an SMS", at("15:00"), ChannelSMS, ResultDeclined, func(o *Order, b *Buyer) {
			attempt(o, b)
			o.Contact.LastChannel, o.Contact.LastResult = ChannelSMS, ResultSent
			b.SMSAt = uint32(at("14:55").Unix())
		}, nil},
		{"a call to a number logged wrong", at("15:00"), ChannelPhone, ResultNoAnswer, func(o *Order, b *Buyer) { o.Contact.SetWrongNumber(true) }, []Break{BreakWrongNumber}},
		{"an SMS to a number logged wrong", at("15:00"), ChannelSMS, ResultSent, func(o *Order, b *Buyer) { o.Contact.SetWrongNumber(true) }, []Break{BreakWrongNumber}},
		{"IM to a buyer whose number is wrong", at("15:00"), ChannelIM, ResultSent, func(o *Order, b *Buyer) { o.Contact.SetWrongNumber(true) }, nil},
		{"a call before the phone window", at("08:30"), ChannelPhone, ResultNoAnswer, nil, []Break{BreakWindow}},
		{"a call in the phone window", at("09:00"), ChannelPhone, ResultNoAnswer, nil, nil},
		{"IM at 23:30 on the sale day", at("23:30"), ChannelIM, ResultSent, nil, nil},
		{"IM at 23:30 on an ordinary day", at("23:30").AddDate(0, 0, 9), ChannelIM, ResultSent, nil, []Break{BreakWindow}},
		// The sale night's IM at 01:58, the buyer's promise logged at 02:03: that contact,
		// not one in the quiet hours; another attempt at 02:03 is.
		{"the outcome of an attempt just before the quiet hours", at("02:03").AddDate(0, 0, 1), ChannelIM, ResultPromised, func(o *Order, b *Buyer) {
			attempt(o, b)
			o.Contact.LastAt = at("01:58").AddDate(0, 0, 1).Unix()
		}, nil},
		{"an attempt in the quiet hours", at("02:03").AddDate(0, 0, 1), ChannelIM, ResultSent, func(o *Order, b *Buyer) {
			attempt(o, b)
			o.Contact.LastAt = at("01:58").AddDate(0, 0, 1).Unix()
		}, []Break{BreakQuiet, BreakCooldown}},
		// A promise with a callback, made on the third touch: the callback is not over the cap.
		{"the callback the buyer asked for, at the cap", at("18:00"), ChannelPhone, ResultNoAnswer, func(o *Order, b *Buyer) {
			o.Contact.Touches, o.Contact.LastAt = 3, at("15:00").Unix()
			o.Contact.LastChannel, o.Contact.LastResult, o.Contact.Until = ChannelPhone, ResultPromised, at("18:00").Unix()
		}, nil},
		{"a fourth touch after a decline", at("18:00"), ChannelPhone, ResultNoAnswer, func(o *Order, b *Buyer) {
			o.Contact.Touches, o.Contact.LastAt = 3, at("15:00").Unix()
			o.Contact.LastChannel, o.Contact.LastResult = ChannelPhone, ResultDeclined
		}, []Break{BreakOverCap}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(tt.now.Add(-3*time.Hour), 20000, tt.edit)
			got := cfg.Breaks(&s.Orders[0], &s.Buyers[0], s.BuyerContacts(0), 0, tt.ch, tt.r, tt.now)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("breaks = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBreaksAreStoredAsCodes(t *testing.T) {
	bs := []Break{BreakQuiet, BreakOverCap}
	w := JoinBreaks(bs)
	if w != "quiet_hours;over_cap" || !slices.Equal(ParseBreaks(w), bs) || ParseBreaks("") != nil {
		t.Fatalf("JoinBreaks %q, ParseBreaks %q", w, ParseBreaks(w))
	}
	// An older log's sentences read back as they were written.
	old := ParseBreaks("免打扰时段内联系; 距上次联系太近")
	if got := BreakLabels(old, LangEN); !slices.Equal(got, []string{"免打扰时段内联系", "距上次联系太近"}) {
		t.Fatalf("old warnings: %q", got)
	}
	for _, b := range []Break{BreakQuiet, BreakOptedOut, BreakBlacklisted, BreakHoldout, BreakOutcome, BreakOverCap,
		BreakSMSSpent, BreakNoPhone, BreakLowTicketCall, BreakSuspectCall, BreakCooldown, BreakGrace, BreakColleague,
		BreakDayCap, BreakWrongNumber} {
		if b.Label(LangZH) == string(b) || b.Label(LangEN) == string(b) {
			t.Errorf("break %q has no words", b)
		}
	}
}

// TestBreaksOfThePerBuyerCaps: with [caps] per_buyer = 2 a third contact with the buyer is
// over the cap, on an order the cap per order still allows; with per_buyer_day = 2 a third
// contact within the rolling day breaks the daily cap, the day after it does not.
func TestBreaksOfThePerBuyerCaps(t *testing.T) {
	tests := []struct {
		name             string
		perBuyer, perDay int
		now              time.Time
		want             []Break
	}{
		{"no per-buyer caps", 0, 0, at("15:00"), nil},
		{"the total per buyer", 2, 0, at("15:00"), []Break{BreakOverCap}},
		{"the day's per buyer", 0, 2, at("15:00"), []Break{BreakDayCap}},
		{"the day after", 0, 2, at("09:01").Add(24 * time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Caps.PerBuyer, cfg.Caps.PerBuyerDay = tt.perBuyer, tt.perDay
			s := one(at("08:00").Add(-24*time.Hour), 20000, nil)
			for _, hhmm := range []string{"09:00", "11:00"} { // the buyer's two contacts, on this order or with it
				logContact(s, 0, Event{Kind: EventContact, At: at(hhmm).Unix(), Channel: ChannelIM, Result: ResultSent})
			}
			got := cfg.Breaks(&s.Orders[0], &s.Buyers[0], s.BuyerContacts(0), 0, ChannelIM, ResultSent, tt.now)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("breaks = %q, want %q", got, tt.want)
			}
		})
	}
}
