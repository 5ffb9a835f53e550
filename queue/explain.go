package queue

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Lang is the language of the words cuifu shows: Chinese by default, English with --lang en.
type Lang uint8

// The languages.
const (
	LangZH Lang = iota
	LangEN
)

// ParseLang reads zh or en.
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(s) {
	case "", "zh", "zh-cn", "cn":
		return LangZH, true
	case "en":
		return LangEN, true
	}
	return LangZH, false
}

type phrase struct{ zh, en string }

func (p phrase) in(l Lang) string {
	if l == LangEN {
		return p.en
	}
	return p.zh
}

// whyWords are the reasons' words, in the order Explain lists them.
var whyWords = []struct {
	bit Why
	p   phrase
}{
	{WhyMine, phrase{"我的", "mine"}},
	{WhyCallback, phrase{"约定回访", "callback"}},
	{WhyHighTicket, phrase{"高客单", "high ticket"}},
	{WhyLowTicket, phrase{"低客单", "low ticket"}},
	{WhyNewBuyer, phrase{"新客", "new buyer"}},
	{WhyReturning, phrase{"老客", "returning"}},
	{WhyFlash, phrase{"聚划算", "flash sale"}},
	{WhyCallAverse, phrase{"怕打扰类目", "call-averse"}},
	{WhyFirstWave, phrase{"第一波", "first wave"}},
	{WhySecondWave, phrase{"第二波", "second wave"}},
	{WhyRetry, phrase{"次日同点", "next-day retry"}},
	{WhyLateFirst, phrase{"错过第一波", "first wave missed"}},
	{WhyDeclined, phrase{"曾婉拒", "declined before"}},
	{WhyDuplicate, phrase{"疑似重复单", "likely duplicate"}},
	{WhyDoubleShipping, phrase{"运费重复", "shipping charged twice"}},
	{WhySuspectUnpaid, phrase{"可疑: 多单未付且从未付款", "suspicious: many unpaid orders, never paid"}},
	{WhySuspectAmount, phrase{"可疑: 新账号远超常见金额", "suspicious: far above the usual amount, new account"}},
	{WhyPeak, phrase{"黄金时段", "peak window"}},
	{WhyGrace, phrase{"刚下单", "just ordered"}},
	{WhyCooldown, phrase{"间隔中", "cooling down"}},
	{WhySnoozed, phrase{"已稍后", "snoozed"}},
	{WhyQuiet, phrase{"免打扰时段", "quiet hours"}},
	{WhyMeal, phrase{"饭点", "meal time"}},
}

var blockWords = [...]phrase{
	BlockNone:      {"", ""},
	BlockOptedOut:  {"买家拒收", "opted out"},
	BlockOutcome:   {"已有结果", "outcome logged"},
	BlockCap:       {"已达上限", "contact cap reached"},
	BlockClaimed:   {"他人认领", "claimed by another"},
	BlockExpired:   {"已过关闭时间", "past close deadline"},
	BlockGaveUp:    {"多日未回复", "no reply for days"},
	BlockCallback:  {"他人约定回访", "another's callback"},
	BlockBlacklist: {"黑名单", "blacklisted"},
	BlockHoldout:   {"对照组", "holdout"},
}

// BlockText returns the block reason in words.
func BlockText(b Block, l Lang) string { return blockWords[b].in(l) }

// Explain returns the row's reasons in words, e.g. "高客单 · 新客 · 第二波 · 3h后关闭".
// It is called only for the rows on screen.
func Explain(row Row, o *Order, cfg *Config, now time.Time, l Lang) string {
	return explain(row, o, "", cfg, now, l)
}

// ExplainRow is Explain for a row of snapshot s: a blacklisted buyer's row says why they are
// on the list ("黑名单: 恶意下单").
func ExplainRow(row Row, s *Snapshot, cfg *Config, now time.Time, l Lang) string {
	o := &s.Orders[row.Order]
	note := ""
	if row.Block() == BlockBlacklist {
		note = CleanReason(s.BlacklistReason(&s.Buyers[o.Buyer]))
	}
	return explain(row, o, note, cfg, now, l)
}

// maxReason bounds a reason typed by an operator, as shown in a row.
const maxReason = 40

