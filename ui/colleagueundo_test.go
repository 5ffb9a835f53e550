package ui

import (
	"fmt"
	"testing"
	"time"

	"cuifu/queue"
)

// TestColleagueUndoSaysWho: a colleague's undo of the contact on my selected order is
// announced as their contact was, naming who took back which contact; my own undo, come
// back through the shared queue, is not news.
func TestColleagueUndoSaysWho(t *testing.T) {
	for _, tc := range []struct {
		lang queue.Lang
		by   string
		want string // "" for no notice
	}{
		{queue.LangZH, "阿杰\x1b", `阿杰\x1b 刚撤销了订单 %s 的联系:电话 未接`},
		{queue.LangEN, "Ajie", "Ajie just took back the contact on order %s: phone no answer"},
		{queue.LangZH, "", ""}, // By is the test's operator: set below
	} {
		m, st := newTest(t, 80, 24, tc.lang)
		by := tc.by
		if by == "" {
			by = m.opt.Operator
		}
		m.snap.Seq = 7
		i := m.shown[m.qp.cursor].Order
		o := &m.snap.Orders[i]
		o.Contact.LastAt, o.Contact.LastChannel, o.Contact.LastResult = shopNow.Add(-time.Minute).Unix(), queue.ChannelPhone, queue.ResultNoAnswer
		undone := *o
		undone.Contact.LastAt, undone.Contact.LastChannel, undone.Contact.LastResult = 0, queue.ChannelNone, queue.ResultNone
		st.changes = &queue.Changes{Seq: 8, Orders: []queue.Changed{{Order: undone, Status: queue.StatusUnpaid,
			Buyer: m.snap.Buyers[o.Buyer], By: by}}}
		m.notices = nil
		takeChanges(m)
		if tc.want == "" {
			if len(m.notices) != 0 {
				t.Fatalf("my own undo was announced: %v", m.notices)
			}
			continue
		}
		if want := fmt.Sprintf(tc.want, undone.ID); !said(m, want) {
			t.Fatalf("no notice %q: %v", want, m.notices)
		}
	}
}
