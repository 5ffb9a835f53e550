package demo

import (
	"bytes"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestExportMakesPresaleOrders: --presale F makes about a share F of the unpaid orders
// presale orders in a Taobao export, most with the balance due; reading the file back gives
// each its stage, deposit and balance as written, and leaves paid orders alone.
func TestExportMakesPresaleOrders(t *testing.T) {
	var want []exports.Record
	var buf bytes.Buffer
	w, err := exports.NewWriter(&buf, queue.PlatformTaobao, loc)
	if err != nil {
		t.Fatal(err)
	}
	err = Export(ExportOptions{Orders: 2000, Unpaid: 0.5, Presale: 0.4, Seed: 3, Now: now, Loc: loc}, func(r *exports.Record) error {
		want = append(want, *r)
		return w.Write(r)
	})
	if err != nil || w.Close() != nil {
		t.Fatal(err)
	}
	var got []exports.Record
	res, err := exports.Read("gen.csv", bytes.NewReader(buf.Bytes()), exports.Options{Location: loc}, func(rs []exports.Record) error {
		got = append(got, rs...)
		return nil
	})
	if err != nil || len(res.Errors) != 0 || len(got) != len(want) {
		t.Fatalf("read back %d of %d: %v %v", len(got), len(want), res.Errors, err)
	}
	var unpaid, presale, balance int
	for i, g := range got {
		wr := want[i]
		if g.Stage != wr.Stage || g.Deposit != wr.Deposit || g.Amount != wr.Amount || g.Status != wr.Status {
			t.Fatalf("order %s: stage %v deposit %d amount %d status %v, want %v %d %d %v", g.ID, g.Stage, g.Deposit, g.Amount, g.Status,
				wr.Stage, wr.Deposit, wr.Amount, wr.Status)
		}
		if g.Status != queue.StatusUnpaid {
			if g.Stage != queue.StageNone {
				t.Fatalf("paid order %s is a presale order", g.ID)
			}
			continue
		}
		unpaid++
		if g.Stage != queue.StageNone {
			presale++
			if g.Created > now.Unix()-86400 {
				t.Errorf("presale order %s was placed on the day", g.ID)
			}
		}
		if g.Stage == queue.StageBalanceUnpaid {
			balance++
			if g.Deposit <= 0 || g.Amount <= 0 {
				t.Errorf("balance order %s: deposit %d balance %d", g.ID, g.Deposit, g.Amount)
			}
		}
	}
	if share := float64(presale) / float64(unpaid); share < 0.34 || share > 0.46 {
		t.Errorf("presale share of the unpaid %.2f, want about 0.4", share)
	}
	if balance < presale*3/4 || balance == presale {
		t.Errorf("%d of %d presale orders have the balance due: want most, not all", balance, presale)
	}
}

// TestDemoHasBalanceOrders: the demo's day, with its presale (BalanceSale) in the calendar,
// has balance orders due in the queue.
func TestDemoHasBalanceOrders(t *testing.T) {
	recs := Generate(600, 1, now, loc)
	Presale(recs, 0.1, 1, now, loc)
	cfg := queue.DefaultConfig()
	cfg.Sales = append(cfg.Sales, BalanceSale(now, loc))
	snap := &queue.Snapshot{}
	for _, r := range recs {
		if r.Status != queue.StatusUnpaid {
			continue
		}
		snap.Buyers = append(snap.Buyers, queue.Buyer{Nick: r.Buyer + r.ID, Phone: r.Phone})
		o := queue.Order{ID: r.ID, Amount: r.Amount, Created: r.Created, Buyer: int32(len(snap.Buyers) - 1), Agent: -1, Platform: queue.PlatformTaobao,
			Deposit: int32(r.Deposit), Contact: queue.ContactState{ClaimBy: -1}}
		if r.Stage == queue.StageBalanceUnpaid {
			o.Flags |= queue.FlagBalance
		}
		snap.Orders = append(snap.Orders, o)
	}
	var rk queue.Ranker
	due := 0
	for _, row := range rk.Rank(queue.Input{Snap: snap, Config: &cfg, Now: now, Me: -1}) {
		if row.Why&queue.WhyBalance != 0 && row.Section() == queue.SectionDue {
			due++
		}
	}
	if due < 5 {
		t.Fatalf("%d balance orders due in the demo's queue", due)
	}
}
