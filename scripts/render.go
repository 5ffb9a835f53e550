package scripts

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"cuifu/queue"
	"cuifu/queue/words"
)

// Segments are the buyer segments a script may be written for.
var Segments = []string{"first-time", "returning", "high-ticket", "low-ticket", "call-averse", "bulky", "sized", "balance"}

// bulkyWords mark furniture and large appliances in a title: goods whose delivery depends on
// the floor, the lift and the installation, which a script confirms instead of promising.
var bulkyWords = []string{"沙发", "床垫", "双人床", "单人床", "实木床", "儿童床", "上下铺", "衣柜", "书柜", "鞋柜", "餐边柜",
	"电视柜", "浴室柜", "餐桌", "书桌", "茶几", "冰箱", "洗衣机", "空调", "电视", "热水器", "油烟机", "洗碗机", "跑步机", "钢琴", "马桶"}

// sizedWords mark clothes and shoes in a title: goods bought by size, where asking for the
// buyer's height and weight or usual size helps. A necklace, a lipstick or a face mask has
// no size to check.
var sizedWords = []string{"服装", "女装", "男装", "童装", "连衣裙", "半身裙", "裙", "裤", "T恤", "衬衫", "外套", "大衣", "风衣",
	"羽绒服", "棉服", "卫衣", "毛衣", "针织衫", "开衫", "夹克", "西装", "马甲", "背心", "睡衣", "内衣", "文胸", "袜", "鞋", "靴"}

// Variables are the names a script may use in braces.
var Variables = []string{"hello", "item_short", "amount", "deadline", "closes_in", "sale_ends", "shop",
	"cutoff", "gift", "coupon", "returns", "cushion", "deposit", "unpaid"}

// retired are variables that said something untrue, and what to write instead.
var retired = map[string]Reason{
	"buyer": {ZH: "{hello}:昵称不是名字,手机号和邮箱更不是",
		EN: "{hello}: a nickname is not a name, and a phone or e-mail never is"},
	"item": {ZH: "{item_short}:带【】标签的四十个字的标题读不通",
		EN: "{item_short}: a 40-character title with 【】 tags does not read"},
	"hours": {ZH: "{closes_in}(订单关闭)或 {sale_ends}(活动价结束):数字必须是句子说的那个意思",
		EN: "{closes_in} (the order's close) or {sale_ends} (the sale price's end): a number must mean what the sentence says"},
}

// OptOut ends every marketing SMS; a notification must not carry it.
const OptOut = "拒收请回复R"

// closingSoon is how near its close an order gets the one short closing line.
const closingSoon = time.Hour

// missedCallFresh is how long after an unanswered call the words may still say "I just
// called you" (刚才给您打电话没接通); the next day's retry is not "just now".
const missedCallFresh = queue.AfterCallFresh

// Request is what a suggestion is made for. The queue's decisions come in as plain values
// (the phase from the order's time, the SMS kind, the sale's price end): the words never
// decide them.
type Request struct {
	Order    *queue.Order
	Buyer    *queue.Buyer
	Receiver string        // the receiver's name from the order's detail; "" when not known
	Channel  queue.Channel // the row's channel
	SMSKind  queue.SMSKind // an SMS row's kind (queue.Row.SMSKind)
	Phase    queue.Phase   // the order's phase in the sale calendar
	SaleEnds time.Time     // when the running sale's price ends; zero = no sale price now
	Config   *queue.Config
	Now      time.Time
	Lang     queue.Lang
	Reason   string // a decline reason, for a follow-up
	// Together is how many of the buyer's orders the message speaks of (合并付款): the row's
	// and the ones chased with it. 0 is the buyer's open orders (Buyer.Open).
	Together int
}

// saleDay reports whether the request's phase is on the sale day itself.
func (r *Request) saleDay() bool {
	return r.Phase == queue.PhaseFrenzy || r.Phase == queue.PhaseRational || r.Phase == queue.PhaseLate
}

// Suggestion is a rendered script, ready to copy.
type Suggestion struct {
	ID        string
	Channel   queue.Channel
	Kind      string
	SMS       queue.SMSKind // an SMS's kind; meaningless on other channels
	Text      string        // the whole message (for SMS, with the signature)
	Steps     []string      // a phone guide, one line a step ("倾听: …")
	SMSParts  int           // how many SMS the text takes; 0 for other channels
	CushionID int           // the cushion used, -1 for none
}