// CleanReason makes a reason typed by an operator safe to show in a row: control
// characters removed, cut to maxReason characters.
func CleanReason(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > maxReason {
		s = string(r[:maxReason-1]) + "…"
	}
	return s
}

// explain is Explain with a note after the block reason ("" for none).
func explain(row Row, o *Order, note string, cfg *Config, now time.Time, l Lang) string {
	var b strings.Builder
	add := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(s)
	}
	if row.Section() == SectionBlocked {
		if note != "" {
			add(BlockText(row.Block(), l) + ": " + note)
		} else {
			add(BlockText(row.Block(), l))
		}
	}
	for _, w := range whyWords {
		if row.Why&w.bit != 0 {
			add(w.p.in(l))
		}
	}
	if row.Why&WhyWindow != 0 && row.Section() == SectionUpcoming {
		// "电话 09:00 起": the channel waits for its window.
		clock := time.Unix(row.NextAt(), 0).In(cfg.Location).Format("15:04")
		add(fmt.Sprintf(phrase{"%s %s 起", "%s from %s"}.in(l), row.Channel().Label(l), clock))
	}
	if row.Why&WhyClosingSoon != 0 {
		add(CloseIn(cfg.Deadline(o)-now.Unix(), l))
	}
	return b.String()
}

// CloseIn says how long until an order closes: "3h后关闭", "25分后关闭" / "closes in 3h".
func CloseIn(secs int64, l Lang) string {
	if secs <= 0 {
		return phrase{"已到关闭时间", "closing now"}.in(l)
	}
	d := Span(secs)
	if l == LangEN {
		return "closes in " + d
	}
	return d + "后关闭"
}

// Span writes a duration compactly for narrow columns: 45s, 12m, 3h, 2d (English units,
// which read the same in both languages and keep columns aligned).
func Span(secs int64) string {
	switch {
	case secs < 60:
		return strconv.FormatInt(max(secs, 0), 10) + "s"
	case secs < 3600:
		return strconv.FormatInt(secs/60, 10) + "m"
	case secs < 48*3600:
		return strconv.FormatInt(secs/3600, 10) + "h"
	}
	return strconv.FormatInt(secs/86400, 10) + "d"
}

var channelLabels = [...]phrase{
	ChannelNone:  {"无", "none"},
	ChannelIM:    {"IM", "IM"},
	ChannelSMS:   {"短信", "SMS"},
	ChannelPhone: {"电话", "phone"},
}

// Label names the channel in the user's language.
func (c Channel) Label(l Lang) string {
	if int(c) < len(channelLabels) {
		return channelLabels[c].in(l)
	}
	return channelLabels[0].in(l)
}

var sectionLabels = [...]phrase{
	SectionDue:      {"待催", "due"},
	SectionUpcoming: {"稍后", "upcoming"},
	SectionBlocked:  {"暂停", "blocked"},
}

// Label names the section in the user's language.
func (s Section) Label(l Lang) string { return sectionLabels[s].in(l) }

var phaseLabels = [...]phrase{
	PhaseOrdinary: {"平日", "ordinary day"},
	PhaseFrenzy:   {"零点抢购", "midnight frenzy"},
	PhaseRational: {"理性时段", "rational hours"},
	PhaseLate:     {"晚间冲刺", "late push"},
	PhaseDayAfter: {"大促次日", "day after"},
	PhasePreSale:  {"活动前下单", "ordered before the sale"},
}

// Label names the phase in the user's language.
func (p Phase) Label(l Lang) string { return phaseLabels[p].in(l) }

var resultLabels = map[Result]phrase{
	ResultSent:         {"已发送", "sent"},
	ResultNoAnswer:     {"未接", "no answer"},
	ResultBusy:         {"占线", "busy"},
	ResultWrongNumber:  {"空号", "wrong number"},
	ResultReplied:      {"已回复", "replied"},
	ResultPromised:     {"承诺付款", "promised"},
	ResultDeclined:     {"婉拒", "declined"},
	ResultClaimedPaid:  {"称已付", "claimed paid"},
	ResultDoNotContact: {"拒收", "do not contact"},
	ResultInvalid:      {"无效单", "invalid"},
	ResultDuplicate:    {"重复单", "duplicate"},
}

