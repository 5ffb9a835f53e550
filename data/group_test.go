package data

import (
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestAContactTouchesTheBuyersGroup: a contact on A (A and B are one buyer's) logs a group
// touch on B, so B's touches rise and a payment of B is credited; it counts as one contact;
// a duplicate outcome on B closes B alone; revoking the contact on A takes back B's touch.
func TestAContactTouchesTheBuyersGroup(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	e, err := s.Append(ctx, contactA(t0+3700, "小美"))
	if err != nil {
		t.Fatal(err)
	}
	if c, _, _ := orderState(t, s, keyB); c.Touches != 1 || c.LastAt != t0+3700 || c.LastChannel != queue.ChannelIM {
		t.Fatalf("B after a contact on A: %+v", c)
	}
	b := rec("B", queue.StatusPaid, 30000)
	b.Buyer = rec("A", queue.StatusUnpaid, 0).Buyer
	if _, err := s.Upsert(ctx, []exports.Record{b}); err != nil {
		t.Fatal(err)
	}
	tally, err := s.Tally(ctx, "小美", t0, t0+86400, 72*3600)
	if err != nil || tally.Contacts != 1 || tally.OrdersContacted != 2 || tally.Recovered != 1 || tally.RecoveredFen != 30000 {
		t.Fatalf("tally %+v, %v", tally, err)
	}
	if _, err := s.Revoke(ctx, queue.Event{At: t0 + 8000, Operator: "小美", Revokes: e.ID}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.Tally(ctx, "小美", t0, t0+86400, 72*3600); after != (Tally{}) {
		t.Fatalf("tally after the revoke %+v", after)
	}
}

func TestADuplicateOutcomeClosesOnlyTheDuplicate(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	if _, err := s.Append(ctx, queue.Event{At: t0 + 3700, Operator: "小美", Kind: queue.EventContact, Order: keyB,
		Channel: queue.ChannelIM, Result: queue.ResultDuplicate}); err != nil {
		t.Fatal(err)
	}
	if c, _, _ := orderState(t, s, keyB); !c.Closed || c.LastResult != queue.ResultDuplicate {
		t.Fatalf("the duplicate B: %+v", c)
	}
	if c, _, _ := orderState(t, s, keyA); c.Closed || c.Touches != 0 {
		t.Fatalf("the original A: %+v", c)
	}
	evs, _ := s.Events(ctx, EventFilter{})
	if len(evs) != 1 {
		t.Fatalf("events %+v", evs)
	}
}

func TestDetailListsTheBuyersGroup(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	d, err := s.Detail(ctx, keyA)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Group) != 1 || d.Group[0].ID != "B" || d.Group[0].Amount != 30000 {
		t.Fatalf("A's group: %+v", d.Group)
	}
}

// TestAPastContactTouchesOnlyOrdersThatExistedThen: a contact logged with an At in the past
// (cuifu contact with an earlier --now, a replayed history) touches the buyer's orders that
// were open at that moment, not one the buyer placed after it: that order's first touch is still to come.
func TestAPastContactTouchesOnlyOrdersThatExistedThen(t *testing.T) {
	now := time.Unix(t0+9000, 0)
	s := storeAt(t, &now)
	later := rec("C", queue.StatusUnpaid, 20000)
	later.Buyer, later.Created = rec("A", queue.StatusUnpaid, 0).Buyer, t0+8000
	if _, err := s.Upsert(ctx, []exports.Record{later}); err != nil {
		t.Fatal(err)
	}
	e, err := s.Append(ctx, contactA(t0+3700, "小美"))
	if err != nil {
		t.Fatal(err)
	}
	if c, _, _ := orderState(t, s, keyB); c.Touches != 1 || c.LastAt != t0+3700 {
		t.Fatalf("B, placed before the contact: %+v", c)
	}
	keyC := queue.OrderKey{Platform: queue.PlatformTaobao, ID: "C"}
	if c, _, _ := orderState(t, s, keyC); c.Touches != 0 || c.LastAt != 0 {
		t.Fatalf("C, placed after the contact, was touched: %+v", c)
	}
	evs, err := s.Events(ctx, EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Order == keyC {
			t.Fatalf("an event on C at %d, before C was placed (%d): %+v", ev.At, later.Created, ev)
		}
	}
	if len(evs) != 2 || evs[0].ID != e.ID {
		t.Fatalf("events: %+v", evs)
	}
}
