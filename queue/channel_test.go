package queue

import (
	"testing"
)

func TestChooseChannel(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Shop.Signature = "小美家居"
	const now = 20000 * 86400 // unix seconds: a fixed instant for the SMS window
	tests := []struct {
		name  string
		order Order
		buyer Buyer
		wave  Wave
		ch    Channel
		rule  ChannelRule
	}{
		{"opted out beats everything", Order{Amount: 90000}, Buyer{OptedOut: true, Phone: "13800000000"}, WaveFirst, ChannelNone, RuleOptedOut},
		{"masked phone", Order{Amount: 90000}, Buyer{Phone: "138****0000"}, WaveFirst, ChannelIM, RuleNoPhone},
		{"missing phone", Order{Amount: 90000}, Buyer{}, WaveSecond, ChannelIM, RuleNoPhone},
		{"low ticket", Order{Amount: 9999}, Buyer{Phone: "13800000000", Paid: 3}, WaveSecond, ChannelIM, RuleLowTicket},
		{"new high value: the first touch is IM", Order{Amount: 50000}, Buyer{Phone: "13800000000"}, WaveFirst, ChannelIM, RuleNewHighValue},
		{"new high value, first wave missed: still IM", Order{Amount: 50000}, Buyer{Phone: "13800000000"}, WaveLate, ChannelIM, RuleNewHighValue},
		{"new high value, IM unanswered: phone", Order{Amount: 50000, Contact: ContactState{Touches: 1, LastChannel: ChannelIM, LastResult: ResultSent, Tried: 1 << ChannelIM}}, Buyer{Phone: "13800000000"}, WaveSecond, ChannelPhone, RuleNewHighValue},
		{"new high value, IM unanswered yesterday: phone", Order{Amount: 50000, Contact: ContactState{Touches: 1, LastChannel: ChannelIM, LastResult: ResultSent, Tried: 1 << ChannelIM}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelPhone, RuleNewHighValue},
		{"unanswered call: a notification SMS", Order{Amount: 50000, Contact: ContactState{Touches: 2, LastChannel: ChannelPhone, LastResult: ResultNoAnswer, Tried: 1<<ChannelIM | 1<<ChannelPhone}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelSMS, RuleAfterCall},
		{"busy line: a notification SMS", Order{Amount: 20000, Contact: ContactState{Touches: 1, LastChannel: ChannelPhone, LastResult: ResultBusy, Tried: 1 << ChannelPhone}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelSMS, RuleAfterCall},
		{"after call and SMS, no second call", Order{Amount: 50000, Contact: ContactState{Touches: 3, LastChannel: ChannelSMS, LastResult: ResultSent, Tried: 1<<ChannelIM | 1<<ChannelPhone | 1<<ChannelSMS}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelIM, RuleNewHighValue},
		{"promised on IM: IM", Order{Amount: 50000, Contact: ContactState{Touches: 1, LastChannel: ChannelIM, LastResult: ResultPromised, Answered: true, Tried: 1 << ChannelIM}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelIM, RuleLastAnswered},
		{"replied to the SMS: SMS", Order{Amount: 20000, Contact: ContactState{Touches: 2, LastChannel: ChannelSMS, LastResult: ResultReplied, Answered: true, Tried: 1<<ChannelIM | 1<<ChannelSMS}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelSMS, RuleLastAnswered},
		{"wrong number: no phone", Order{Amount: 50000, Contact: ContactState{Touches: 2, LastChannel: ChannelPhone, LastResult: ResultWrongNumber, Tried: 1<<ChannelIM | 1<<ChannelPhone | triedWrongNumber}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelIM, RuleWrongNumber},
		{"wrong number: no SMS for a returning buyer", Order{Amount: 20000, Contact: ContactState{Touches: 2, LastChannel: ChannelIM, LastResult: ResultSent, Tried: 1<<ChannelIM | 1<<ChannelSMS | triedWrongNumber}}, Buyer{Phone: "13800000000", Paid: 2}, WaveRetry, ChannelIM, RuleWrongNumber},
		{"the buyer's wrong number, logged on another order: no call after the IM", Order{Amount: 50000, Contact: ContactState{Touches: 1, LastChannel: ChannelIM, LastResult: ResultSent, Tried: 1<<ChannelIM | triedWrongNumber}}, Buyer{Phone: "13800000000"}, WaveSecond, ChannelIM, RuleWrongNumber},
		{"the buyer's wrong number, on an order placed since: no SMS", Order{Amount: 20000, Contact: ContactState{Tried: triedWrongNumber}}, Buyer{Phone: "13800000000", Paid: 2}, WaveFirst, ChannelIM, RuleWrongNumber},
		{"new high value but call-averse", Order{Amount: 50000, Flags: FlagCallAverse}, Buyer{Phone: "13800000000"}, WaveFirst, ChannelIM, RuleCallAverse},
		{"returning", Order{Amount: 90000}, Buyer{Phone: "13800000000", Paid: 1}, WaveFirst, ChannelSMS, RuleReturning},
		{"returning, SMS spent", Order{Amount: 90000}, Buyer{Phone: "13800000000", Paid: 1, SMSAt: uint32(now - 3600)}, WaveFirst, ChannelIM, RuleSMSSpent},
		{"returning, SMS over 24h ago", Order{Amount: 90000}, Buyer{Phone: "13800000000", Paid: 1, SMSAt: uint32(now - 86400)}, WaveFirst, ChannelSMS, RuleReturning},
		{"first wave", Order{Amount: 20000}, Buyer{Phone: "13800000000"}, WaveFirst, ChannelIM, RuleWave},
		{"second wave", Order{Amount: 20000}, Buyer{Phone: "13800000000"}, WaveSecond, ChannelSMS, RuleWave},
		{"retry after IM", Order{Amount: 20000, Contact: ContactState{Tried: 1 << ChannelIM}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelSMS, RuleWave},
		{"retry after both", Order{Amount: 20000, Contact: ContactState{Tried: 1<<ChannelIM | 1<<ChannelSMS}}, Buyer{Phone: "13800000000"}, WaveRetry, ChannelIM, RuleWave},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, rule := cfg.ChooseChannel(ChannelInput{Order: &tt.order, Buyer: &tt.buyer, Wave: tt.wave, Now: now})
			if ch != tt.ch || rule != tt.rule {
				t.Fatalf("got %v (rule %d), want %v (rule %d)", ch, rule, tt.ch, tt.rule)
			}
		})
	}
}

func TestWindowContains(t *testing.T) {
	tests := []struct {
		w    string
		m    int32
		want bool
	}{
		{"02:00-08:00", 119, false},
		{"02:00-08:00", 120, true},
		{"02:00-08:00", 479, true},
		{"02:00-08:00", 480, false},
		{"22:00-02:00", 1319, false},
		{"22:00-02:00", 1320, true},
		{"22:00-02:00", 0, true},
		{"22:00-02:00", 119, true},
		{"22:00-02:00", 120, false},
		{"20:00-24:00", 1439, true},
	}
	for _, tt := range tests {
		w, err := ParseWindow(tt.w)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Contains(tt.m); got != tt.want {
			t.Errorf("%s contains %d = %v", tt.w, tt.m, got)
		}
	}
	for _, bad := range []string{"", "02:00", "25:00-01:00", "02:60-03:00", "x-y"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q) accepted", bad)
		}
	}
}

// TestSetWrongNumber: the store's word on the buyer's wrong number sets or clears it on an
// order and leaves the channels tried as they were; Apply of a wrong number sets it.
func TestSetWrongNumber(t *testing.T) {
	tried := uint8(1<<ChannelIM | 1<<ChannelPhone)
	tests := []struct {
		name  string
		tried uint8
		set   bool
		want  bool
	}{
		{"set on an order never wrong", tried, true, true},
		{"cleared by another number", tried | triedWrongNumber, false, false},
		{"kept while the number is the same", tried | triedWrongNumber, true, true},
		{"nothing to clear", tried, false, false},
	}
	for _, tt := range tests {
		c := ContactState{Tried: tt.tried}
		c.SetWrongNumber(tt.set)
		if c.WrongNumber() != tt.want || c.Tried&^triedWrongNumber != tried {
			t.Errorf("%s: tried %08b, wrong number %v", tt.name, c.Tried, c.WrongNumber())
		}
	}
	var c ContactState
	c.Apply(&Event{Kind: EventContact, Channel: ChannelPhone, Result: ResultWrongNumber}, -1)
	if !c.WrongNumber() || !c.TriedChannel(ChannelPhone) {
		t.Errorf("after a wrong number: %+v", c)
	}
}
