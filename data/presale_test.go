package data

import (
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestPresaleOrdersAreStored: a balance order keeps its stage and deposit through the
// store; its amount is the balance due; a later export with both paid takes it out of the
// queue; an export without the stage column leaves a presale order's stage as it was.
func TestPresaleOrdersAreStored(t *testing.T) {
	s, path := tempStore(t)
	cfg := queue.DefaultConfig()
	bal := rec("B", queue.StatusUnpaid, 40000)
	bal.Stage, bal.Deposit = queue.StageBalanceUnpaid, 10000
	dep := rec("D", queue.StatusUnpaid, 50000)
	dep.Stage = queue.StageDepositUnpaid
	if _, err := s.Upsert(ctx, []exports.Record{bal, dep}); err != nil {
		t.Fatal(err)
	}
	check := func(what string, wantDeposit int32) {
		t.Helper()
		snap := fullLoad(t, s, path, &cfg)
		for _, o := range snap.Orders {
			isBal := o.Flags&queue.FlagBalance != 0
			switch {
			case o.ID == "B" && (!isBal || o.Deposit != wantDeposit || o.Amount != 40000):
				t.Fatalf("%s: balance order %+v", what, o)
			case o.ID == "D" && (isBal || o.Deposit != 0):
				t.Fatalf("%s: a deposit-unpaid order is an ordinary one: %+v", what, o)
			}
		}
	}
	check("imported", 10000)
	plain := rec("B", queue.StatusUnpaid, 40000) // no stage column
	if _, err := s.Upsert(ctx, []exports.Record{plain}); err != nil {
		t.Fatal(err)
	}
	check("re-imported without the stage", 10000)
	bal.Deposit = 12000
	if _, err := s.Upsert(ctx, []exports.Record{bal}); err != nil {
		t.Fatal(err)
	}
	check("a newer deposit", 12000)
	bal.Stage, bal.Status, bal.PaidAt = queue.StagePaid, queue.StatusPaid, t0+9000
	if _, err := s.Upsert(ctx, []exports.Record{bal}); err != nil {
		t.Fatal(err)
	}
	if snap := fullLoad(t, s, path, &cfg); len(snap.Orders) != 1 || snap.Orders[0].ID != "D" {
		t.Fatalf("after the balance was paid: %+v", snap.Orders)
	}
}

// TestPayrollCreditsTheBalance: a balance order paid inside its window after a touch is a
// recovery of the balance; the deposit, paid before, is not recovered money, though the
// paid export shows the whole price.
func TestPayrollCreditsTheBalance(t *testing.T) {
	s, _ := tempStore(t)
	bal := rec("B", queue.StatusUnpaid, 40000)
	bal.Stage, bal.Deposit = queue.StageBalanceUnpaid, 10000
	if _, err := s.Upsert(ctx, []exports.Record{bal}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, queue.Event{At: t0 + 3700, Operator: "小美", Kind: queue.EventContact,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "B"}, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
		t.Fatal(err)
	}
	paid := rec("B", queue.StatusPaid, 50000) // 买家实际支付金额: deposit and balance
	paid.Stage = queue.StagePaid
	for range 2 { // the same export twice changes nothing
		if _, err := s.Upsert(ctx, []exports.Record{paid}); err != nil {
			t.Fatal(err)
		}
	}
	tally, err := s.Tally(ctx, "小美", t0, t0+86400, 72*3600)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Tally{Contacts: 1, OrdersContacted: 1, Recovered: 1, RecoveredFen: 40000}); tally != want {
		t.Fatalf("tally %+v, want %+v (the balance, not the deposit)", tally, want)
	}
}
