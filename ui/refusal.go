package ui

import (
	"fmt"
	"strconv"
	"time"

	"cuifu/data"
	"cuifu/queue"
	"cuifu/queue/words"
)

// RefusalText says in the user's language what the store refused and why, from the
// refusal's code and facts, with times in the shop's zone loc, dated when not on now's day
// there (queue.ClockTime). ok is false when err holds no refusal. Names are the operators'
// own input: they are sanitized.
func RefusalText(err error, l queue.Lang, loc *time.Location, now time.Time) (text string, ok bool) {
	r, ok := data.RefusalOf(err)
	if !ok {
		return "", false
	}
	by, order, n := queue.Sanitize(r.By), queue.Sanitize(r.Order.ID), "#"+strconv.FormatInt(r.Event, 10)
	w := words.For(l)
	switch r.Code {
	case data.CodeClaimed:
		return fmt.Sprintf(w.Refusal[string(r.Code)], order, by, queue.ClockTime(r.Until, now, loc)), true
	case data.CodeNoOrder:
		return fmt.Sprintf(w.Refusal[string(r.Code)], order), true
	case data.CodeNoEvent, data.CodeRevoked, data.CodeNotRevocable, data.CodeNotSupervisor:
		return fmt.Sprintf(w.Refusal[string(r.Code)], n, by), true
	}
	return fmt.Sprintf(w.Refusal[""], string(r.Code)), true
}
