package queue

import (
	"testing"
	"time"
)

// TestTheAnswerToAnAttemptIsNoQuietHoursContact: the sale night's IM at 01:58 and the buyer's
// promise logged at 02:03 are one contact, made before the quiet hours: the audit flags
// neither, while an attempt of its own at 02:03 is flagged.
func TestTheAnswerToAnAttemptIsNoQuietHoursContact(t *testing.T) {
	key := OrderKey{PlatformTaobao, "1001"}
	night := func(hhmm string) int64 { return at(hhmm).AddDate(0, 0, 1).Unix() }
	for _, tt := range []struct {
		name   string
		second Event
		quiet  bool
	}{
		{"the buyer's promise", Event{Channel: ChannelIM, Result: ResultPromised, Until: night("10:00")}, false},
		{"another attempt", Event{Channel: ChannelIM, Result: ResultSent}, true},
		{"a colleague's outcome", Event{Operator: "阿杰", Channel: ChannelIM, Result: ResultPromised, Until: night("10:00")}, true},
	} {
		second := tt.second
		second.ID, second.At, second.Kind, second.Order = 2, night("02:03"), EventContact, key
		if second.Operator == "" {
			second.Operator = "小美"
		}
		h := &History{
			Orders: []PastOrder{{Order: Order{Platform: PlatformTaobao, ID: "1001", Amount: 20000,
				Created: night("01:58") - int64(time.Hour/time.Second), Agent: -1}}},
			Buyers:    []Buyer{{Nick: "a", Phone: "13800000001"}},
			Operators: []string{"小美", "阿杰"},
			Events: []Event{{ID: 1, At: night("01:58"), Operator: "小美", Kind: EventContact, Order: key,
				Channel: ChannelIM, Result: ResultSent}, second},
		}
		flags, _ := h.Audit(testConfig())
		if flags[0]&FlagQuietHours != 0 || (flags[1]&FlagQuietHours != 0) != tt.quiet {
			t.Errorf("%s: quiet hours flagged %v then %v, want false then %v", tt.name,
				flags[0]&FlagQuietHours != 0, flags[1]&FlagQuietHours != 0, tt.quiet)
		}
	}
}
