package queue

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cuifu/queue/words"
)

// Lang is the language of the words cuifu shows: Chinese by default, English with --lang en.
// Its words are in package words, one table per language.
type Lang = words.Lang

// The languages.
const (
	LangZH = words.ZH
	LangEN = words.EN
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

// whyBits are the reasons in the order Explain lists them; words.Words.Why is in this order.
// The first warningBits are the warnings, said before anything else: a suspicious order is
// never called, and a likely duplicate and double-charged shipping are to be checked before
// any contact, while a narrow row cuts its reasons from the end.
var whyBits = [...]Why{WhySuspectUnpaid, WhySuspectAmount, WhySuspectReceiver, WhyDuplicate, WhyDoubleShipping,
	WhyMine, WhyCallback, WhyBalance, WhyHighTicket, WhyLowTicket, WhyNewBuyer, WhyReturning, WhyFlash,
	WhyCallAverse, WhyFirstWave, WhySecondWave, WhyRetry, WhyLateFirst, WhyDeclined,
	WhyGrace, WhyCooldown, WhyDayCap, WhySnoozed, WhyQuiet, WhyMeal}

// warningBits is how many of whyBits' first reasons are warnings.
const warningBits = 5

// BlockText returns the block reason in words.
func BlockText(b Block, l Lang) string { return label(words.For(l).Block, b) }

// Explain returns the row's reasons in words, e.g. "高客单 · 新客 · 第二波 · 3h后关闭", the
// warnings first ("可疑: …", "疑似重复单", "运费重复"). It is called only for the rows on screen.
func Explain(row Row, o *Order, cfg *Config, now time.Time, l Lang) string {
	return explain(row, o, blockLead(row, "", l), cfg, now, l)
}

// ExplainRow is Explain for a row of snapshot s: a blacklisted buyer's row says why they are
// on the list ("黑名单: 恶意下单").
func ExplainRow(row Row, s *Snapshot, cfg *Config, now time.Time, l Lang) string {
	o := &s.Orders[row.Order]
	return explain(row, o, snapLead(row, s, l), cfg, now, l)
}

// snapLead is blockLead for a row of snapshot s, a blacklisted buyer's with why they are on
// the list.
func snapLead(row Row, s *Snapshot, l Lang) string {
	note := ""
	if row.Section() == SectionBlocked && row.Block() == BlockBlacklist {
		note = CleanReason(s.BlacklistReason(&s.Buyers[s.Orders[row.Order].Buyer]))
	}
	return blockLead(row, note, l)
}

// blockLead is what a blocked row says after its warnings: the block reason, with the note
// after it ("黑名单: 恶意下单") when there is one; "" for a row not blocked.
func blockLead(row Row, note string, l Lang) string {
	switch {
	case row.Section() != SectionBlocked:
		return ""
	case note != "":
		return BlockText(row.Block(), l) + ": " + note
	}
	return BlockText(row.Block(), l)
}

// ExplainIn is ExplainRow for rows[i] of a ranked queue, which also says, after the
// warnings, what a lead stands for ("+2单 共¥389.00": the orders grouped under it) and whose
// group a grouped row is in, by the lead's full order number (made safe to show).
func ExplainIn(rows []Row, i int, s *Snapshot, cfg *Config, now time.Time, l Lang) string {
	return ExplainInNamed(rows, i, s, cfg, now, l, Sanitize)
}

// ExplainInNamed is ExplainIn with a grouped row's lead written by name, which is given the
// raw order number and makes it safe to show: a list in narrow columns writes its last
// digits only (并入 …9357908), as its order column does.
func ExplainInNamed(rows []Row, i int, s *Snapshot, cfg *Config, now time.Time, l Lang, name func(id string) string) string {
	row := rows[i]
	lead := snapLead(row, s, l)
	switch row.Section() {
	case SectionDue:
		if n, total := GroupOf(rows, i, s); n > 0 {
			lead = GroupText(n, total, l)
		}
	case SectionGrouped:
		lead = fmt.Sprintf(words.For(l).GroupedIn, name(s.Orders[row.Lead()].ID))
	}
	return explain(row, &s.Orders[row.Order], lead, cfg, now, l)
}

// WithShipping is why, a row's reasons in words, with the shipping the order charges again
// beside its double-shipping reason ("运费重复 ¥8.00"): the store knows the amount, the
// ranked row only the flag.
func WithShipping(why string, shipping Fen, l Lang) string {
	return strings.Replace(why, WhyLabel(WhyDoubleShipping, l), fmt.Sprintf(words.For(l).Shipping, shipping.Yuan()), 1)
}

// WhyLabel names one of a row's reasons in the user's language (WhyDoubleShipping is
// "运费重复"); "" for a bit Explain does not name on its own.
func WhyLabel(bit Why, l Lang) string {
	if i := slices.Index(whyBits[:], bit); i >= 0 {
		return words.For(l).Why[i]
	}
	return ""
}

// GroupText says what a lead row stands for besides itself: "+2单 共¥389.00" (the count and
// amount of the other orders).
func GroupText(n int, total Fen, l Lang) string {
	return words.Format(words.For(l).GroupLead, n, total.Yuan())
}

// maxReason bounds a reason typed by an operator, as shown in a row.
const maxReason = 40

// CleanReason makes a reason typed by an operator safe to show in a row: Plain (control
// characters, whole escape sequences and bidirectional overrides removed), trimmed, cut to
// maxReason characters.
func CleanReason(s string) string { return Clip(strings.TrimSpace(Plain(s)), maxReason) }

// explain is Explain with lead said after the warnings and before the other reasons: the
// block reason of a blocked row, or what a lead or grouped row stands for ("" for none).
func explain(row Row, o *Order, lead string, cfg *Config, now time.Time, l Lang) string {
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
	bits := func(from, to int) {
		for i, bit := range whyBits[from:to] {
			if row.Why&bit != 0 {
				add(words.For(l).Why[from+i])
			}
		}
	}
	bits(0, warningBits)
	add(lead)
	bits(warningBits, len(whyBits))
	if row.Why&WhyWindow != 0 && row.Section() == SectionUpcoming {
		// "电话 09:00 起": the channel waits for its window.
		clock := time.Unix(row.NextAt(), 0).In(cfg.Location).Format("15:04")
		add(fmt.Sprintf(words.For(l).WindowFrom, row.Channel().Label(l), clock))
	}
	if row.Why&WhyClosingSoon != 0 {
		add(CloseIn(cfg.Deadline(o)-now.Unix(), l))
	}
	return b.String()
}

// CloseIn says how long until an order closes: "3h后关闭", "25分后关闭" / "closes in 3h".
func CloseIn(secs int64, l Lang) string {
	if secs <= 0 {
		return words.For(l).ClosingNow
	}
	return fmt.Sprintf(words.For(l).CloseIn, Span(secs))
}

// Span writes a duration compactly for narrow columns: 45s, 12m, 3h, 2d (English units,
// which read the same in both languages and keep columns aligned). Minutes says one to the
// minute.
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

// Minutes writes seconds to the minute, as the report and the replay say a median:
// 45分钟 / 45m, 2小时05分 / 2h05m. Span, for a narrow column, keeps only the largest unit.
func Minutes(secs int64, l Lang) string {
	w := words.For(l)
	m := max(secs, 0) / 60
	if m < 60 {
		return fmt.Sprintf(w.CLIMinutes, m)
	}
	return fmt.Sprintf(w.CLIHoursMinutes, m/60, m%60)
}

// label is tab[v], or tab[0] for a value the table does not know.
func label[T ~uint8](tab []string, v T) string {
	if int(v) < len(tab) {
		return tab[v]
	}
	return tab[0]
}

// Label names the channel in the user's language.
func (c Channel) Label(l Lang) string { return label(words.For(l).Channel, c) }

// Label names the section in the user's language.
func (s Section) Label(l Lang) string { return label(words.For(l).Section, s) }

// Tag is the section's one-cell mark in a list.
func (s Section) Tag(l Lang) string { return label(words.For(l).SectionTag, s) }

// Label names the platform in the user's language (String is its stable name).
func (p Platform) Label(l Lang) string { return label(words.For(l).Platform, p) }

// Label names the phase in the user's language.
func (p Phase) Label(l Lang) string { return label(words.For(l).Phase, p) }

// Label names the result in the user's language.
func (r Result) Label(l Lang) string { return label(words.For(l).Result, r) }

// ReasonLabel names a reason code (a decline's reason, a callback for anyone, a
// complaint) in the user's language.
func ReasonLabel(reason string, l Lang) string {
	if s, ok := words.For(l).Reason[reason]; ok {
		return s
	}
	return reason
}

// Label names the SMS kind in the user's language.
func (k SMSKind) Label(l Lang) string { return label(words.For(l).SMSKind, k&1) }

// Label names the channel rule in the user's language.
func (r ChannelRule) Label(l Lang) string { return label(words.For(l).Rule, r) }

// Label names the broken rule in the user's language. A break this version has no words
// for (a sentence from an older log) shows as it is.
func (b Break) Label(l Lang) string {
	if s, ok := words.For(l).Break[string(b)]; ok {
		return s
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
