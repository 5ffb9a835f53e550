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
		{"claimed by another", func(o *Order, b *Buyer) { o.Contact.ClaimBy = 0; o.Contact.ClaimUntil = UnixTime(now.Unix() + 60) }, BlockClaimed},
		{"expired claim", func(o *Order, b *Buyer) { o.Contact.ClaimBy = 0; o.Contact.ClaimUntil = UnixTime(now.Unix()) }, BlockNone},
		{"past deadline", func(o *Order, b *Buyer) { o.Deadline = now.Unix() }, BlockExpired},
		// The buyer promised on the third touch and asked to be called back at 15:00: the
		// callback is made, the cap notwithstanding; after a decline the cap holds.
		{"the callback asked for at the cap", func(o *Order, b *Buyer) {
			o.Contact.Touches, o.Contact.LastAt, o.Contact.Answered = 3, created.Unix()+3600, true
			o.Contact.LastChannel, o.Contact.LastResult, o.Contact.Until = ChannelPhone, ResultPromised, now.Unix()
		}, BlockNone},
		{"the low-ticket callback asked for at the cap", func(o *Order, b *Buyer) {
			o.Amount, o.Contact.Touches, o.Contact.LastAt, o.Contact.Answered = 5900, 1, created.Unix()+3600, true
			o.Contact.LastChannel, o.Contact.LastResult, o.Contact.Until = ChannelIM, ResultPromised, now.Unix()
		}, BlockNone},
		{"declined at the cap", func(o *Order, b *Buyer) {
			o.Contact.Touches, o.Contact.LastAt, o.Contact.Answered = 3, created.Unix()+3600, true
			o.Contact.LastChannel, o.Contact.LastResult = ChannelPhone, ResultDeclined
		}, BlockCap},
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

// TestFollowUpDaysCountFromTheFirstTouch: a high-ticket order followed up for
// high_ticket_days (5) without an answer is given up, counted from its first touch: an
// order placed 6 days ago (its export closes it in 15) and first touched 2 days ago is still
// followed up; first touched 5 days ago, it is given up; an answer keeps it.
func TestFollowUpDaysCountFromTheFirstTouch(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	day := int64(86400)
	tests := []struct {
		name           string
		placed, first  int64 // days before now
		answered       bool
		block          Block
		wantFirstAtDay int64 // FirstAt, in days before now
	}{
		{"placed 6 days ago, first touched 2 days ago", 6, 2, false, BlockNone, 2},
		{"placed 6 days ago, first touched 5 days ago", 6, 5, false, BlockGaveUp, 5},
		{"placed 4 days ago, first touched at once", 4, 4, false, BlockNone, 4},
		{"first touched 5 days ago, answered", 6, 5, true, BlockNone, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(now.Add(time.Duration(-tt.placed*day)*time.Second), 80000, func(o *Order, b *Buyer) {
				o.Deadline = o.Created + 15*day
				o.Contact.ClaimBy = -1
				first := now.Unix() - tt.first*day
				// Two touches, the first one tt.first days ago, the last a day after it.
				for _, at := range []int64{first, first + day/2} {
					o.Contact.Apply(&Event{Kind: EventContact, At: at, Channel: ChannelIM, Result: ResultSent}, -1)
				}
				if tt.answered {
					o.Contact.Answered = true
				}
			})
			if got := s.Orders[0].Contact.FirstAt(); got != now.Unix()-tt.wantFirstAtDay*day {
				t.Fatalf("first touch at %d, want %d", got, now.Unix()-tt.wantFirstAtDay*day)
			}
			if row := rankOne(t, s, cfg, now); row.Block() != tt.block {
				t.Fatalf("block = %v, want %v", row.Block(), tt.block)
			}
		})
	}
}

// TestApplyKeepsTheFirstTouch: FirstAt is the earliest contact folded, to the minute,
// whatever order the contacts come in; snoozes and claims are not touches.
func TestApplyKeepsTheFirstTouch(t *testing.T) {
	const t0 = 1794412800
	tests := []struct {
		name string
		evs  []Event
		want int64
	}{
		{"one contact", []Event{{Kind: EventContact, At: t0}}, t0},
		{"three contacts", []Event{{Kind: EventContact, At: t0}, {Kind: EventContact, At: t0 + 7200}, {Kind: EventContact, At: t0 + 86400}}, t0},
		{"a snooze first", []Event{{Kind: EventSnooze, At: t0 - 600, Until: t0}, {Kind: EventContact, At: t0}, {Kind: EventContact, At: t0 + 3600}}, t0},
		{"to the minute, toward the last touch", []Event{{Kind: EventContact, At: t0 + 30}, {Kind: EventContact, At: t0 + 3600}}, t0 + 60},
		{"an earlier one logged late", []Event{{Kind: EventContact, At: t0 + 3600}, {Kind: EventContact, At: t0}}, t0},
		{"days of them saturate at 45 days", []Event{{Kind: EventContact, At: t0}, {Kind: EventContact, At: t0 + 60*86400}}, t0 + 60*86400 - 65535*60},
	}
	for _, tt := range tests {
		var c ContactState
		for i := range tt.evs {
			c.Apply(&tt.evs[i], -1)
		}
		if got := c.FirstAt(); got != tt.want {
			t.Errorf("%s: first touch %d, want %d", tt.name, got, tt.want)
		}
	}
}
