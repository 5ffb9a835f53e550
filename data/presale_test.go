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
