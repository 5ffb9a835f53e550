package data

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cuifu/queue"
)

// taobaoFile writes a Taobao order list (the 2019 layout's header) with one row per order,
// each a map of column name to value, and returns its path.
func taobaoFile(t *testing.T, dir, name string, orders ...map[string]string) string {
	t.Helper()
	h, err := os.ReadFile(filepath.Join("exports", "formats", "taobao_2019_header.csv"))
	if err != nil {
		t.Fatal(err)
	}
	head := strings.TrimRight(string(h), "\r\n")
	cols := strings.Split(head, ",")
	body := []string{head}
	for _, o := range orders {
		f := make([]string, len(cols))
		for i, c := range cols {
			f[i] = o[strings.TrimSpace(strings.Trim(c, `"`))]
		}
		body = append(body, strings.Join(f, ","))
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(body, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// taobaoOrder is one row of a Taobao order list: ¥800 for a projector, the buyer's phone in
// full.
func taobaoOrder(id, buyer, receiver, status, created string) map[string]string {
	return map[string]string{"订单编号": id, "买家会员名": buyer, "收货人姓名": receiver, "订单状态": status,
		"订单创建时间": created, "买家实际支付金额": "800.00", "总金额": "800.00", "宝贝标题": "家用投影仪",
		"联系手机": "1380000" + id}
}

// flagged returns the ids of the queue's orders flagged for their receiver, sorted.
func flagged(s *queue.Snapshot) []string {
	var ids []string
	for _, o := range s.Orders {
		if o.Flags&queue.FlagReceiverMismatch != 0 {
			ids = append(ids, o.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestAMaskedReceiverWhoIsNotTheBuyer: imports from Taobao order lists, into a store whose
// queue a workstation holds and whose snapshot file a command reads. A new buyer whose closed
// order names 丁小明 has an open ¥800 order for 王**: the loaded queue flags it, and the
// ranking never suggests a call for it (IM, 可疑: 收件人与买家不符), where the same order of
// a new buyer whose name is not known is called after its unanswered IM. Later imports
// change the flag of the buyers' other open orders: a first named receiver (a paid order), a
// newer one, a new masked order, an order moved to another buyer, a masked receiver named.
// After each, the command's queue (the file, or the file with the changes merged in) and
// the live queue equal a full load.
func TestAMaskedReceiverWhoIsNotTheBuyer(t *testing.T) {
	s, path := tempStore(t)
	s.snapMin = 1
	dir := t.TempDir()
	cfg := queue.DefaultConfig()
	cfg.Location, _ = time.LoadLocation("Asia/Shanghai")
	imp := func(name string, orders ...map[string]string) {
		t.Helper()
		req := NewImportRequest(&cfg, queue.PlatformUnknown, taobaoFile(t, dir, name, orders...), queue.Event{At: t0, Operator: "小美"})
		if _, err := s.ImportFile(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	const unpaid, paid, closed = "等待买家付款", "交易成功", "交易关闭"
	var live *queue.Snapshot
	check := func(what string, want ...string) *queue.Snapshot {
		t.Helper()
		fromFileAndFull(t, s, path, what) // the file as the commit or the store's save left it
		if live != nil {
			mergeEqualsLoad(t, s, &cfg, live, what)
		}
		full := fullLoad(t, s, path, &cfg)
		if got := flagged(full); !slices.Equal(got, want) {
			t.Errorf("%s: flagged %q, want %q", what, got, want)
		}
		live = full.Clone()
		return full
	}

	// The first import, into the empty store: its queue file is built beside the commit,
	// laid out (小猫's older order, the last row, comes first) and then flagged.
	imp("first.csv",
		taobaoOrder("1001", "小鹿", "丁小明", closed, "2026-11-09 10:00:00"),
		taobaoOrder("1002", "小鹿", "王**", unpaid, "2026-11-11 09:00:00"),
		taobaoOrder("2001", "小熊", "王**", unpaid, "2026-11-11 09:00:00"),
		taobaoOrder("3001", "小猫", "张三", unpaid, "2026-11-11 08:00:00"))
	snap := check("the first import", "1002")

	// Both get their first IM at 10:00 and do not answer; at 15:00 the plain one is a call.
	for _, id := range []string{"1002", "2001"} {
		if _, err := s.Append(ctx, queue.Event{At: t0 + 10*3600, Operator: "小美", Kind: queue.EventContact,
			Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, Channel: queue.ChannelIM, Result: queue.ResultSent}); err != nil {
			t.Fatal(err)
		}
	}
	snap = check("after the IMs", "1002")
	now := time.Unix(t0+15*3600, 0)
	var r queue.Ranker
	rows := r.Rank(queue.Input{Snap: snap, Config: &cfg, Now: now, Me: -1})
	for _, row := range rows {
		o := &snap.Orders[row.Order]
		why := queue.ExplainRow(row, snap, &cfg, now, queue.LangZH)
		switch o.ID {
		case "1002":
			if row.Channel() != queue.ChannelIM || row.Rule() != queue.RuleSuspicious || row.Why&queue.WhySuspectReceiver == 0 ||
				!strings.Contains(why, "可疑: 收件人与买家不符") {
				t.Errorf("the order for 王** of 丁小明's buyer: %v (rule %v), %q", row.Channel(), row.Rule(), why)
			}
		case "2001":
			if row.Channel() != queue.ChannelPhone || strings.Contains(why, "可疑") {
				t.Errorf("the plain order: %v (rule %v), %q", row.Channel(), row.Rule(), why)
			}
		}
	}

	// 小熊's paid order names 李四: their open order for 王** is flagged, though the import
	// did not bring it. 小鹿's newer closed order names 王小红, whom 王** may be; their new
	// order for 丁** is not them any more.
	imp("second.csv",
		taobaoOrder("2002", "小熊", "李四", paid, "2026-11-10 08:00:00"),
		taobaoOrder("1003", "小鹿", "王小红", closed, "2026-11-10 12:00:00"),
		taobaoOrder("1004", "小鹿", "丁**", unpaid, "2026-11-11 11:00:00"))
	check("a first and a newer named receiver, a new masked order", "1004", "2001")

	// The order that named 王小红 was another buyer's: 小鹿 is 丁小明 again.
	imp("third.csv", taobaoOrder("1003", "小兔", "王小红", closed, "2026-11-10 12:00:00"))
	check("an order moved to another buyer", "1002", "2001")

	// 小熊's open order now names them: no longer masked, no longer flagged.
	imp("fourth.csv", taobaoOrder("2001", "小熊", "李四", unpaid, "2026-11-11 09:00:00"))
	check("a masked receiver named", "1002")
}

// TestReceiverStepMarksTheStoredOrders: a store from before schema step 16 holds an order for
// a masked receiver who is not the buyer; the step flags it, and the snapshot file saved
// before the step, merged with the store's changes, equals a full load.
func TestReceiverStepMarksTheStoredOrders(t *testing.T) {
	s, path := tempStore(t)
	s.snapMin = 1
	known, odd, plain := rec("A", queue.StatusPaid, 20000), rec("B", queue.StatusUnpaid, 30000), rec("C", queue.StatusUnpaid, 30000)
	known.Receiver, odd.Buyer, plain.Buyer = "丁小明", known.Buyer, known.Buyer
	odd.Receiver, plain.Receiver = "王**", "丁**"
	upsertAll(t, s, known, odd, plain)
	cfg := queue.DefaultConfig()
	fullLoad(t, s, path, &cfg)
	mustExec(t, s, `ALTER TABLE orders DROP COLUMN receiver_mismatch`)
	mustExec(t, s, fmt.Sprintf(`PRAGMA user_version = %d`, receiverStep-1))
	if err := s.db.QueryRowContext(ctx, `SELECT receiver_mismatch FROM orders`).Scan(new(int)); err == nil {
		t.Fatal("the column is still there")
	}
	s, got := reopen(t, s, path, &cfg)
	if ids := flagged(got); !slices.Equal(ids, []string{"B"}) {
		t.Errorf("flagged after the step: %q, want [B]", ids)
	}
	sameQueue(t, "the file from before the step", got, fullLoad(t, s, path, &cfg))
	// The step can run again.
	mustExec(t, s, fmt.Sprintf(`PRAGMA user_version = %d`, receiverStep-1))
	s.Close()
	s = open(t, path)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE receiver_mismatch != 0`).Scan(&n); err != nil || n != 1 {
		t.Errorf("after the step ran again: %d flagged (%v), want 1", n, err)
	}
}

// TestOrderStateReadsTheReceiverFlag: the rule checks before a contact read the stored flag,
// so logging a call on the order is refused as the ranking would not suggest it.
func TestOrderStateReadsTheReceiverFlag(t *testing.T) {
	s, _ := tempStore(t)
	known, odd := rec("A", queue.StatusPaid, 20000), rec("B", queue.StatusUnpaid, 80000)
	known.Receiver, odd.Buyer, odd.Receiver = "丁小明", known.Buyer, "王**"
	upsertAll(t, s, known, odd)
	for id, want := range map[string]bool{"A": false, "B": true} {
		o, _, err := s.OrderState(ctx, queue.OrderKey{Platform: queue.PlatformTaobao, ID: id}, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := o.Flags&queue.FlagReceiverMismatch != 0; got != want {
			t.Errorf("order %s: flagged %v, want %v", id, got, want)
		}
	}
	var st sql.NullInt64
	mustScan(t, s, `SELECT receiver_mismatch FROM orders WHERE order_id = 'B'`, nil, &st)
	if st.Int64 != 1 {
		t.Errorf("stored flag %v", st)
	}
}
