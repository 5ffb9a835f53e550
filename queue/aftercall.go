package queue

import "time"

// AfterCallFresh is how long after an unanswered call an SMS may still say "I just called"
// (刚才致电未接通): the after-call SMS goes out within it or not at all, and the words that
// say it are offered only within it.
const AfterCallFresh = 2 * time.Hour

// afterCall places the notification SMS that follows an unanswered call (RuleAfterCall):
// [timing] after_call past the call, where the SMS window allows it, held over a meal, but
// never later than AfterCallFresh past the call and never past the order's close. The
// cooldown does not hold it back: it completes the call. When the window does not allow it
// in time, there is no "I just called" to send: the order keeps its next-day retry (due,
// why from dueAt), an SMS by the wave rule.
func (ev *evaluator) afterCall(o *Order, deadline, due int64, why Why) (int64, Why, ChannelRule) {
	c := &o.Contact
	if why&WhyDayCap != 0 {
		return due, why, RuleWave // the buyer had their contacts of the day
	}
	soon := max(c.LastAt+ev.t.afterCall, ev.now)
	if next, ok := ev.opens.next(openSMS, true, soon); ok && next-c.LastAt <= ev.t.afterCallFresh && next < deadline {
		switch {
		case next == soon:
			return c.LastAt + ev.t.afterCall, 0, RuleAfterCall
		case ev.opens.open[openSMS].has(soon):
			return next, WhyMeal, RuleAfterCall
		}
		return next, WhyWindow, RuleAfterCall
	}
	return due, why, RuleWave
}
