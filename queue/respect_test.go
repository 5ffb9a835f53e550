package queue

import (
	"testing"
	"time"
)

func TestBreaks(t *testing.T) {
	cfg := testConfig()
	tests := []struct {
		name string
		now  time.Time
		ch   Channel
		edit func(o *Order, b *Buyer)
		want int
	}{
		{"clean", at("15:00"), ChannelIM, nil, 0},
		{"quiet hours", at("03:00"), ChannelIM, nil, 1},
		{"over cap", at("15:00"), ChannelIM, func(o *Order, b *Buyer) { o.Contact.Touches = 3; o.Contact.LastAt = at("09:00").Unix() }, 1},
		{"second sms today", at("15:00"), ChannelSMS, func(o *Order, b *Buyer) { b.SMSDay = LocalDay(at("09:00").Unix(), shanghai) }, 1},
		{"masked phone call", at("15:00"), ChannelPhone, func(o *Order, b *Buyer) { b.Phone = "138****0000" }, 1},
		{"opted out in quiet hours", at("03:00"), ChannelIM, func(o *Order, b *Buyer) { b.OptedOut = true }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(tt.now.Add(-3*time.Hour), 20000, tt.edit)
			got := cfg.Breaks(&s.Orders[0], &s.Buyers[0], tt.ch, tt.now, LangZH)
			if len(got) != tt.want {
				t.Fatalf("breaks = %q, want %d", got, tt.want)
			}
		})
	}
}