// segmentsOf returns the segments the order's buyer is in.
func segmentsOf(r *Request) map[string]bool {
	o, b, c := r.Order, r.Buyer, r.Config
	return map[string]bool{
		"first-time":  !b.Returning(),
		"returning":   b.Returning(),
		"high-ticket": o.Amount >= c.Value.HighTicket,
		"low-ticket":  o.Amount < c.Value.LowTicket,
		"call-averse": o.Flags&queue.FlagCallAverse != 0,
		"bulky":       slices.ContainsFunc(bulkyWords, func(w string) bool { return strings.Contains(o.Title, w) }),
		"sized":       slices.ContainsFunc(sizedWords, func(w string) bool { return strings.Contains(o.Title, w) }),
		"balance":     isBalance(o, c),
	}
}

// isBalance reports whether the order is a presale balance order chased by its balance
// window: its {deadline} and {closes_in} are the window's end.
func isBalance(o *queue.Order, c *queue.Config) bool {
	_, _, ok := c.BalanceWindow(o)
	return ok
}

// fits reports whether the script may be said for the request, and how closely it is
// written for it. Channel, platform, segments, facts and SMS kind must all fit. Of the ones
// that fit, a follow-up answers what the buyer said, so it comes first; then the one short
// line for an order about to close; then the buyer's segments (a low-ticket order on a sale
// day still gets the light touch), the platform, the phase, and last the facts it uses.
func (s *Script) fits(r *Request, segs map[string]bool) (int, bool) {
	if s.Channel != r.Channel {
		return 0, false
	}
	if len(s.Platforms) > 0 && !slices.Contains(s.Platforms, r.Order.Platform) {
		return 0, false
	}
	// A balance order hears only what is written for it (its deposit is paid, its window
	// closes), but for the answers to what the buyer said.
	if segs["balance"] && !slices.Contains(s.Segments, "balance") && !strings.HasPrefix(s.Kind, "followup:") {
		return 0, false
	}
	score := 0
	for _, seg := range s.Segments {
		if !segs[seg] {
			return 0, false
		}
		score += 10
	}
	for _, f := range s.Needs {
		if !r.Config.Facts.Holds(f, r.saleDay()) {
			return 0, false
		}
		score++ // a script written for a fact the shop has says more than one without it
	}
	if slices.Contains(s.Needs, "coupon") && r.Order != nil && !r.Config.Facts.CouponFits(r.Order.Amount) {
		return 0, false // an order below the coupon's threshold cannot use it
	}
	if s.Channel == queue.ChannelSMS && s.SMS != r.SMSKind {
		return 0, false
	}
	if s.uses("sale_ends") && !r.SaleEnds.After(r.Now) {
		return 0, false
	}
	if s.uses("cutoff") && !beforeCutOff(r) {
		return 0, false // "paid before 17:00, ships today" is no help at 18:00
	}
	if s.Closing {
		if left := r.Config.Deadline(r.Order) - r.Now.Unix(); left <= 0 || left > int64(closingSoon/time.Second) {
			return 0, false // a closed order has no "closes in" to tell
		}
		score += 50
	}
	if s.AfterCall {
		c := r.Order.Contact
		if c.LastChannel != queue.ChannelPhone || (c.LastResult != queue.ResultNoAnswer && c.LastResult != queue.ResultBusy) ||
			r.Now.Unix()-c.LastAt > int64(missedCallFresh/time.Second) {
			return 0, false
		}
		score += 30 // "I just called you" answers what just happened
	}
	if len(s.Platforms) > 0 {
		score += 4
	}
	if len(s.Phases) > 0 {
		if !slices.Contains(s.Phases, r.Phase.String()) {
			return 0, false
		}
		score += 3
	}
	if reason, isFollow := strings.CutPrefix(s.Kind, "followup:"); isFollow {
		if reason != r.Reason {
			return 0, false
		}
		score += 100
	}
	return score, true
}

// beforeCutOff reports whether the request's time of day is before the shop's cut-off.
func beforeCutOff(r *Request) bool {
	var h, m int
	if _, err := fmt.Sscanf(r.Config.Facts.CutOff, "%d:%d", &h, &m); err != nil {
		return false
	}
	lt := r.Now.In(r.Config.Location)
	return lt.Hour()*60+lt.Minute() < h*60+m
}

