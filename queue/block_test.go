package queue

import (
	"testing"
	"time"
)

func TestBlocks(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	created := now.Add(-3 * time.Hour)
	tests := []struct {
		name  string
		edit  func(o *Order, b *Buyer)
		block Block
	}{
		{"opted out", func(o *Order, b *Buyer) { b.OptedOut = true }, BlockOptedOut},
		{"blacklisted", func(o *Order, b *Buyer) { b.Blacklisted = true }, BlockBlacklist},
		{"opted out and blacklisted", func(o *Order, b *Buyer) { b.OptedOut = true; b.Blacklisted = true }, BlockOptedOut},
		{"outcome closed", func(o *Order, b *Buyer) { o.Contact.Closed = true }, BlockOutcome},
		{"cap reached", func(o *Order, b *Buyer) { o.Contact.Touches = 3; o.Contact.LastAt = created.Unix() }, BlockCap},
		{"low ticket one touch", func(o *Order, b *Buyer) { o.Amount = 5900; o.Contact.Touches = 1; o.Contact.LastAt = created.Unix() }, BlockCap},
		{"claimed by another", func(o *Order, b *Buyer) { o.Contact.ClaimBy = 0; o.Contact.ClaimUntil = now.Unix() + 60 }, BlockClaimed},
		{"expired claim", func(o *Order, b *Buyer) { o.Contact.ClaimBy = 0; o.Contact.ClaimUntil = now.Unix() }, BlockNone},
		{"past deadline", func(o *Order, b *Buyer) { o.Deadline = now.Unix() }, BlockExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(created, 20000, tt.edit)
			s.Operators = []string{"小美"}
			row := rankOne(t, s, cfg, now)
			if row.Block() != tt.block {
				t.Fatalf("block = %v, want %v", row.Block(), tt.block)
			}
			if (row.Section() == SectionBlocked) != (tt.block != BlockNone) {
				t.Fatalf("section %v with block %v", row.Section(), row.Block())
			}
		})
	}
}
