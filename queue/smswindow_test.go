package queue

import (
	"slices"
	"testing"
	"time"
)

// TestOneSMSInAnyRolling24Hours: an SMS at 23:50, then at 00:10 a second one breaks the
// rule and is not suggested; at 23:51 the next day it is allowed again. The calendar day
// does not reset it.
func TestOneSMSInAnyRolling24Hours(t *testing.T) {
	cfg := testConfig()
	day1 := func(hhmm string) time.Time { return at(hhmm) }
	day2 := func(hhmm string) time.Time { return at(hhmm).AddDate(0, 0, 1) }
	b := Buyer{Phone: "13800000000", Paid: 1, SMSAt: uint32(day1("23:50").Unix())}
	o := Order{Amount: 90000, Created: day1("20:00").Unix(), Contact: ContactState{ClaimBy: -1}}
	for _, tt := range []struct {
		now   time.Time
		spent bool
	}{
		{day2("00:10"), true},
		{day2("23:49"), true},
		{day2("23:51"), false},
	} {
		breaks := cfg.Breaks(&o, &b, nil, 0, ChannelSMS, ResultSent, tt.now)
		if slices.Contains(breaks, BreakSMSSpent) != tt.spent {
			t.Errorf("at %s: breaks %v, SMS spent %v", tt.now.Format("01-02 15:04"), breaks, tt.spent)
		}
	}
	// In the SMS window: an SMS at 21:50 holds the next one back until 21:50 the next day.
	b.SMSAt = uint32(day1("21:50").Unix())
	for _, tt := range []struct {
		now time.Time
		ch  Channel
	}{
		{day2("10:00"), ChannelIM},
		{day2("21:51"), ChannelSMS},
	} {
		ch, _ := cfg.ChooseChannel(ChannelInput{Order: &o, Buyer: &b, Wave: WaveFirst, Now: tt.now.Unix()})
		if ch != tt.ch {
			t.Errorf("at %s: %v, want %v", tt.now.Format("01-02 15:04"), ch, tt.ch)
		}
	}
}
