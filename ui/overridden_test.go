package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
)

// TestMyClaimOverriddenIsSaid: a colleague may contact an order I hold only by an explicit
// override (F), and the claim stays mine. Before, my workstation said nothing of it unless I
// had that very order selected, and then only "阿杰 刚联系了订单 …", as for an order nobody
// held: I went on believing the buyer was mine alone to chase. A contact over my live claim
// is now said, whatever I have selected, once, and as going over my claim.
func TestMyClaimOverriddenIsSaid(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	m.snap.Seq = 7
	mine := m.shown[m.qp.cursor+1].Order // not the selected order
	o := &m.snap.Orders[mine]
	o.Contact.ClaimBy, o.Contact.ClaimUntil = 0, queue.UnixTime(shopNow.Add(10*time.Minute).Unix()) // 小美's
	touched := *o
	touched.Contact.LastAt, touched.Contact.LastChannel, touched.Contact.LastResult = shopNow.Unix(), queue.ChannelIM, queue.ResultSent
	touched.Contact.Touches++
	change := func(seq int64, ch queue.Changed) {
		t.Helper()
		st.changes = &queue.Changes{Seq: seq, Orders: []queue.Changed{ch}}
		st.version = seq
		for _, msg := range runAll(m.onVersion(seq)) {
			if c, ok := msg.(changesMsg); ok {
				settle(m, func() tea.Msg { return c })
			}
		}
	}
	overridden := queue.Changed{Order: touched, Status: queue.StatusUnpaid, Buyer: m.snap.Buyers[o.Buyer],
		Claim: "小美", Last: "阿杰", By: "阿杰"}
	change(8, overridden)
	want := "阿杰 越过你的认领联系了订单 " + touched.ID + ":IM 已发送"
	if !said(m, want) {
		t.Fatalf("no notice %q: %v", want, m.notices)
	}
	m.notices = nil
	change(9, overridden) // the same contact again, with a later change of the order
	if said(m, "越过你的认领") {
		t.Fatalf("the same override was said twice: %v", m.notices)
	}

	// A colleague's contact on an order nobody holds, not selected, is no news for me.
	other := m.snap.Orders[m.shown[m.qp.cursor+2].Order]
	other.Contact.LastAt, other.Contact.LastChannel, other.Contact.LastResult = shopNow.Unix(), queue.ChannelIM, queue.ResultSent
	change(10, queue.Changed{Order: other, Status: queue.StatusUnpaid, Buyer: m.snap.Buyers[other.Buyer], Last: "阿杰", By: "阿杰"})
	for _, n := range m.notices {
		if strings.Contains(n.text, other.ID) {
			t.Fatalf("a colleague's contact on an order nobody holds was said: %v", m.notices)
		}
	}
}

// TestMySnoozedClaimIsSaid: a colleague's snooze over my live claim (F after the refusal)
// moves the order I hold out of my due rows until then; it is said to me, once, with the
// time, as going over my claim. Before, nothing said it, selected or not.
func TestMySnoozedClaimIsSaid(t *testing.T) {
	m, st := newTest(t, 80, 24, queue.LangZH)
	m.snap.Seq = 7
	o := &m.snap.Orders[m.shown[m.qp.cursor+1].Order]
	o.Contact.ClaimBy, o.Contact.ClaimUntil = 0, queue.UnixTime(shopNow.Add(10*time.Minute).Unix()) // 小美's
	snoozed := *o
	snoozed.Contact.Until = shopNow.Add(time.Hour).Unix()
	ch := queue.Changed{Order: snoozed, Status: queue.StatusUnpaid, Buyer: m.snap.Buyers[o.Buyer], Claim: "小美", By: "阿杰"}
	for seq := int64(8); seq <= 9; seq++ { // the second: the same snooze, with a later change of the order
		st.changes = &queue.Changes{Seq: seq, Orders: []queue.Changed{ch}}
		for _, msg := range runAll(m.onVersion(seq)) {
			if c, ok := msg.(changesMsg); ok {
				settle(m, func() tea.Msg { return c })
			}
		}
	}
	want := "阿杰 越过你的认领把订单 " + snoozed.ID + " 推迟到 11-11 16:00"
	n := 0
	for _, nt := range m.notices {
		if strings.Contains(nt.text, want) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("notice %q said %d times, want once: %v", want, n, m.notices)
	}
}
