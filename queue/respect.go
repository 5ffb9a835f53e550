package queue

import (
	"fmt"
	"time"
)

// Breaks lists the playbook rules that contacting the order through ch at now would break.
// cuifu never refuses to record what happened: the shift log keeps these as warnings for
// the audit, and the specialist sees them at once.
func (c *Config) Breaks(o *Order, b *Buyer, ch Channel, now time.Time, l Lang) []string {
	var out []string
	add := func(zh, en string) {
		if l == LangEN {
			out = append(out, en)
		} else {
			out = append(out, zh)
		}
	}
	t := now.Unix()
	m := MinuteOfDay(t, c.Location)
	if inAny(c.Timing.Quiet, m) {
		add("免打扰时段内联系", "contact during quiet hours")
	}
	if b.OptedOut {
		add("买家已拒收,不应再联系", "the buyer opted out")
	}
	if b.Blacklisted {
		add("买家在黑名单上", "the buyer is blacklisted")
	}
	if c.Holdout.Member(o.Platform, b.Nick) {
		add("买家在对照组,不应联系", "the buyer is in the holdout")
	}
	if o.Contact.Closed {
		add("该订单已有结果", "the order already has an outcome")
	}
	if cp := c.Cap(o); int(o.Contact.Touches) >= cp {
		add(fmt.Sprintf("超过联系上限(%d次)", cp), fmt.Sprintf("over the contact cap (%d)", cp))
	}
	if ch == ChannelSMS && c.smsSpent(b, LocalDay(t, c.Location)) {
		add("该买家今天已发过短信", "the buyer already had an SMS today")
	}
	if (ch == ChannelSMS || ch == ChannelPhone) && !PhoneUsable(b.Phone) {
		add("手机号已打码或缺失", "the phone is masked or missing")
	}
	if ch == ChannelPhone && (o.Flags&FlagReceiverMismatch != 0 || c.Suspect.manyUnpaid(int(b.Open), int(b.Paid))) {
		add("可疑订单不打电话,请用IM", "no phone calls on a suspicious order: use IM")
	}
	if ch == ChannelPhone && o.Amount < c.Value.LowTicket {
		add("低客单不打电话", "no phone calls for low-ticket orders")
	}
	if o.Contact.Touches > 0 && t-o.Contact.LastAt < c.Timing.Cooldown.Seconds() {
		add("距上次联系太近", "too soon after the last contact")
	}
	if t-o.Created < c.Timing.Grace.Seconds() {
		add("下单不足10分钟", "within the grace period after ordering")
	}
	return out
}
