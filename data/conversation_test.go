package data

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"cuifu/queue"
)

// conversationStore is a temp store with the buyer 买家A's orders A and B, where 小美 sent
// an IM on A at 10:00 on 11-11 and logged the buyer's promise four minutes later (each
// folded into B as a group touch): one conversation.
func conversationStore(t *testing.T) (s *Store, path string, sent, promised queue.Event) {
	t.Helper()
	s, path = tempStore(t)
	s.snapMin = 1
	s.clock = func() time.Time { return time.Unix(t0+16*3600, 0) }
	b := rec("B", queue.StatusUnpaid, 30000)
	b.Buyer = "买家A"
	upsertAll(t, s, rec("A", queue.StatusUnpaid, 50000), b)
	log := func(at int64, r queue.Result) queue.Event {
		e := queue.Event{At: at, Operator: "小美", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"},
			Channel: queue.ChannelIM, Result: r}
		if r == queue.ResultPromised {
			e.Until = at + 86400
		}
		e, err := s.Append(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	sent = log(t0+10*3600, queue.ResultSent)
	promised = log(t0+10*3600+4*60, queue.ResultPromised)
	return s, path, sent, promised
}

// TestOneConversationIsOneContact: an IM and the promise its buyer answered with four
// minutes later are one contact everywhere the store counts: the orders' touches (the group
// touch on B too), the daily cap's contacts, the header's tally, payroll and the report, and
// the promise, the last touch before the payment, earns the recovery.
func TestOneConversationIsOneContact(t *testing.T) {
	s, _, sent, promised := conversationStore(t)
	for _, id := range []string{"A", "B"} {
		o, _, err := s.OrderState(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, "小美")
		if err != nil {
			t.Fatal(err)
		}
		if o.Contact.Touches != 1 || o.Contact.LastBy != 1 || o.Contact.LastResult != queue.ResultPromised {
			t.Fatalf("order %s: %+v, want one touch by 小美, promised", id, o.Contact)
		}
	}
	contacts, err := s.DayContacts(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"})
	if err != nil || !slices.Equal(contacts, []uint32{uint32(sent.At)}) {
		t.Fatalf("the daily cap's contacts %v (%v), want the IM's alone", contacts, err)
	}
	cfg := queue.DefaultConfig()
	cfg.Caps.PerBuyerDay = 2
	snap, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.BuyerContacts(snap.Orders[0].Buyer); len(got) != 1 {
		t.Fatalf("the snapshot's contacts of the buyer %v, want one", got)
	}

	paid := rec("A", queue.StatusPaid, 50000)
	paid.PaidAt = t0 + 11*3600
	upsertAll(t, s, paid)
	day, lookBack := t0, cfg.Payroll.LookBack.Seconds()
	tally, err := s.Tally(ctx, "小美", day, day+86400, lookBack)
	if err != nil {
		t.Fatal(err)
	}
	if tally.Contacts != 1 || tally.OrdersContacted != 2 || tally.Recovered != 1 {
		t.Fatalf("tally %+v, want one contact (of A and B), recovered", tally)
	}
	// Payroll, as cuifu export payroll reads it.
	evs, err := s.Events(ctx, EventFilter{From: day - int64(queue.SameContact/time.Second), To: day + 86400 + lookBack})
	if err != nil {
		t.Fatal(err)
	}
	pays, err := s.Payments(ctx, day, day+86400+lookBack)
	if err != nil {
		t.Fatal(err)
	}
	rec := queue.Credited(evs, pays, lookBack, day, day+86400)
	if len(rec) != 1 || rec[0].TouchID != promised.ID || rec[0].ContactID != sent.ID {
		t.Fatalf("recoveries %+v, want the promise credited, part of the IM's contact", rec)
	}
	stats, err := queue.Stats(evs, rec, day, cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 1 || stats[0].Contacts != 1 || stats[0].OrdersContacted != 2 || stats[0].Recovered != 1 {
		t.Fatalf("payroll %+v, want one contact (of A and B), one recovery", stats)
	}
	rows, err := s.Report(ctx, &cfg, queue.ByOperator, day, day+86400)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Contacts != 1 || rows[0].Touched != 2 || rows[0].Recovered != 1 {
		t.Fatalf("report %+v, want one contact, two orders touched, one recovered", rows)
	}
}

// TestARevokedAttemptLeavesItsOutcomeAContact: the IM taken back, the promise is a contact
// of its own (one touch still), and the promise taken back leaves the IM's one.
func TestARevokedAttemptLeavesItsOutcomeAContact(t *testing.T) {
	for _, which := range []string{"the IM", "the promise"} {
		t.Run(which, func(t *testing.T) {
			s, _, sent, promised := conversationStore(t)
			gone, left := sent, promised
			if which == "the promise" {
				gone, left = promised, sent
			}
			if _, err := s.Revoke(ctx, queue.Event{At: t0 + 11*3600, Operator: "小美", Revokes: gone.ID}, &queue.RosterConfig{}); err != nil {
				t.Fatal(err)
			}
			o, _, err := s.OrderState(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, "小美")
			if err != nil {
				t.Fatal(err)
			}
			contacts, err := s.DayContacts(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"})
			if err != nil {
				t.Fatal(err)
			}
			tally, err := s.Tally(ctx, "小美", t0, t0+86400, 72*3600)
			if err != nil {
				t.Fatal(err)
			}
			if o.Contact.Touches != 1 || o.Contact.LastResult != left.Result || !slices.Equal(contacts, []uint32{uint32(left.At)}) || tally.Contacts != 1 {
				t.Fatalf("touches %d (%v), the day's contacts %v, tally %d; want one, %v's", o.Contact.Touches, o.Contact.LastResult,
					contacts, tally.Contacts, left.Result)
			}
		})
	}
}

// TestOneContactStep: a store from before schema step 18 counted the promise as a second
// touch and knew nobody as the last touch's; the step counts one and names 小美, and the
// snapshot file saved before it, merged with the store's changes, equals a full load.
func TestOneContactStep(t *testing.T) {
	s, path, _, _ := conversationStore(t)
	cfg := queue.DefaultConfig()
	fullLoad(t, s, path, &cfg)
	mustExec(t, s, `UPDATE orders SET touches = 2 WHERE touches = 1`)
	mustExec(t, s, `ALTER TABLE orders DROP COLUMN last_by`)
	mustExec(t, s, fmt.Sprintf(`PRAGMA user_version = %d`, lastByStep-1))
	s, got := reopen(t, s, path, &cfg)
	for _, o := range got.Orders {
		if o.Contact.Touches != 1 || got.Operator(o.Contact.LastBy-1) != "小美" {
			t.Fatalf("order %s after the step: %d touches, last by %q", o.ID, o.Contact.Touches, got.Operator(o.Contact.LastBy-1))
		}
	}
	sameQueue(t, "the file from before the step", got, fullLoad(t, s, path, &cfg))
	// The step can run again.
	mustExec(t, s, fmt.Sprintf(`PRAGMA user_version = %d`, lastByStep-1))
	s.Close()
	s = open(t, path)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE touches = 1 AND last_by = '小美'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("after the step ran again: %d orders (%v), want 2", n, err)
	}
}
