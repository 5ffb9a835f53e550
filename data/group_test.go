package data

import (
	"fmt"
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

// TestASnoozeOrAClaimHoldsTheBuyersGroup: A and B are one buyer's open orders, B listed under
// A. A snooze of A snoozes B too, and a claim of A claims B, so the buyer does not come up
// again through B: not for the specialist who snoozed them, and not for a colleague, whose
// contact on B is refused as on A. A release of A releases B, and revoking the snooze (the
// workstation's undo) takes B's back.
func TestASnoozeOrAClaimHoldsTheBuyersGroup(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	snooze, err := s.Append(ctx, queue.Event{At: t0 + 5000, Operator: "小美", Kind: queue.EventSnooze, Order: keyA, Until: t0 + 8600})
	if err != nil {
		t.Fatal(err)
	}
	if c, _, _ := orderState(t, s, keyB); c.Until != t0+8600 {
		t.Fatalf("B after a snooze of A: until %d, want %d", c.Until, t0+8600)
	}
	if _, err := s.Claim(ctx, queue.Event{At: t0 + 5000, Operator: "小美", Order: keyA, Until: t0 + 5900}); err != nil {
		t.Fatal(err)
	}
	if _, by, _ := orderState(t, s, keyB); by != "小美" {
		t.Fatalf("B after 小美 claimed A: held by %q", by)
	}
	c := contactA(t0+5000, "阿杰")
	c.Order = keyB
	if _, err := s.Append(ctx, c); !isCode(err, CodeClaimed) {
		t.Fatalf("阿杰's contact on B while 小美 holds the buyer: %v", err)
	}
	if _, err := s.Append(ctx, queue.Event{At: t0 + 5100, Operator: "小美", Kind: queue.EventRelease, Order: keyA}); err != nil {
		t.Fatal(err)
	}
	if _, by, _ := orderState(t, s, keyB); by != "" {
		t.Fatalf("B after 小美 released A: held by %q", by)
	}
	if _, err := s.Revoke(ctx, queue.Event{At: t0 + 5200, Operator: "小美", Revokes: snooze.ID, Reason: "undo"}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}
	if c, _, _ := orderState(t, s, keyB); c.Until != 0 {
		t.Fatalf("B after the snooze of A was revoked: until %d", c.Until)
	}
	// Each follow names its lead, once: a retry of the snooze logs nothing more.
	evs, err := s.Events(ctx, EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	follows := 0
	for i := range evs {
		if queue.FollowLead(&evs[i]) == "A" && evs[i].Order == keyB {
			follows++
		}
	}
	if follows != 3 {
		t.Fatalf("%d follows on B, want 3 (the snooze, the claim, the release): %+v", follows, evs)
	}
}

// TestAReleaseGoesOnlyToWhatItsSpecialistHolds: a release of A gives back B only when its
// specialist holds B; a colleague's claim on B stays theirs, and an order nobody holds gets
// no release of its own in the log.
func TestAReleaseGoesOnlyToWhatItsSpecialistHolds(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	if _, err := s.Append(ctx, queue.Event{At: t0 + 5000, Operator: "小美", Kind: queue.EventRelease, Order: keyA}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, queue.Event{At: t0 + 5000, Operator: "阿杰", Order: keyB, Until: t0 + 5900}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(901 * time.Second) // 阿杰's lease on both ran out: 小美 claims A, 阿杰 then B again
	if _, err := s.Claim(ctx, queue.Event{At: t0 + 5901, Operator: "小美", Order: keyA, Until: t0 + 6801}); err != nil {
		t.Fatal(err)
	}
	if _, by, _ := orderState(t, s, keyB); by != "小美" {
		t.Fatalf("B after 小美 claimed A: held by %q", by)
	}
	if _, err := s.Append(ctx, queue.Event{At: t0 + 5902, Operator: "小美", Kind: queue.EventRelease, Order: keyA}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, queue.Event{At: t0 + 5903, Operator: "阿杰", Order: keyB, Until: t0 + 6803}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, queue.Event{At: t0 + 5904, Operator: "小美", Kind: queue.EventRelease, Order: keyA}); !isCode(err, CodeClaimed) {
		t.Fatalf("小美's release of A that 阿杰 holds with B: %v", err)
	}
	evs, err := s.Events(ctx, EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var onB []string
	for _, e := range evs {
		if e.Order == keyB {
			onB = append(onB, string(e.Kind)+" "+e.Operator)
		}
	}
	want := "[claim 阿杰 claim 小美 release 小美 claim 阿杰]"
	if got := fmt.Sprint(onB); got != want {
		t.Fatalf("B's events %s, want %s", got, want)
	}
}
