package scripts

import (
	"strings"
	"testing"

	"cuifu/queue"
)

// TestScriptsSpeakOfAllTheBuyersOrders: for a buyer with several open orders every message
// says how many and that they can be paid together (合并付款), a marketing SMS still ends
// with its opt-out, and a buyer with one order hears nothing of it.
func TestScriptsSpeakOfAllTheBuyersOrders(t *testing.T) {
	lib := Default()
	for _, tt := range []struct {
		name string
		ch   queue.Channel
		kind queue.SMSKind
		open uint8
		want bool
	}{
		{"IM, two orders", queue.ChannelIM, 0, 2, true},
		{"notification SMS, three orders", queue.ChannelSMS, queue.SMSNotification, 3, true},
		{"IM, one order", queue.ChannelIM, 0, 1, false},
	} {
		r := request(tt.ch, func(o *queue.Order, b *queue.Buyer) { b.Open, b.Paid = tt.open, 1 })
		r.SMSKind = tt.kind
		sg := lib.Suggest(r)
		if len(sg) == 0 {
			t.Fatalf("%s: no suggestion", tt.name)
		}
		for _, s := range sg {
			has := strings.Contains(s.Text, "笔订单还没付款，可以在待付款里一起付")
			if has != tt.want || (tt.want && !strings.Contains(s.Text, "您有"+string(rune('0'+tt.open))+"笔")) {
				t.Errorf("%s: %s %q", tt.name, s.ID, s.Text)
			}
			if s.Channel == queue.ChannelSMS && s.SMSParts != SMSParts(s.Text) {
				t.Errorf("%s: %s parts %d", tt.name, s.ID, s.SMSParts)
			}
		}
	}
	if got := combined("领券下单更划算。"+OptOut, &Request{Buyer: &queue.Buyer{Open: 2}}); !strings.HasSuffix(got, "一起付。"+OptOut) {
		t.Errorf("marketing: %q", got)
	}
	// The orders chased together, when the queue says, not all the buyer's open ones.
	for together, want := range map[int]string{2: "您有2笔订单", 1: ""} {
		got := combined("亲，在的～", &Request{Buyer: &queue.Buyer{Open: 5}, Together: together})
		if (want == "" && got != "亲，在的～") || !strings.Contains(got, want) {
			t.Errorf("together %d: %q", together, got)
		}
	}
}