// uses reports whether any of the script's texts uses variable v.
func (s *Script) uses(v string) bool {
	for _, t := range s.texts() {
		if strings.Contains(t, "{"+v+"}") {
			return true
		}
	}
	return false
}

// texts returns the script's Chinese and English texts, steps included.
func (s *Script) texts() []string {
	out := []string{s.ZH, s.EN}
	for _, st := range s.Steps {
		out = append(out, st.ZH, st.EN)
	}
	return out
}

// Suggest returns the scripts for the request, the best first and the alternatives after.
// It never returns a script whose needs the shop's facts do not hold, and never an SMS that
// breaks the SMS rules or goes out without the shop's registered signature.
func (l *Library) Suggest(r Request) []Suggestion {
	if r.Channel == queue.ChannelNone {
		return nil
	}
	sig, signed := r.Config.SMSSignature()
	if r.Channel == queue.ChannelSMS && !signed {
		return nil
	}
	segs := segmentsOf(&r)
	type cand struct {
		s     *Script
		score int
	}
	var cands []cand
	for i := range l.Scripts {
		if score, ok := l.Scripts[i].fits(&r, segs); ok {
			cands = append(cands, cand{&l.Scripts[i], score})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.score - a.score })
	abFirst(cands, func(c cand) int { return c.score }, &r)
	cushion := l.nextCushion(r.Buyer)
	vars := varsFor(&r, l, cushion) // once: every candidate speaks of the same order
	out := make([]Suggestion, 0, len(cands))
	for _, c := range cands {
		sg := render(c.s, &r, vars, cushion)
		if r.Channel == queue.ChannelSMS && SMSBreaks(sg.Text, c.s.SMS, sig) != "" {
			continue
		}
		out = append(out, sg)
	}
	return out
}

// nextCushion returns the first cushion the buyer has not been given, so no buyer hears the
// same one twice. When a buyer has heard them all, they start over in order.
func (l *Library) nextCushion(b *queue.Buyer) int {
	n := len(l.Cushions)
	if n == 0 {
		return -1
	}
	for i := 0; i < n && i < 32; i++ {
		if b.Cushions&(1<<i) == 0 {
			return i
		}
	}
	return bits.OnesCount32(b.Cushions) % n
}

// render fills the script's variables with vars, the order's values (varsFor).
func render(s *Script, r *Request, vars map[string]string, cushion int) Suggestion {
	sg := Suggestion{ID: s.ID, Channel: s.Channel, Kind: s.Kind, SMS: s.SMS, CushionID: -1}
	pick := func(zh, en string) string {
		if r.Lang == queue.LangEN && en != "" {
			return en
		}
		return zh
	}
	uses := func(t string) {
		if strings.Contains(t, "{cushion}") {
			sg.CushionID = cushion
		}
	}
	if s.Kind == "phone-guide" {
		for _, st := range s.Steps {
			t := pick(st.ZH, st.EN)
			uses(t)
			sg.Steps = append(sg.Steps, stepName(st.Name, r.Lang)+": "+fill(t, vars))
		}
		sg.Text = strings.Join(sg.Steps, "\n")
		return sg
	}
	t := pick(s.ZH, s.EN)
	uses(t)
	sg.Text = combined(fill(t, vars), r)
	if s.Channel == queue.ChannelSMS {
		sig, _ := r.Config.SMSSignature()
		sg.Text = sig + sg.Text
		sg.SMSParts = SMSParts(sg.Text)
	}
	return sg
}

// combined adds to a message for a buyer with several open orders the line that speaks of
// all of them (合并付款: they are chased together, and may pay them together), before a
// marketing SMS's closing opt-out. A Shopify buyer has no list of unpaid orders to pay
// together in (each order is its own checkout): the line only says how many there are.
func combined(text string, r *Request) string {
	n := r.Together
	if n == 0 && r.Buyer != nil {
		n = int(r.Buyer.Open)
	}
	if n < 2 {
		return text
	}
	w := words.For(r.Lang)
	f := w.FillCombined
	if apart(r) {
		f = w.FillCombinedApart
	}
	line := words.Format(f, n)
	if rest, ok := strings.CutSuffix(text, OptOut); ok {
		return rest + line + OptOut
	}
	return text + line
}

