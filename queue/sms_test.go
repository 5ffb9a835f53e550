package queue

import (
	"testing"
	"time"
)

// TestSMSKindAndSignature ranks a second-wave order (an SMS touch) and checks the kind of
// SMS asked for, and that no SMS is suggested without a registered signature.
func TestSMSKindAndSignature(t *testing.T) {
	tests := []struct {
		name      string
		now       string
		signature string
		coupon    string
		ch        Channel
		rule      ChannelRule
		kind      SMSKind
		amount    Fen // 0: ¥200
	}{
		{"during 双11: the sale price is an offer", "2026-11-11 15:00", "小美家居", "", ChannelSMS, RuleWave, SMSMarketing, 0},
		{"an ordinary day", "2026-11-20 15:00", "小美家居", "", ChannelSMS, RuleWave, SMSNotification, 0},
		{"an ordinary day with a coupon the order can use", "2026-11-20 15:00", "小美家居", "满300减30", ChannelSMS, RuleWave, SMSMarketing, 30000},
		{"an ordinary day with a coupon the order is below", "2026-11-20 15:00", "小美家居", "满300减30", ChannelSMS, RuleWave, SMSNotification, 29999},
		{"no signature", "2026-11-11 15:00", "", "", ChannelIM, RuleNoSignature, SMSNotification, 0},
		{"a placeholder signature", "2026-11-20 15:00", "本店", "", ChannelIM, RuleNoSignature, SMSNotification, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Shop.Signature, cfg.Facts.Coupon = tt.signature, tt.coupon
			now := local(tt.now)
			amount := tt.amount
			if amount == 0 {
				amount = 20000
			}
			s := one(now.Add(-2*time.Hour), amount, func(o *Order, b *Buyer) {
				o.Contact = ContactState{ClaimBy: -1, Touches: 1, LastAt: now.Add(-90 * time.Minute).Unix(), LastChannel: ChannelIM,
					Tried: 1 << ChannelIM, LastResult: ResultSent}
			})
			row := rankOne(t, s, &cfg, now)
			if row.Section() != SectionDue || row.Channel() != tt.ch || row.Rule() != tt.rule || row.SMSKind() != tt.kind {
				t.Fatalf("got %v %v rule %v kind %v, want due %v rule %v kind %v", row.Section(), row.Channel(), row.Rule(),
					row.SMSKind(), tt.ch, tt.rule, tt.kind)
			}
		})
	}
	for _, k := range []SMSKind{SMSNotification, SMSMarketing} {
		if got, ok := ParseSMSKind(k.String()); !ok || got != k {
			t.Errorf("ParseSMSKind(%q) = %v %v", k.String(), got, ok)
		}
	}
}
