package queue

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestTouchSequence ranks a new high-value buyer's order through its touches: IM first, a
// call once the IM went unanswered (two hours after the order at the earliest, inside the
// phone window, or the next day), IM again for a buyer who promised on IM.
func TestTouchSequence(t *testing.T) {
	cfg := testConfig()
	imAt := func(at time.Time, r Result) func(o *Order, b *Buyer) {
		return func(o *Order, b *Buyer) {
			o.Contact = ContactState{ClaimBy: -1, Touches: 1, LastAt: at.Unix(), LastChannel: ChannelIM, Tried: 1 << ChannelIM,
				LastResult: r, Answered: r.Answered()}
		}
	}
	tests := []struct {
		name    string
		created string
		edit    func(t0 time.Time) func(o *Order, b *Buyer)
		now     string
		ch      Channel
		sec     Section
		nextAt  string
	}{
		{"the first touch is IM", "2026-11-20 10:00", nil, "2026-11-20 10:40", ChannelIM, SectionDue, ""},
		{"IM unanswered: the call waits for two hours", "2026-11-20 09:30",
			func(t0 time.Time) func(o *Order, b *Buyer) { return imAt(t0.Add(35*time.Minute), ResultSent) },
			"2026-11-20 10:30", ChannelPhone, SectionUpcoming, "2026-11-20 11:30"},
		{"IM unanswered: two hours fall in the lunch hour", "2026-11-20 10:00",
			func(t0 time.Time) func(o *Order, b *Buyer) { return imAt(t0.Add(35*time.Minute), ResultSent) },
			"2026-11-20 11:00", ChannelPhone, SectionUpcoming, "2026-11-20 13:00"},
		{"IM unanswered: the call at two hours", "2026-11-20 14:00",
			func(t0 time.Time) func(o *Order, b *Buyer) { return imAt(t0.Add(35*time.Minute), ResultSent) },
			"2026-11-20 16:00", ChannelPhone, SectionDue, ""},
		{"IM unanswered late: the call waits for 09:00", "2026-11-20 20:00",
			func(t0 time.Time) func(o *Order, b *Buyer) { return imAt(t0.Add(35*time.Minute), ResultSent) },
			"2026-11-20 21:10", ChannelPhone, SectionUpcoming, "2026-11-21 09:00"},
		{"IM unanswered at 08:00: no call before 09:00", "2026-11-20 06:30",
			func(t0 time.Time) func(o *Order, b *Buyer) { return imAt(local("2026-11-20 08:00"), ResultSent) },
			"2026-11-20 08:40", ChannelPhone, SectionUpcoming, "2026-11-20 09:00"},
		{"promised on IM: reminded on IM", "2026-11-20 10:00",
			func(t0 time.Time) func(o *Order, b *Buyer) { return imAt(t0.Add(35*time.Minute), ResultPromised) },
			"2026-11-21 10:00", ChannelIM, SectionDue, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t0 := local(tt.created)
			var edit func(o *Order, b *Buyer)
			if tt.edit != nil {
				edit = tt.edit(t0)
			}
			row := rankOne(t, one(t0, 80000, edit), cfg, local(tt.now))
			if row.Channel() != tt.ch || row.Section() != tt.sec {
				t.Fatalf("got %v %v (rule %v), want %v %v", row.Section(), row.Channel(), row.Rule(), tt.sec, tt.ch)
			}
			if tt.nextAt != "" && row.NextAt() != local(tt.nextAt).Unix() {
				t.Fatalf("next %v, want %s", time.Unix(row.NextAt(), 0).In(shanghai), tt.nextAt)
			}
		})
	}
}

// TestSequenceProperties ranks random orders at random moments of a week around 双11: no
// first touch is a call, no call comes less than phone_after after its order, and an order
// with a wrong number logged gets neither a call nor an SMS.
func TestSequenceProperties(t *testing.T) {
	cfg := testConfig()
	rng := rand.New(rand.NewPCG(3, 9))
	var r Ranker
	for round := 0; round < 200; round++ {
		now := local("2026-11-09 00:00").Add(time.Duration(rng.IntN(6*24*60)) * time.Minute)
		s := benchSnapshot(300, now)
		for i := range s.Orders {
			o := &s.Orders[i]
			o.Created = now.Unix() - int64(rng.IntN(40*3600))
			if o.Contact.Touches > 0 {
				o.Contact.LastAt = o.Created + int64(rng.IntN(int(now.Unix()-o.Created)+1))
				o.Contact.LastResult = Results[rng.IntN(len(Results))]
				if rng.IntN(5) == 0 {
					o.Contact.Tried |= triedWrongNumber
				}
			}
		}
		for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1}) {
			o := &s.Orders[row.Order]
			switch {
			case row.Channel() == ChannelPhone && o.Contact.Touches == 0:
				t.Fatalf("order %d: a first touch by phone at %v", row.Order, now)
			case o.Contact.WrongNumber() && (row.Channel() == ChannelPhone || row.Channel() == ChannelSMS):
				t.Fatalf("order %d: %v after a wrong number", row.Order, row.Channel())
			case row.Channel() == ChannelPhone && row.Section() == SectionDue && now.Unix()-o.Created < cfg.Timing.PhoneAfter.Seconds() &&
				o.Contact.LastResult != ResultPromised:
				t.Fatalf("order %d: a call %v after the order", row.Order, now.Sub(time.Unix(o.Created, 0)))
			}
		}
	}
}