// apart reports whether the order's platform pays each order on its own, with no list of
// unpaid orders (待付款 / Pending Payment) to speak of: Shopify, where an order is its own
// checkout.
func apart(r *Request) bool {
	return r.Order != nil && r.Order.Platform == queue.PlatformShopify
}

// stepName names a phone guide's step (listen → 倾听) in the language, or returns its own
// name for a step the words do not know.
func stepName(name string, l queue.Lang) string {
	if n, ok := words.For(l).PhoneStep[name]; ok {
		return n
	}
	return name
}

// varsFor gives every variable a value: a missing one falls back to words that still read
// well, never to an empty gap.
func varsFor(r *Request, l *Library, cushion int) map[string]string {
	o, c := r.Order, r.Config
	w := words.For(r.Lang)
	or := func(v, fallback string) string {
		if strings.TrimSpace(v) != "" {
			return v
		}
		return fallback
	}
	deadline := c.Deadline(o)
	cush := ""
	if cushion >= 0 && cushion < len(l.Cushions) {
		cush = l.Cushions[cushion].ZH
		if r.Lang == queue.LangEN && l.Cushions[cushion].EN != "" {
			cush = l.Cushions[cushion].EN
		}
	}
	saleEnds := ""
	if !r.SaleEnds.IsZero() {
		saleEnds = Span(r.SaleEnds.Sub(r.Now), r.Lang)
	}
	returns := w.FillReturns
	if ex := strings.TrimSpace(queue.Plain(c.Facts.ReturnsExcept)); ex != "" {
		returns += fmt.Sprintf(w.FillReturnsExcept, ex)
	}
	unpaid := w.FillUnpaid
	if apart(r) {
		unpaid = w.FillUnpaidApart
	}
	shop := queue.Plain(c.Shop.Name)
	if shop == queue.DefaultShopName {
		shop = w.DefaultShop // the name the config left unset, in the reader's words
	}
	return map[string]string{
		"hello":      Hello(r),
		"item_short": or(ItemShort(o.Title), w.FillItem),
		"amount":     o.Amount.Yuan(),
		"deadline":   time.Unix(deadline, 0).In(c.Location).Format(w.FillDeadline),
		"closes_in":  Span(time.Duration(deadline-r.Now.Unix())*time.Second, r.Lang),
		"sale_ends":  or(saleEnds, w.FillSaleEnds),
		"shop":       or(shop, w.FillShop),
		"cutoff":     c.Facts.CutOff,
		"gift":       or(queue.Plain(c.Facts.Gift), w.FillGift),
		"coupon":     queue.Plain(c.Facts.Coupon),
		"returns":    returns,
		"cushion":    or(cush, w.FillCushion),
		"deposit":    queue.Fen(o.Deposit).Yuan(),
		"unpaid":     unpaid,
	}
}

// Hello is how the script opens: the shop's register (亲, or 您好 in a flagship store's),
// and on the phone the receiver's name when it is a real name. A nickname, a phone number,
// an e-mail or a platform id is never used as a name. In chat the register is used even
// when the receiver is known: the receiver is often not the buyer (a gift, a family order).
func Hello(r *Request) string {
	w := words.For(r.Lang)
	if r.Channel == queue.ChannelPhone {
		if n := realName(queue.Plain(r.Receiver), r.Buyer.Nick); n != "" {
			return fmt.Sprintf(w.HelloName, n)
		}
		return w.HelloNin // a call speaks as 您, whatever the shop's chat register
	}
	if r.Config.Register(r.Order.Platform) == queue.RegisterQin {
		return w.HelloQin
	}
	return w.HelloNin
}

// notNames are receiver entries that stand for nobody in particular.
var notNames = []string{"收货人", "收件人", "买家", "客户", "顾客", "本人", "亲", "先生", "女士", "小姐"}

// realName returns the receiver's name when it reads as a person's name (two to four Han
// characters, or a name in Latin letters), or "". A masked name (丁**), a number, an
// e-mail, a tel: id or the buyer's own nickname is not a name.
func realName(receiver, nick string) string {
	n := strings.TrimSpace(receiver)
	if n == "" || n == strings.TrimSpace(nick) || slices.Contains(notNames, n) {
		return ""
	}
	han, latin := 0, 0
	for _, r := range n {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			han++
		case r == '·' && han > 0:
		case (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
			latin++
		case (r == ' ' || r == '-' || r == '\'') && latin > 0:
		default:
			return "" // a digit, *, @, : or anything else: not a name
		}
	}
	switch {
	case han > 0 && latin == 0 && han >= 2 && utf8.RuneCountInString(n) <= 10 && (han <= 4 || strings.ContainsRune(n, '·')):
		return n
	case latin >= 2 && han == 0 && len(n) <= 40:
		return n
	}
	return ""
}

