package data

import (
	"testing"
	"time"

	"cuifu/queue"
)

// TestAWrongNumberIsTheBuyers: a wrong number logged on A takes phone and SMS from every
// order of the buyer, B and an order imported later (C) too; a re-import with the same number
// leaves it so; an import that brings another number gives phone and SMS back to all of
// them; a revoke of the wrong number lifts it as well.
func TestAWrongNumberIsTheBuyers(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	cfg := queue.DefaultConfig()
	cfg.Shop.Signature = "【好店】"
	wrong := func(what string, want bool) {
		t.Helper()
		snap, err := s.Snapshot(ctx, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Orders) != 3 {
			t.Fatalf("%s: %d orders", what, len(snap.Orders))
		}
		for i := range snap.Orders {
			o := &snap.Orders[i]
			if o.Contact.WrongNumber() != want {
				t.Errorf("%s: order %s wrong number %v, want %v", what, o.ID, o.Contact.WrongNumber(), want)
			}
			// The order after an unanswered call, as a buyer whose number works would have it.
			o.Contact.Touches, o.Contact.LastChannel, o.Contact.LastResult = 1, queue.ChannelPhone, queue.ResultNoAnswer
			o.Contact.Tried |= 1 << queue.ChannelPhone
			ch, _ := cfg.ChooseChannel(queue.ChannelInput{Order: o, Buyer: &snap.Buyers[o.Buyer], Wave: queue.WaveRetry, Now: now.Unix()})
			if got := ch == queue.ChannelPhone || ch == queue.ChannelSMS; got == want {
				t.Errorf("%s: order %s gets %v", what, o.ID, ch)
			}
		}
	}
	e, err := s.Append(ctx, queue.Event{At: t0 + 3700, Operator: "小美", Kind: queue.EventContact, Order: keyA,
		Channel: queue.ChannelPhone, Result: queue.ResultWrongNumber})
	if err != nil {
		t.Fatal(err)
	}
	c := rec("C", queue.StatusUnpaid, 60000)
	c.Buyer = rec("A", queue.StatusUnpaid, 0).Buyer
	upsertAll(t, s, c)
	wrong("after the wrong number", true)
	upsertAll(t, s, c) // the same number again
	wrong("after a re-import with the same number", true)
	c.Phone = "13900005678"
	upsertAll(t, s, c)
	wrong("after an import with another number", false)

	// A wrong number of the new phone, then taken back.
	e2, err := s.Append(ctx, queue.Event{At: t0 + 4000, Operator: "小美", Kind: queue.EventContact, Order: keyB,
		Channel: queue.ChannelSMS, Result: queue.ResultWrongNumber})
	if err != nil {
		t.Fatal(err)
	}
	wrong("after a wrong number of the new phone", true)
	if _, err := s.Revoke(ctx, queue.Event{At: t0 + 4100, Operator: "小美", Revokes: e.ID}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}
	wrong("after revoking the first wrong number", true)
	if _, err := s.Revoke(ctx, queue.Event{At: t0 + 4200, Operator: "小美", Revokes: e2.ID}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}
	wrong("after revoking both", false)
}
