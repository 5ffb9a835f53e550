package queue

import (
	"strings"
	"testing"
	"time"
)

// TestTheSMSAfterAnUnansweredCallComesSoon: after an unanswered (or busy) call the
// notification SMS is due after_call past it, not the next day; a meal holds it; when the
// SMS window does not open within AfterCallFresh of the call there is no "I just called" to
// send, and the order keeps its next-day retry, an SMS by the wave rule.
func TestTheSMSAfterAnUnansweredCallComesSoon(t *testing.T) {
	tests := []struct {
		name      string
		call, now string // shop times of 2026-11-11
		result    Result
		afterCall time.Duration
		section   Section
		next      string // the due time of an upcoming row, as "01-02 15:04"
		rule      ChannelRule
		why       Why // must be among the row's reasons
	}{
		{"a quarter of an hour after the call", "15:00", "15:01", ResultNoAnswer, 15 * time.Minute, SectionUpcoming, "11-11 15:15", RuleAfterCall, 0},
		{"due once the quarter has passed", "15:00", "15:20", ResultNoAnswer, 15 * time.Minute, SectionDue, "", RuleAfterCall, 0},
		{"a busy line too", "16:00", "16:05", ResultBusy, 15 * time.Minute, SectionUpcoming, "11-11 16:15", RuleAfterCall, 0},
		{"after_call as configured", "15:00", "15:01", ResultNoAnswer, 30 * time.Minute, SectionUpcoming, "11-11 15:30", RuleAfterCall, 0},
		{"a meal holds it", "11:50", "11:55", ResultNoAnswer, 15 * time.Minute, SectionUpcoming, "11-11 13:00", RuleAfterCall, WhyMeal},
		{"inside the notification window", "20:50", "20:51", ResultNoAnswer, 15 * time.Minute, SectionUpcoming, "11-11 21:05", RuleAfterCall, 0},
		{"the window closes first: the next-day retry", "21:50", "21:51", ResultNoAnswer, 15 * time.Minute, SectionUpcoming, "11-12 10:00", RuleWave, WhyRetry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Timing.AfterCall = Duration(tt.afterCall)
			s := one(at("10:00").Add(-24*time.Hour), 60000, func(o *Order, b *Buyer) {
				o.Contact = ContactState{ClaimBy: -1, Touches: 2, LastAt: at(tt.call).Unix(), LastChannel: ChannelPhone,
					LastResult: tt.result, Tried: 1<<ChannelIM | 1<<ChannelPhone}
			})
			row := rankOne(t, s, cfg, at(tt.now))
			if row.Channel() != ChannelSMS || row.Rule() != tt.rule || row.Section() != tt.section {
				t.Fatalf("%v by rule %d, %v; want SMS by rule %d, %v", row.Channel(), row.Rule(), row.Section(), tt.rule, tt.section)
			}
			if tt.next != "" {
				if got := time.Unix(row.NextAt(), 0).In(shanghai).Format("01-02 15:04"); got != tt.next {
					t.Errorf("due at %s, want %s", got, tt.next)
				}
			}
			if row.Why&tt.why != tt.why {
				t.Errorf("why %b lacks %b", row.Why, tt.why)
			}
			if tt.rule == RuleAfterCall && (row.Why&WhyRetry != 0 || row.SMSKind() != SMSNotification) {
				t.Errorf("the SMS after the call: why %b, kind %v", row.Why, row.SMSKind())
			}
		})
	}
}

// TestAfterCallMustStayFresh: an after_call later than AfterCallFresh could never say
// "I just called", and the config is refused.
func TestAfterCallMustStayFresh(t *testing.T) {
	for _, tt := range []struct {
		d  time.Duration
		ok bool
	}{{0, true}, {10 * time.Minute, true}, {AfterCallFresh, true}, {AfterCallFresh + time.Minute, false}} {
		cfg := DefaultConfig()
		cfg.Timing.AfterCall = Duration(tt.d)
		err := cfg.checkValues()
		if (err == nil) != tt.ok || (err != nil && !strings.Contains(err.Error(), "timing.after_call")) {
			t.Errorf("after_call %s: %v", tt.d, err)
		}
	}
}
