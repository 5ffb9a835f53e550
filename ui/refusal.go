package ui

import (
	"strconv"
	"time"

	"cuifu/data"
	"cuifu/queue"
)

// RefusalText says in the user's language what the store refused and why, from the
// refusal's code and facts, with times in the shop's zone loc. ok is false when err holds
// no refusal. Names are the operators' own input: they are sanitized.
func RefusalText(err error, l queue.Lang, loc *time.Location) (text string, ok bool) {
	r, ok := data.RefusalOf(err)
	if !ok {
		return "", false
	}
	by, order, n := queue.Sanitize(r.By), queue.Sanitize(r.Order.ID), "#"+strconv.FormatInt(r.Event, 10)
	switch r.Code {
	case data.CodeClaimed:
		until := time.Unix(r.Until, 0).In(loc).Format("15:04")
		return tr(l, "订单 "+order+" 已被"+by+"认领,至 "+until, "order "+order+" is claimed by "+by+" until "+until), true
	case data.CodeNoOrder:
		return tr(l, "没有订单 "+order, "no order "+order), true
	case data.CodeNoEvent:
		return tr(l, "没有记录 "+n, "no event "+n), true
	case data.CodeRevoked:
		return tr(l, "记录 "+n+" 已被"+by+"撤销", "event "+n+" was already revoked by "+by), true
	case data.CodeNotRevocable:
		return tr(l, "记录 "+n+" 不能撤销", "event "+n+" cannot be revoked"), true
	case data.CodeNotSupervisor:
		return tr(l, "记录 "+n+" 是"+by+"的,只有主管可以撤销", "event "+n+" is "+by+"'s: only a supervisor may revoke it"), true
	}
	return tr(l, "未记录:", "not logged: ") + string(r.Code), true
}