// Span says a duration as a countdown that never says more time than is left: "57分钟",
// "1小时", "1个多小时", "23小时", "3天", "2天多" (and in English "57 minutes", "over 1 hour").
// Under a minute it is "不到1分钟"; a past instant is "0分钟".
func Span(d time.Duration, l queue.Lang) string {
	w := words.For(l)
	count := func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf(one, n)
		}
		return fmt.Sprintf(many, n)
	}
	switch {
	case d <= 0:
		return w.SpanNone
	case d < time.Minute:
		return w.SpanUnderMinute
	case d < time.Hour:
		return count(int(d/time.Minute), w.SpanMinute, w.SpanMinutes)
	case d < 24*time.Hour && d%time.Hour == 0:
		return count(int(d/time.Hour), w.SpanHour, w.SpanHours)
	case d < 24*time.Hour:
		return count(int(d/time.Hour), w.SpanOverHour, w.SpanOverHours)
	case d%(24*time.Hour) == 0:
		return count(int(d/(24*time.Hour)), w.SpanDay, w.SpanDays)
	}
	return count(int(d/(24*time.Hour)), w.SpanOverDay, w.SpanOverDays)
}

// fill replaces {name} with its value.
func fill(t string, vars map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		name := t[i+1 : i+j]
		if v, ok := vars[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(t[i : i+j+1])
		}
		t = t[i+j+1:]
	}
}

// checkVars reports every unknown, retired or unclosed variable in a script line, in the
// order they come: a line with two bad variables gets two findings, so a writer fixes them
// all in one go.
func checkVars(t string) []*finding {
	var out []*finding
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			if strings.IndexByte(t, '}') >= 0 {
				out = append(out, find("brace_close"))
			}
			return out
		}
		if strings.IndexByte(t[:i], '}') >= 0 {
			out = append(out, find("brace_close")) // a } before this {: closes nothing
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return append(out, find("brace_open"))
		}
		name := t[i+1 : i+j]
		if k := strings.IndexByte(name, '{'); k >= 0 {
			// "{buyer {nope}": the first { is never closed; read on from the second.
			out = append(out, find("brace_open"))
			t = t[i+1+k:]
			continue
		}
		if instead, ok := retired[name]; ok {
			out = append(out, find("retired_var", "{"+name+"}", instead))
		} else if !slices.Contains(Variables, name) {
			out = append(out, find("unknown_var", "{"+name+"}", strings.Join(Variables, ", ")))
		}
		t = t[i+j+1:]
	}
}

// SMSParts counts the messages an SMS text takes: up to 70 characters fit one; longer texts
// are sent in parts of 67.
func SMSParts(text string) int {
	n := utf8.RuneCountInString(text)
	switch {
	case n == 0:
		return 0
	case n <= 70:
		return 1
	}
	return (n + 66) / 67
}

// maxSMSParts is the most parts cuifu will suggest: a reminder longer than that is a letter.
const maxSMSParts = 2

// SMSBreaks says which SMS rule the full text breaks, or "": it must start with the shop's
// registered signature sig (as 【…】), a marketing SMS must end with the opt-out line and a
// notification must not carry it, and it must fit in two messages.
func SMSBreaks(text string, kind queue.SMSKind, sig string) string {
	marketing := kind == queue.SMSMarketing
	switch {
	case sig == "" || !strings.HasPrefix(text, sig):
		return "an SMS must start with the shop's registered signature"
	case marketing && !strings.HasSuffix(text, OptOut):
		return "a marketing SMS must end with " + OptOut
	case !marketing && strings.Contains(text, OptOut):
		return "a notification SMS must not carry " + OptOut
	case SMSParts(text) > maxSMSParts:
		return fmt.Sprintf("%d characters take %d messages (at most %d)", utf8.RuneCountInString(text), SMSParts(text), maxSMSParts)
	}
	return ""
}
