package data

import (
	"testing"
	"time"

	"cuifu/queue"
)

// TestOneSMSPerPhoneAcrossPlatforms: an SMS at 23:50 to the Taobao buyer counts for the JD
// buyer with the same phone, so at 00:10 no SMS is suggested to them, at 23:51 the next day
// it is; a buyer imported since with that phone (on PDD) waits too, a masked number and
// another number do not; the JD buyer's new number frees them; revoking the SMS frees all.
// The live queue merged from the store's changes agrees with a full load all along.
func TestOneSMSPerPhoneAcrossPlatforms(t *testing.T) {
	day1 := t0 + 86400 // 2026-11-12 00:00 +08:00
	now := time.Unix(day1+23*3600+50*60, 0)
	s, _ := tempStore(t)
	s.clock = func() time.Time { return now }
	order := func(p queue.Platform, id, buyer, phone string) {
		r := rec(id, queue.StatusUnpaid, 30000)
		r.Platform, r.Buyer, r.Phone, r.Created = p, buyer, phone, day1+20*3600
		upsertAll(t, s, r)
	}
	order(queue.PlatformTaobao, "T1", "甲", "13800001234")
	order(queue.PlatformJD, "J1", "jd甲", "13800001234")
	order(queue.PlatformDouyin, "D1", "dy甲", "138****1234")
	order(queue.PlatformJD, "J2", "jd乙", "13900005678")
	cfg := queue.DefaultConfig()
	cfg.Shop.Signature = "【好店】"
	live, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	// spent reports, for each order, whether its buyer's SMS of the rolling window is spent at
	// the time given, on the live queue (checked against a full load).
	spent := func(what string, at int64, want map[string]bool) {
		t.Helper()
		mergeEqualsLoad(t, s, &cfg, live, what)
		for i := range live.Orders {
			o := &live.Orders[i]
			b := live.Buyers[o.Buyer]
			b.Paid = 1 // a returning buyer gets an SMS while their window allows it
			ch, rule := cfg.ChooseChannel(queue.ChannelInput{Order: o, Buyer: &b, Wave: queue.WaveFirst, Now: at})
			w, ok := want[o.ID]
			if ok && (rule == queue.RuleSMSSpent) != w {
				t.Errorf("%s: %s gets %v by rule %d, want the SMS spent %v", what, o.ID, ch, rule, w)
			}
		}
	}
	sms, err := s.Append(ctx, queue.Event{At: now.Unix(), Operator: "小美", Kind: queue.EventContact,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "T1"}, Channel: queue.ChannelSMS, Result: queue.ResultSent})
	if err != nil {
		t.Fatal(err)
	}
	next := now.Unix() + 20*60 // 00:10
	spent("at 00:10", next, map[string]bool{"T1": true, "J1": true, "D1": false, "J2": false})
	spent("at 23:51 the next day", now.Unix()+86400+60, map[string]bool{"T1": false, "J1": false})
	order(queue.PlatformPDD, "P1", "pdd甲", "13800001234")
	spent("a buyer imported since", next, map[string]bool{"J1": true, "P1": true, "J2": false})
	order(queue.PlatformJD, "J1", "jd甲", "13700009999")
	spent("the JD buyer's new number", next, map[string]bool{"T1": true, "J1": false, "P1": true})
	if _, err := s.Revoke(ctx, queue.Event{At: next, Operator: "小美", Revokes: sms.ID}, &queue.RosterConfig{}); err != nil {
		t.Fatal(err)
	}
	spent("the SMS revoked", next, map[string]bool{"T1": false, "J1": false, "P1": false})
}
