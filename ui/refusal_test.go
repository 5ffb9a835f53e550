package ui

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"cuifu/data"
	"cuifu/queue"
)

// TestRefusalTextHasWordsForEveryCode: each refusal in words, a claim's lease end by the hour
// on the clock's day and with its date on another (past midnight, or a clock set back with
// --now), in the shop's zone.
func TestRefusalTextHasWordsForEveryCode(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 11, 15, 0, 0, 0, loc)
	until := time.Date(2026, 11, 11, 15, 30, 0, 0, loc).Unix()
	tomorrow := time.Date(2026, 11, 12, 0, 20, 0, 0, loc).Unix()
	tests := []struct {
		r      data.Refusal
		zh, en string
	}{
		{data.Refusal{Code: data.CodeClaimed, Order: queue.OrderKey{ID: "1001"}, By: "阿杰", Until: until}, "订单 1001 已被阿杰认领,至 15:30", "order 1001 is claimed by 阿杰 until 15:30"},
		{data.Refusal{Code: data.CodeClaimed, Order: queue.OrderKey{ID: "1001"}, By: "阿杰", Until: tomorrow}, "订单 1001 已被阿杰认领,至 11-12 00:20", "order 1001 is claimed by 阿杰 until 11-12 00:20"},
		{data.Refusal{Code: data.CodeNoOrder, Order: queue.OrderKey{ID: "9"}}, "没有订单 9", "no order 9"},
		{data.Refusal{Code: data.CodeNoEvent, Event: 7}, "没有记录 #7", "no event #7"},
		{data.Refusal{Code: data.CodeRevoked, Event: 7, By: "王主管"}, "记录 #7 已被王主管撤销", "event #7 was already revoked by 王主管"},
		{data.Refusal{Code: data.CodeNotRevocable, Event: 7}, "记录 #7 不能撤销", "event #7 cannot be revoked"},
		{data.Refusal{Code: data.CodeNotSupervisor, Event: 7, By: "小美"}, "记录 #7 是小美的,只有主管可以撤销", "event #7 is 小美's: only a supervisor may revoke it"},
	}
	for _, tt := range tests {
		err := fmt.Errorf("wrapped: %w", &tt.r)
		zh, ok := RefusalText(err, queue.LangZH, loc, now)
		en, _ := RefusalText(err, queue.LangEN, loc, now)
		if !ok || zh != tt.zh || en != tt.en {
			t.Errorf("%s: %q / %q, want %q / %q", tt.r.Code, zh, en, tt.zh, tt.en)
		}
	}
	if _, ok := RefusalText(errors.New("disk full"), queue.LangZH, loc, now); ok {
		t.Error("a plain error reads as a refusal")
	}
}

func TestEventWordsShowRevocations(t *testing.T) {
	rv := queue.Event{Kind: queue.EventRevoke, Revokes: 12}
	gone := queue.Event{Kind: queue.EventClaim, RevokedBy: 13}
	if got := EventWords(&rv, queue.LangZH, time.UTC); got != "撤销 #12" {
		t.Errorf("revoke: %q", got)
	}
	if got := EventWords(&gone, queue.LangEN, time.UTC); got != "claim (revoked)" {
		t.Errorf("a revoked claim: %q", got)
	}
}
