package exports

import (
	"bytes"
	"strings"
	"testing"

	"cuifu/queue"
)

// TestPresaleStages imports a 2019-layout Taobao export with presale rows in each stage
// (Chinese step names, API names, variants with separators, amounts in the cell or not) and
// an unknown stage word, which is a row error naming it.
func TestPresaleStages(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	row := func(id, status, stage, total, paid string) string {
		return taobaoRow(h, map[string]string{"订单编号": id, "买家会员名": "买家" + id, "订单状态": status, "总金额": total,
			"买家实际支付金额": paid, "订单创建时间": "2026-10-24 20:05:09", "宝贝标题": "预售 北欧布艺沙发", "分阶段订单信息": stage,
			"定金排名": map[bool]string{true: "", false: "第1024名"}[stage == ""]})
	}
	file := strings.Join([]string{h,
		row("1", "等待买家付款", "定金未付尾款未付", "500.00", "0.00"),
		row("2", "等待买家付款", "定金已付尾款未付", "500.00", "100.00"),
		row("3", "等待买家付款", "FRONT_PAID_FINAL_NOPAID", "500.00", "100.00"),
		row("4", "等待买家付款", "定金已付，尾款未付 定金:¥80.00 尾款:¥420.00", "500.00", "80.00"),
		row("5", "买家已付款，等待卖家发货", "定金和尾款都付", "500.00", "500.00"),
		row("6", "等待买家付款", "front_nopaid_final_nopaid", "500.00", "0.00"),
		row("7", "等待买家付款", "阶段三:神秘阶段", "500.00", "0.00"),
		row("8", "等待买家付款", "", "500.00", "0.00"),
		row("9", "交易关闭", "定金已付尾款未付", "500.00", "100.00"),
	}, "\r\n") + "\r\n"
	recs, res, err := readAll(t, "presale.csv", gb(t, file))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Line != 8 || res.Errors[0].Code != CodeUnknownStage ||
		!strings.Contains(res.Errors[0].Args[0], "阶段三:神秘阶段") {
		t.Fatalf("want one row error naming the unknown stage, got %v", res.Errors)
	}
	type want struct {
		stage   queue.Stage
		status  queue.Status
		amount  queue.Fen
		deposit queue.Fen
	}
	wants := map[string]want{
		"1": {queue.StageDepositUnpaid, queue.StatusUnpaid, 50000, 0},
		"2": {queue.StageBalanceUnpaid, queue.StatusUnpaid, 40000, 10000},
		"3": {queue.StageBalanceUnpaid, queue.StatusUnpaid, 40000, 10000},
		"4": {queue.StageBalanceUnpaid, queue.StatusUnpaid, 42000, 8000},
		"5": {queue.StagePaid, queue.StatusPaid, 50000, 0},
		"6": {queue.StageDepositUnpaid, queue.StatusUnpaid, 50000, 0},
		"8": {queue.StageNone, queue.StatusUnpaid, 50000, 0},
		"9": {queue.StageBalanceUnpaid, queue.StatusClosed, 40000, 10000},
	}
	if len(recs) != len(wants) {
		t.Fatalf("%d records, want %d", len(recs), len(wants))
	}
	for _, r := range recs {
		w := wants[r.ID]
		if r.Stage != w.stage || r.Status != w.status || r.Amount != w.amount || r.Deposit != w.deposit {
			t.Errorf("order %s: stage %v status %v amount %d deposit %d, want %+v", r.ID, r.Stage, r.Status, r.Amount, r.Deposit, w)
		}
		if r.ID == "2" && !strings.Contains(r.Note, "第1024名") {
			t.Errorf("order 2's note %q does not keep its 定金排名", r.Note)
		}
	}
}

// TestStageWordsFromTheConfig: a shop's own stage word, given in the config, is read.
func TestStageWordsFromTheConfig(t *testing.T) {
	h := header(t, "taobao_2019_header.csv")
	file := gb(t, h+"\n"+taobaoRow(h, map[string]string{"订单编号": "1", "订单状态": "等待买家付款", "总金额": "500.00",
		"买家实际支付金额": "50.00", "订单创建时间": "2026-10-24 20:05:09", "分阶段订单信息": "付完定金了"})+"\n")
	if _, res, _ := readAll(t, "a.csv", file); len(res.Errors) != 1 {
		t.Fatalf("without the word: %v", res.Errors)
	}
	var got []Record
	_, err := Read("a.csv", bytes.NewReader(file), Options{StageMap: map[string]queue.Stage{queue.StageKey("付完定金了"): queue.StageBalanceUnpaid}},
		func(rs []Record) error { got = append(got, rs...); return nil })
	if err != nil || len(got) != 1 || got[0].Stage != queue.StageBalanceUnpaid || got[0].Amount != 45000 || got[0].Deposit != 5000 {
		t.Fatalf("with the word: %+v %v", got, err)
	}
}
