package queue

import (
	"testing"
	"time"
)

// TestReportCountsAGroupedContactOnce: a contact on a buyer's lead order is folded into
// each grouped order as a group touch. The grouped orders count as touched (and a payment
// of one is a recovery), but one contact is one contact and one SMS is one SMS.
func TestReportCountsAGroupedContactOnce(t *testing.T) {
	cfg := DefaultConfig()
	day, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-20 10:00", cfg.Location)
	at := day.Unix()
	key := func(id string) OrderKey { return OrderKey{PlatformTaobao, id} }
	in := ReportInput{From: at - 10*3600, To: at + 14*3600, Config: &cfg}
	for _, id := range []string{"L", "G1", "G2", "X"} {
		in.Orders = append(in.Orders, ReportOrder{Key: key(id), Nick: "买家" + id[:1], Amount: 10000, Created: at - 3600})
	}
	sms := Event{ID: 1, UID: "u1", At: at, Operator: "bob", Kind: EventContact, Order: key("L"), Channel: ChannelSMS, Result: ResultSent}
	in.Events = append(in.Events, sms)
	for _, id := range []string{"G1", "G2"} {
		g, ok := GroupTouch(&sms, key(id))
		if !ok {
			t.Fatal("no group touch")
		}
		g.ID = int64(len(in.Events) + 1)
		in.Events = append(in.Events, g)
	}
	in.Events = append(in.Events, Event{ID: 4, UID: "u4", At: at + 600, Operator: "bob", Kind: EventContact, Order: key("X"),
		Channel: ChannelIM, Result: ResultSent})
	in.Payments = []Payment{{Order: key("G2"), PaidAt: at + 1800, Amount: 10000}}
	for _, tt := range []struct {
		by                                ReportBy
		group                             string
		touched, contacts, sms, recovered int
	}{
		{ByOperator, "bob", 4, 2, 1, 1},
		{ByChannel, "sms", 3, 1, 1, 1},
		{ByChannel, "im", 1, 1, 0, 0},
		{ByAll, "all", 4, 2, 1, 1},
	} {
		in.By = tt.by
		rows, err := Report(in)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if r.Group != tt.group {
				continue
			}
			found = true
			if r.Touched != tt.touched || r.Contacts != tt.contacts || r.SMS != tt.sms || r.Recovered != tt.recovered {
				t.Errorf("by %v, %s: touched %d, contacts %d, SMS %d, recovered %d; want %d, %d, %d, %d", tt.by, tt.group,
					r.Touched, r.Contacts, r.SMS, r.Recovered, tt.touched, tt.contacts, tt.sms, tt.recovered)
			}
			if want := cfg.Report.SMSPartFen * Fen(tt.sms); r.SMSCost != want {
				t.Errorf("by %v, %s: SMS cost %d, want %d", tt.by, tt.group, r.SMSCost, want)
			}
		}
		if !found {
			t.Errorf("by %v: no group %s in %+v", tt.by, tt.group, rows)
		}
	}
}
