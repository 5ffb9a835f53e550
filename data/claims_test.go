package data

import (
	"database/sql"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"cuifu/data/exports"
	"cuifu/queue"
)

// storeAt opens a temp store with orders A and B of one buyer, whose own clock reads *now.
func storeAt(t *testing.T, now *time.Time) *Store {
	t.Helper()
	s, _ := tempStore(t)
	s.clock = func() time.Time { return *now }
	a, b := rec("A", queue.StatusUnpaid, 50000), rec("B", queue.StatusUnpaid, 30000)
	b.Buyer = a.Buyer
	if _, err := s.Upsert(ctx, []exports.Record{a, b}); err != nil {
		t.Fatal(err)
	}
	return s
}

var keyA, keyB = queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, queue.OrderKey{Platform: queue.PlatformTaobao, ID: "B"}

func contactA(at int64, op string) queue.Event {
	return queue.Event{At: at, Operator: op, Kind: queue.EventContact, Order: keyA, Channel: queue.ChannelIM, Result: queue.ResultSent}
}

func orderState(t *testing.T, s *Store, key queue.OrderKey) (queue.ContactState, string, queue.Buyer) {
	t.Helper()
	snap, err := s.Snapshot(ctx, ptr(queue.DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range snap.Orders {
		if o.Key() == key {
			return o.Contact, snap.Operator(o.Contact.ClaimBy), snap.Buyers[o.Buyer]
		}
	}
	t.Fatalf("%s not in the snapshot", key)
	return queue.ContactState{}, "", queue.Buyer{}
}

func TestDuplicateUIDIsLoggedOnce(t *testing.T) {
	now := time.Unix(t0+3700, 0)
	s := storeAt(t, &now)
	e := contactA(t0+3700, "小美")
	e.UID = NewUID()
	first, err := s.Append(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Append(ctx, e)
	if err != nil || again.ID != first.ID || again.UID != e.UID {
		t.Fatalf("retry: %+v %v, first #%d", again, err, first.ID)
	}
	if evs, _ := s.Events(ctx, EventFilter{}); len(ownEvents(evs)) != 1 {
		t.Fatalf("%d events logged, want 1", len(ownEvents(evs)))
	}
	if c, _, _ := orderState(t, s, keyA); c.Touches != 1 {
		t.Fatalf("touches %d after a retry, want 1", c.Touches)
	}
	// Events without a UID get fresh ones: two of them are two events.
	for i := 0; i < 2; i++ {
		if _, err := s.Append(ctx, contactA(t0+3800, "小美")); err != nil {
			t.Fatal(err)
		}
	}
	if evs, _ := s.Events(ctx, EventFilter{}); len(ownEvents(evs)) != 3 || ownEvents(evs)[1].UID == "" || ownEvents(evs)[1].UID == ownEvents(evs)[2].UID {
		t.Fatalf("events: %+v", evs)
	}
}

func TestClaimHoldsByTheStoreClock(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	// 小美 claims with a frozen --now an hour behind the store: the lease is 15 minutes of
	// the store's clock all the same.
	if _, err := s.Claim(ctx, queue.Event{At: t0 + 1400, Operator: "小美", Order: keyA, Until: t0 + 1400 + 900}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []queue.Event{
		contactA(t0+99999, "阿杰"), // a caller's clock far past the lease does not end it
		{At: t0 + 5000, Operator: "阿杰", Kind: queue.EventSnooze, Order: keyA, Until: t0 + 9000},
		{At: t0 + 5000, Operator: "阿杰", Kind: queue.EventClaim, Order: keyA, Until: t0 + 5900},
		{At: t0 + 5000, Operator: "阿杰", Kind: queue.EventRelease, Order: keyA},
	} {
		_, err := s.Append(ctx, e)
		r, ok := RefusalOf(err)
		if !ok || r.Code != CodeClaimed || r.By != "小美" || r.Until != t0+5000+900 || !errors.Is(err, ErrClaimed) {
			t.Fatalf("%s by 阿杰 on 小美's claim: %v", e.Kind, err)
		}
	}
	if _, err := s.Append(ctx, queue.Event{At: t0 + 5000, Operator: "阿杰", Kind: queue.EventReveal, Order: keyA}); err != nil {
		t.Fatalf("a reveal is not a contact: %v", err)
	}
	if _, err := s.Append(ctx, contactA(t0+5000, "小美")); err != nil {
		t.Fatalf("the holder's own contact: %v", err)
	}
	// When the store's clock passes the lease, the order is free, whatever the caller's
	// clock says.
	now = now.Add(901 * time.Second)
	if _, err := s.Append(ctx, contactA(t0+1500, "阿杰")); err != nil {
		t.Fatalf("after the lease: %v", err)
	}
	if _, by, _ := orderState(t, s, keyA); by != "" {
		t.Fatalf("an expired claim outlived a contact: held by %q", by)
	}
}

func TestForcedContactIsAnOverrideAndKeepsTheClaim(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	if _, err := s.Claim(ctx, queue.Event{At: t0 + 5000, Operator: "小美", Order: keyA, Until: t0 + 5900}); err != nil {
		t.Fatal(err)
	}
	e := contactA(t0+5010, "阿杰")
	e.Force = true
	saved, err := s.Append(ctx, e)
	if err != nil || saved.Override != "小美" || saved.ID == 0 {
		t.Fatalf("forced contact: %+v %v", saved, err)
	}
	evs, _ := s.Events(ctx, EventFilter{Order: &keyA})
	if last := evs[len(evs)-1]; last.Override != "小美" || last.Operator != "阿杰" || last.Logged != now.Unix() {
		t.Fatalf("the log does not show the override: %+v", last)
	}
	c, by, _ := orderState(t, s, keyA)
	if by != "小美" || c.Touches != 1 {
		t.Fatalf("after the override: held by %q, %d touches", by, c.Touches)
	}
	if _, err := s.Append(ctx, contactA(t0+5020, "阿杰")); !errors.Is(err, ErrClaimed) {
		t.Fatalf("the next unforced contact: %v", err)
	}
	// Force on an unclaimed order overrides nobody: another buyer's C (B is the same
	// buyer's as A, held with it).
	if _, err := s.Upsert(ctx, []exports.Record{rec("C", queue.StatusUnpaid, 20000)}); err != nil {
		t.Fatal(err)
	}
	free := queue.Event{At: t0 + 5030, Operator: "阿杰", Kind: queue.EventContact, Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "C"},
		Channel: queue.ChannelIM, Result: queue.ResultSent, Force: true}
	if saved, err := s.Append(ctx, free); err != nil || saved.Override != "" {
		t.Fatalf("forced contact on a free order: %+v %v", saved, err)
	}
}

func TestRevokeRoundTrip(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	roster := &queue.RosterConfig{Supervisors: []string{"王主管"}}
	optOut := contactA(t0+5000, "小美")
	optOut.Result, optOut.Reason = queue.ResultDoNotContact, "complaint"
	out, err := s.Append(ctx, optOut)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, b := orderState(t, s, keyB); !b.OptedOut || !b.Complaint {
		t.Fatalf("opt-out not on the buyer: %+v", b)
	}
	// Another specialist may not revoke it; a supervisor may; the owner may.
	_, err = s.Revoke(ctx, queue.Event{At: t0 + 5100, Operator: "阿杰", Revokes: out.ID, Reason: "mistake"}, roster)
	if r, ok := RefusalOf(err); !ok || r.Code != CodeNotSupervisor || r.By != "小美" {
		t.Fatalf("阿杰 revoking 小美's event: %v", err)
	}
	rv, err := s.Revoke(ctx, queue.Event{At: t0 + 5100, Operator: "小美", Revokes: out.ID, Reason: "wrong buyer"}, roster)
	if err != nil || rv.Kind != queue.EventRevoke || rv.Order != keyA || rv.ID <= out.ID {
		t.Fatalf("revoke: %+v %v", rv, err)
	}
	c, _, b := orderState(t, s, keyA)
	if b.OptedOut || b.Complaint || c.Touches != 0 || c.Closed || c.Answered {
		t.Fatalf("after the revoke: order %+v, buyer %+v", c, b)
	}
	evs, _ := s.Events(ctx, EventFilter{})
	if len(evs) != 2 || evs[0].ID != out.ID || evs[1].Revokes != out.ID || evs[1].Reason != "wrong buyer" {
		t.Fatalf("the log: %+v (nothing may be deleted)", evs)
	}
	if live := queue.Live(evs); len(live) != 0 {
		t.Fatalf("live events after the revoke: %+v", live)
	}
	_, err = s.Revoke(ctx, queue.Event{At: t0 + 5200, Operator: "王主管", Revokes: out.ID, Reason: "again"}, roster)
	if r, ok := RefusalOf(err); !ok || r.Code != CodeRevoked || r.By != "小美" {
		t.Fatalf("revoking twice: %v", err)
	}
	_, err = s.Revoke(ctx, queue.Event{At: t0 + 5200, Operator: "小美", Revokes: rv.ID}, roster)
	if r, ok := RefusalOf(err); !ok || r.Code != CodeNotRevocable {
		t.Fatalf("revoking a revoke: %v", err)
	}
	if _, err = s.Revoke(ctx, queue.Event{At: t0 + 5200, Operator: "小美", Revokes: 999}, roster); !isCode(err, CodeNoEvent) {
		t.Fatalf("revoking an unknown event: %v", err)
	}

	// A supervisor revokes 阿杰's claim: the order is free again, the other events stay.
	sms := queue.Event{At: t0 + 5300, Operator: "阿杰", Kind: queue.EventContact, Order: keyB, Channel: queue.ChannelSMS, Result: queue.ResultSent, Note: "cushion=2"}
	if _, err := s.Append(ctx, sms); err != nil {
		t.Fatal(err)
	}
	claim, err := s.Claim(ctx, queue.Event{At: t0 + 5400, Operator: "阿杰", Order: keyB, Until: t0 + 6300})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Revoke(ctx, queue.Event{At: t0 + 5500, Operator: "王主管", Revokes: claim.ID, Reason: "stuck"}, roster); err != nil {
		t.Fatal(err)
	}
	c, by, b := orderState(t, s, keyB)
	if by != "" || c.Touches != 1 || !c.TriedChannel(queue.ChannelSMS) || int64(b.SMSAt) != t0+5300 || b.Cushions != 1<<2 {
		t.Fatalf("after revoking the claim: held by %q, %+v, buyer %+v", by, c, b)
	}
	if _, err := s.Append(ctx, queue.Event{At: t0 + 5600, Operator: "小美", Kind: queue.EventContact, Order: keyB, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
		t.Fatalf("contact after the claim was revoked: %v", err)
	}
}

func isCode(err error, c Code) bool {
	r, ok := RefusalOf(err)
	return ok && r.Code == c
}

func TestTallyHonoursRevocation(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	e, err := s.Append(ctx, contactA(t0+3700, "小美"))
	if err != nil {
		t.Fatal(err)
	}
	a := rec("A", queue.StatusPaid, 50000)
	if _, err := s.Upsert(ctx, []exports.Record{a}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Tally(ctx, "小美", t0, t0+86400, 72*3600)
	if _, err := s.Revoke(ctx, queue.Event{At: t0 + 8000, Operator: "小美", Revokes: e.ID}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Tally(ctx, "小美", t0, t0+86400, 72*3600)
	if before.Recovered != 1 || before.Contacts != 1 || after != (Tally{}) {
		t.Fatalf("tally before the revoke %+v, after %+v", before, after)
	}
}

func TestColleagueTouch(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s := storeAt(t, &now)
	if _, err := s.Append(ctx, queue.Event{At: t0 + 4000, Operator: "阿杰", Kind: queue.EventContact, Order: keyB, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, contactA(t0+4100, "小美")); err != nil {
		t.Fatal(err)
	}
	e, ok, err := s.ColleagueTouch(ctx, keyA, "小美", t0+3000)
	if err != nil || !ok || e.Operator != "阿杰" || e.Order != keyB {
		t.Fatalf("a colleague's touch on the same buyer: %+v %v %v", e, ok, err)
	}
	if _, ok, _ := s.ColleagueTouch(ctx, keyA, "小美", t0+4050); ok {
		t.Fatal("a touch before the window counts")
	}
	if e, ok, _ := s.ColleagueTouch(ctx, keyA, "阿杰", t0+3000); !ok || e.Operator != "小美" {
		t.Fatalf("阿杰's view: %+v %v", e, ok)
	}
}

func TestOpenSaysWhenItCreatedTheStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.db")
	if s := open(t, path); !s.Created() {
		t.Fatal("a new store is not reported as created")
	}
	if s := open(t, path); s.Created() {
		t.Fatal("an existing store is reported as created")
	}
}

// TestRefoldEqualsTheIncrementalFold is a property: for any run of contacts, snoozes,
// claims, releases (some forced, some refused) on one buyer's orders, folding the order
// again from the log, as a revoke does, gives the summary Append kept one event at a time.
func TestRefoldEqualsTheIncrementalFold(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		now := time.Unix(t0+5000, 0)
		s := storeAt(t, &now)
		rng := rand.New(rand.NewPCG(seed, 17))
		ops := []string{"小美", "阿杰", "婷婷"}
		kinds := []queue.EventKind{queue.EventContact, queue.EventContact, queue.EventSnooze, queue.EventClaim, queue.EventRelease, queue.EventReveal}
		results := []queue.Result{queue.ResultSent, queue.ResultReplied, queue.ResultPromised, queue.ResultNoAnswer, queue.ResultDoNotContact}
		channels := []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone}
		at := t0 + 5000
		for i := 0; i < 40; i++ {
			at += int64(rng.IntN(600))
			now = now.Add(time.Duration(rng.IntN(600)) * time.Second)
			e := queue.Event{At: at, Operator: ops[rng.IntN(len(ops))], Kind: kinds[rng.IntN(len(kinds))],
				Order: []queue.OrderKey{keyA, keyB}[rng.IntN(2)], Force: rng.IntN(3) == 0}
			switch e.Kind {
			case queue.EventContact:
				e.Channel, e.Result = channels[rng.IntN(len(channels))], results[rng.IntN(len(results))]
				if e.Result == queue.ResultPromised {
					e.Until = at + 3600
				}
				if rng.IntN(4) == 0 {
					e.Note = "cushion=" + strconv.Itoa(rng.IntN(5))
				}
			case queue.EventSnooze:
				e.Until = at + 1800
			case queue.EventClaim:
				e.Until = at + int64(300+rng.IntN(900))
			}
			if _, err := s.Append(ctx, e); err != nil && !errors.Is(err, ErrClaimed) {
				t.Fatal(err)
			}
		}
		for _, key := range []queue.OrderKey{keyA, keyB} {
			before := summaryRow(t, s, key)
			if err := s.write(ctx, func(tx *sql.Tx) error { return s.refoldTx(ctx, tx, key) }); err != nil {
				t.Fatal(err)
			}
			if after := summaryRow(t, s, key); after != before {
				t.Fatalf("seed %d, %s: refold\n %v\nincremental\n %v", seed, key, after, before)
			}
		}
	}
}

// summaryRow is everything the store keeps of an order's contacts and its buyer, as text.
func summaryRow(t *testing.T, s *Store, key queue.OrderKey) string {
	t.Helper()
	var out string
	err := s.db.QueryRowContext(ctx, `SELECT printf('%d %d %d %s %d %d %d %d %s %d %d %s %d | %d %d %d %d %s',
			o.touches, o.last_at, o.until, o.claim_by, o.claim_until, o.claim_lease, o.tried, o.last_channel, o.last_result,
			o.answered, o.closed, o.callback_by, o.first_ago, b.opted_out, b.complaint, b.sms_day, b.cushions, b.wrong_phone)
		FROM orders o JOIN buyers b ON b.id = o.buyer_id WHERE o.platform = ? AND o.order_id = ?`, int(key.Platform), key.ID).Scan(&out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOneUIDFromTwoProcesses: the same event sent by two processes at once (a retry racing
// the first try) is logged once.
func TestOneUIDFromTwoProcesses(t *testing.T) {
	now := time.Unix(t0+5000, 0)
	s1 := storeAt(t, &now)
	s2 := open(t, s1.Path())
	e := contactA(t0+5000, "小美")
	e.UID = NewUID()
	ids := make(chan int64, 20)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		for _, s := range []*Store{s1, s2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := s.Append(ctx, e)
				if err != nil {
					t.Error(err)
				}
				ids <- got.ID
			}()
		}
	}
	wg.Wait()
	close(ids)
	for id := range ids {
		if id != 1 {
			t.Fatalf("an append answered event #%d, want #1 for every try", id)
		}
	}
	if evs, _ := s1.Events(ctx, EventFilter{}); len(ownEvents(evs)) != 1 {
		t.Fatalf("%d events for one UID", len(ownEvents(evs)))
	}
}

// ownEvents leaves out the group touches a contact logs on its buyer's other orders (A and
// B here are one buyer's).
func ownEvents(evs []queue.Event) []queue.Event {
	var out []queue.Event
	for _, e := range evs {
		if !queue.IsGroupTouch(&e) {
			out = append(out, e)
		}
	}
	return out
}