// Label names the result in the user's language.
func (r Result) Label(l Lang) string {
	if p, ok := resultLabels[r]; ok {
		return p.in(l)
	}
	return r.String()
}

var reasonLabels = map[string]phrase{
	ReasonService: {"服务顾虑", "service concern"},
	ReasonPayment: {"支付问题", "payment problem"},
	ReasonCheaper: {"别家更便宜", "found it cheaper"},
	ReasonProduct: {"看中别的", "found a better product"},
	ReasonOther:   {"其他", "other"},
}

// ReasonLabel names a decline reason in the user's language.
func ReasonLabel(reason string, l Lang) string {
	if p, ok := reasonLabels[reason]; ok {
		return p.in(l)
	}
	return reason
}

var ruleLabels = [...]phrase{
	RuleOptedOut:     {"买家拒收", "opted out"},
	RuleNoPhone:      {"号码打码", "no usable phone"},
	RuleLowTicket:    {"低客单轻触达", "low ticket: one light touch"},
	RuleNewHighValue: {"新客高客单", "new buyer, high value"},
	RuleReturning:    {"老客", "returning buyer"},
	RuleCallAverse:   {"怕打扰类目", "call-averse category"},
	RuleWave:         {"按波次", "by wave"},
	RuleSMSSpent:     {"今日短信已用", "today's SMS spent"},
	RuleNoSignature:  {"未登记短信签名", "no registered SMS signature"},
	RuleWrongNumber:  {"号码错误", "wrong number logged"},
	RuleLastAnswered: {"买家上次回复的渠道", "where the buyer last answered"},
	RuleAfterCall:    {"电话未接通后短信", "SMS after an unanswered call"},
	RuleSMSClosed:    {"短信时段外,先IM", "SMS window closed: IM"},
	RuleSuspicious:   {"可疑订单: 只用IM", "suspicious order: IM only"},
}

var smsKindLabels = [...]phrase{
	SMSNotification: {"通知短信", "notification SMS"},
	SMSMarketing:    {"营销短信", "marketing SMS"},
}

// Label names the SMS kind in the user's language.
func (k SMSKind) Label(l Lang) string { return smsKindLabels[k&1].in(l) }

// Label names the channel rule in the user's language.
func (r ChannelRule) Label(l Lang) string {
	if int(r) < len(ruleLabels) {
		return ruleLabels[r].in(l)
	}
	return ""
}

var breakLabels = map[Break]phrase{
	BreakQuiet:         {"免打扰时段内联系", "contact during quiet hours"},
	BreakWindow:        {"不在该渠道的联系时段", "outside the channel's contact window"},
	BreakOptedOut:      {"买家已拒收,不应再联系", "the buyer opted out"},
	BreakBlacklisted:   {"买家在黑名单上", "the buyer is blacklisted"},
	BreakHoldout:       {"买家在对照组,不应联系", "the buyer is in the holdout"},
	BreakOutcome:       {"该订单已有结果", "the order already has an outcome"},
	BreakOverCap:       {"超过联系上限", "over the contact cap"},
	BreakSMSSpent:      {"该买家今天已发过短信", "the buyer already had an SMS today"},
	BreakNoPhone:       {"手机号已打码或缺失", "the phone is masked or missing"},
	BreakLowTicketCall: {"低客单不打电话", "no phone calls for low-ticket orders"},
	BreakSuspectCall:   {"可疑订单不打电话,请用IM", "no phone calls on a suspicious order: use IM"},
	BreakCooldown:      {"距上次联系太近", "too soon after the last contact"},
	BreakGrace:         {"下单不足10分钟", "within the grace period after ordering"},
	BreakColleague:     {"同事刚联系过该买家", "a colleague just contacted this buyer"},
}

// Label names the broken rule in the user's language. A break this version has no words
// for (a sentence from an older log) shows as it is.
func (b Break) Label(l Lang) string {
	if p, ok := breakLabels[b]; ok {
		return p.in(l)
	}
	return string(b)
}

// BreakLabels names each break in the user's language.
func BreakLabels(bs []Break, l Lang) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Label(l)
	}
	return out
}
