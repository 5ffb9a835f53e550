package scripts

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"cuifu/queue"
)

// request is an IM request for a first-time buyer's ¥2599 sofa at 15:00 on an ordinary day,
// in a shop with a registered signature and no facts.
func request(ch queue.Channel, edit func(o *queue.Order, b *queue.Buyer)) Request {
	cfg := queue.DefaultConfig()
	cfg.Shop.Name, cfg.Shop.Signature = "小美家居", "小美家居"
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, cfg.Location)
	o := &queue.Order{ID: "1001", Title: "【聚划算】北欧布艺沙发 三人位 可拆洗", Amount: 259900, Created: now.Add(-2 * time.Hour).Unix(), Platform: queue.PlatformTaobao}
	b := &queue.Buyer{Nick: "小鹿乱撞", Phone: "13800001234"}
	if edit != nil {
		edit(o, b)
	}
	return Request{Order: o, Buyer: b, Channel: ch, SMSKind: queue.SMSNotification, Config: &cfg, Now: now}
}

func ids(sg []Suggestion) []string {
	out := make([]string, len(sg))
	for i, s := range sg {
		out[i] = s.ID
	}
	return out
}

func TestSMSParts(t *testing.T) {
	sig := "【小美家居】" // 6 characters
	tests := []struct{ total, parts int }{{70, 1}, {71, 2}, {134, 2}, {135, 3}, {7, 1}}
	for _, tt := range tests {
		text := sig + strings.Repeat("好", tt.total-6)
		if got := SMSParts(text); got != tt.parts {
			t.Errorf("%d characters: %d parts, want %d", tt.total, got, tt.parts)
		}
	}
}

func TestSuggestRendersEveryChannel(t *testing.T) {
	lib := Default()
	for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone} {
		sg := lib.Suggest(request(ch, nil))
		if len(sg) == 0 {
			t.Fatalf("%v: no suggestion", ch)
		}
		for _, s := range sg {
			if strings.Contains(s.Text, "{") || strings.Contains(s.Text, "<no value>") {
				t.Errorf("%s: unfilled variable in %q", s.ID, s.Text)
			}
			if strings.Contains(s.Text, "小鹿乱撞") || strings.Contains(s.Text, "聚划算") {
				t.Errorf("%s: a nickname or a title tag in %q", s.ID, s.Text)
			}
			if ch == queue.ChannelSMS && (s.SMSParts < 1 || SMSBreaks(s.Text, s.SMS, "【小美家居】") != "") {
				t.Errorf("%s: a rule-breaking SMS: %q", s.ID, s.Text)
			}
			if ch == queue.ChannelPhone && len(s.Steps) != 4 {
				t.Errorf("%s: phone guide has %d steps", s.ID, len(s.Steps))
			}
		}
	}
	if sg := lib.Suggest(request(queue.ChannelNone, nil)); sg != nil {
		t.Fatal("a suggestion for an opted-out buyer")
	}
}

func TestNoSignatureNoSMS(t *testing.T) {
	for _, sig := range []string{"", "本店", "【本店】", "店铺名"} {
		r := request(queue.ChannelSMS, nil)
		r.Config.Shop.Signature = sig
		if sg := Default().Suggest(r); len(sg) > 0 {
			t.Errorf("signature %q: suggested %v", sig, ids(sg))
		}
	}
}

func TestMissingValuesNeverLeaveGaps(t *testing.T) {
	r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Title = "【聚划算】"; b.Nick = "" })
	r.Config.Shop.Name = ""
	for _, s := range Default().Suggest(r) {
		if strings.Contains(s.Text, "「」") || strings.Contains(s.Text, "{") || strings.HasPrefix(s.Text, "，") || strings.Contains(s.Text, "是的客服") {
			t.Errorf("%s: a gap in %q", s.ID, s.Text)
		}
	}
}

func TestCushionRotation(t *testing.T) {
	lib := Default()
	b := &queue.Buyer{}
	seen := map[int]bool{}
	for i := 0; i < len(lib.Cushions); i++ {
		c := lib.nextCushion(b)
		if seen[c] {
			t.Fatalf("cushion %d given twice to one buyer", c)
		}
		seen[c] = true
		b.Cushions |= 1 << c
	}
	if c := lib.nextCushion(b); c < 0 || c >= len(lib.Cushions) {
		t.Fatalf("after every cushion: %d", c)
	}
	r := request(queue.ChannelIM, func(o *queue.Order, bb *queue.Buyer) { bb.Cushions = 1 })
	r.Reason = queue.ReasonProduct
	sg := Default().Suggest(r)
	if sg[0].CushionID != 1 || !strings.Contains(sg[0].Text, lib.Cushions[1].ZH) {
		t.Fatalf("cushion: %d %q", sg[0].CushionID, sg[0].Text)
	}
}

// TestUnclosedHeaderBlamesItsOwnLine: after a [header line without its ], the linter names
// that line, and the broken block's lines are neither the previous script's words nor
// problems of their own; the previous script keeps its words, the next block reads again.
func TestUnclosedHeaderBlamesItsOwnLine(t *testing.T) {
	l := &Library{}
	text := "[im.good]\nchannel: im\nkind: positive\nzh: 好的话\nen: good\n\n[im.bad\nchannel: sms\nzh: 您还要吗\n\n[im.next]\nchannel: im\nkind: negative\nzh: 下一条\nen: next"
	probs := parseFile(l, "x.txt", text, true)
	if len(probs) != 1 || probs[0].Line != 7 || probs[0].Code != "unclosed_header" || probs[0].Script != "" {
		t.Fatalf("problems %v, want only the unclosed [ at line 7", probs)
	}
	if len(l.Scripts) != 2 || l.Scripts[0].ID != "im.good" || l.Scripts[0].ZH != "好的话" || l.Scripts[0].Channel != queue.ChannelIM ||
		l.Scripts[1].ID != "im.next" {
		t.Fatalf("scripts %+v", l.Scripts)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, text string
		builtin    bool
		line       int
		msg        string
	}{
		{"unknown variable", "[a]\nchannel: im\nkind: positive\nzh: 你好{name}\nen: hi", true, 4, "unknown_var {name}"},
		{"retired nickname", "[a]\nchannel: im\nkind: positive\nzh: {buyer}您好\nen: hi", true, 4, "retired_var {buyer}"},
		{"retired hours", "[a]\nchannel: im\nkind: positive\nzh: 还剩{hours}小时\nen: hi", true, 4, "retired_var {hours}"},
		{"unclosed brace", "[a]\nchannel: im\nkind: positive\nzh: 你好{hello\nen: hi", true, 4, "brace_open"},
		{"no channel", "[a]\nkind: positive\nzh: 你好\nen: hi", true, 1, "no_channel"},
		{"bad key", "[a]\nchannel: im\ncolour: red", true, 3, "unknown_key"},
		{"stray line", "zh: 你好", true, 1, "outside_block"},
		{"unknown fact", "[a]\nchannel: im\nneeds: gift, massage\nzh: 你好", false, 3, "unknown_fact massage"},
		{"unknown platform", "[a]\nchannel: im\nplatform: ebay\nzh: 你好", false, 3, "unknown_platform"},
		{"sms without kind", "[a]\nchannel: sms\nkind: positive\nzh: 你好\nen: hi", true, 1, "sms_kind"},
		{"built-in without en", "[a]\nchannel: im\nkind: positive\nzh: 你好", true, 1, "needs_en"},
	}
	for _, tt := range tests {
		l := &Library{}
		probs := parseFile(l, "x.txt", tt.text, tt.builtin)
		if len(probs) == 0 || probs[0].Line != tt.line || !strings.Contains(probs[0].String(), tt.msg) {
			t.Errorf("%s: problems %v, want line %d %q", tt.name, probs, tt.line, tt.msg)
		}
	}
	l := &Library{}
	if probs := parseFile(l, "x.txt", "[a]\nchannel: im\nkind: positive\nzh: 你好", false); len(probs) > 0 || len(l.Scripts) != 1 {
		t.Errorf("a shop's own script without en: %v", probs)
	}
}

// TestSegmentBeforePhase: a low-ticket order on a sale day gets the light touch, not the
// sale-day pitch; the phase still picks among the scripts for every buyer.
func TestSegmentBeforePhase(t *testing.T) {
	r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Title, o.Amount = "原木抽纸 24包整箱", 4990 })
	r.Phase = queue.PhaseFrenzy
	if sg := Default().Suggest(r); sg[0].ID != "im.lowticket.light" {
		t.Fatalf("low-ticket on the sale night: %v", ids(sg))
	}
	r = request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Amount = 29900 })
	r.Phase = queue.PhaseDayAfter
	if sg := Default().Suggest(r); sg[0].ID != "im.dayafter.kept" {
		t.Fatalf("mid-ticket the day after: %v", ids(sg))
	}
}

// TestNeedsGateSelection: a script whose facts the shop has not declared is never suggested.
func TestNeedsGateSelection(t *testing.T) {
	has := func(r Request, id string) bool { return slices.Contains(ids(Default().Suggest(r)), id) }
	r := request(queue.ChannelIM, nil)
	for _, id := range []string{"im.gift", "im.cutoff", "im.bigticket.install", "im.returns", "im.coupon"} {
		if has(r, id) {
			t.Errorf("%s suggested with no facts", id)
		}
	}
	r.Config.Facts = queue.Facts{Gift: "收纳袋", CutOff: "17:00", Install: true, DoorDelivery: true, Returns: true, Coupon: "满300减30"}
	for _, id := range []string{"im.gift", "im.cutoff", "im.bigticket.install", "im.returns", "im.coupon"} {
		if !has(r, id) {
			t.Errorf("%s not suggested with its facts", id)
		}
	}
	below := r
	below.Order = &queue.Order{ID: "1002", Title: r.Order.Title, Amount: 28790, Created: r.Order.Created, Platform: r.Order.Platform}
	if has(below, "im.coupon") {
		t.Error("a 满300减30 coupon offered on a ¥287.90 order, which cannot use it")
	}
	r.Phase = queue.PhaseRational
	if has(r, "im.cutoff") {
		t.Error("the same-day cut-off promised on the sale day, which the shop did not say holds then")
	}
	r.Config.Facts.CutOffOnSaleDay = true
	if !has(r, "im.cutoff") {
		t.Error("cutoff_on_sale_day is ignored")
	}
	r.Now = r.Now.Add(3 * time.Hour) // 18:00
	if has(r, "im.cutoff") {
		t.Error("\"paid before 17:00 ships today\" offered at 18:00")
	}
}

// TestSMSKindSelection: only a script of the row's SMS kind is suggested.
func TestSMSKindSelection(t *testing.T) {
	for _, kind := range []queue.SMSKind{queue.SMSNotification, queue.SMSMarketing} {
		r := request(queue.ChannelSMS, func(o *queue.Order, b *queue.Buyer) { b.Paid = 2 })
		r.Phase, r.SMSKind = queue.PhaseRational, kind
		r.SaleEnds = r.Now.Add(9 * time.Hour)
		sg := Default().Suggest(r)
		if len(sg) == 0 {
			t.Fatalf("%v: nothing", kind)
		}
		for _, s := range sg {
			if s.SMS != kind || (kind == queue.SMSMarketing) != strings.HasSuffix(s.Text, OptOut) {
				t.Errorf("%v row: %s is %v: %q", kind, s.ID, s.SMS, s.Text)
			}
		}
	}
}

func TestSaleEndsOnlyWhileTheSaleRuns(t *testing.T) {
	r := request(queue.ChannelIM, nil)
	r.Phase = queue.PhaseLate
	if slices.Contains(ids(Default().Suggest(r)), "im.sale.price") {
		t.Fatal("a sale-price countdown with no sale running")
	}
	r.SaleEnds = r.Now.Add(150 * time.Minute)
	sg := Default().Suggest(r)
	i := slices.Index(ids(sg), "im.sale.price")
	if i < 0 || !strings.Contains(sg[i].Text, "活动价还有2个多小时结束") {
		t.Fatalf("%v", sg)
	}
}

// TestCountdowns: {closes_in} counts to this order's close and {sale_ends} to the sale
// price's end, at their edges, and never says more time than is left.
func TestCountdowns(t *testing.T) {
	tests := []struct {
		left   time.Duration
		zh, en string
	}{
		{57 * time.Minute, "57分钟", "57 minutes"},
		{57*time.Minute + 59*time.Second, "57分钟", "57 minutes"},
		{time.Hour, "1小时", "1 hour"},
		{time.Hour + time.Minute, "1个多小时", "over 1 hour"},
		{23 * time.Hour, "23小时", "23 hours"},
		{72 * time.Hour, "3天", "3 days"},
		{57 * time.Hour, "2天多", "over 2 days"},
		{30 * time.Second, "不到1分钟", "less than a minute"},
	}
	for _, tt := range tests {
		if got := Span(tt.left, queue.LangZH); got != tt.zh {
			t.Errorf("%v: %q, want %q", tt.left, got, tt.zh)
		}
		if got := Span(tt.left, queue.LangEN); got != tt.en {
			t.Errorf("%v: %q, want %q", tt.left, got, tt.en)
		}
		r := request(queue.ChannelIM, nil)
		r.Order.Deadline = r.Now.Add(tt.left).Unix()
		r.Phase, r.SaleEnds = queue.PhaseRational, r.Now.Add(tt.left)
		vars := varsFor(&r, Default(), -1)
		if vars["closes_in"] != tt.zh || vars["sale_ends"] != tt.zh {
			t.Errorf("%v: closes_in %q, sale_ends %q, want %q", tt.left, vars["closes_in"], vars["sale_ends"], tt.zh)
		}
	}
	// The old {hours} said 57 h at 00:40 on 11-11, when the sale price ended at 24:00.
	r := request(queue.ChannelIM, nil)
	r.Now = time.Date(2026, 11, 11, 0, 40, 0, 0, r.Config.Location)
	r.Order.Created, r.Order.Deadline = r.Now.Add(-15*time.Minute).Unix(), r.Now.Add(57*time.Hour).Unix()
	r.Phase, r.SaleEnds = queue.PhaseFrenzy, time.Date(2026, 11, 12, 0, 0, 0, 0, r.Config.Location)
	if v := varsFor(&r, Default(), -1); v["closes_in"] != "2天多" || v["sale_ends"] != "23个多小时" {
		t.Fatalf("00:40 on 11-11: closes_in %q, sale_ends %q", v["closes_in"], v["sale_ends"])
	}
}

func TestClosingLine(t *testing.T) {
	r := request(queue.ChannelIM, nil)
	r.Order.Deadline = r.Now.Add(20 * time.Minute).Unix()
	sg := Default().Suggest(r)
	if sg[0].ID != "im.closing" || !strings.Contains(sg[0].Text, "20分钟后就关闭了") {
		t.Fatalf("an order closing in 20 minutes: %v", sg[0])
	}
	for _, left := range []time.Duration{3 * time.Hour, 0, -5 * time.Minute} {
		r.Order.Deadline = r.Now.Add(left).Unix()
		if slices.Contains(ids(Default().Suggest(r)), "im.closing") {
			t.Fatalf("the closing line %v before the close", left)
		}
	}
}

// TestPaymentHelpPerPlatform: each platform's payment follow-up asks what the buyer saw,
// then offers only what that platform has.
func TestPaymentHelpPerPlatform(t *testing.T) {
	tests := []struct {
		p        queue.Platform
		has, not []string
	}{
		{queue.PlatformTaobao, []string{"花呗", "代付", "银行卡"}, []string{"白条", "微信"}},
		{queue.PlatformJD, []string{"白条", "微信", "银行卡"}, []string{"花呗", "支付宝"}},
		{queue.PlatformPDD, []string{"微信"}, []string{"花呗", "支付宝", "先用后付"}},
		{queue.PlatformDouyin, []string{"抖音支付", "月付"}, []string{"花呗", "支付宝"}},
	}
	for _, tt := range tests {
		r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Platform = tt.p })
		r.Reason = queue.ReasonPayment
		text := Default().Suggest(r)[0].Text
		ask := strings.Index(text, "提示的是什么")
		for _, w := range tt.has {
			if i := strings.Index(text, w); i < 0 || i < ask {
				t.Errorf("%s: %q missing or offered before asking what the buyer saw: %q", tt.p, w, text)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(text, w) {
				t.Errorf("%s: offers %q: %q", tt.p, w, text)
			}
		}
	}
	r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Platform = queue.PlatformPDD })
	r.Reason, r.Config.Facts.PayLater = queue.ReasonPayment, true
	if text := Default().Suggest(r)[0].Text; !strings.Contains(text, "先用后付") {
		t.Errorf("PDD with 先用后付: %q", text)
	}
}

func TestHello(t *testing.T) {
	tests := []struct {
		p        queue.Platform
		register string
		ch       queue.Channel
		receiver string
		want     string
	}{
		{queue.PlatformTaobao, "", queue.ChannelIM, "", "亲"},
		{queue.PlatformTaobao, "您", queue.ChannelIM, "", "您好"},
		{queue.PlatformJD, "", queue.ChannelIM, "", "您好"},
		{queue.PlatformPDD, "", queue.ChannelSMS, "王小明", "亲"},
		{queue.PlatformTaobao, "", queue.ChannelPhone, "王小明", "王小明您好"},
		{queue.PlatformTaobao, "", queue.ChannelPhone, "欧阳娜娜", "欧阳娜娜您好"},
		{queue.PlatformShopify, "", queue.ChannelPhone, "Emily Chen", "Emily Chen您好"},
		{queue.PlatformTaobao, "", queue.ChannelPhone, "丁**", "您好"},
		{queue.PlatformDouyin, "", queue.ChannelPhone, "tel:18600004599", "您好"},
		{queue.PlatformDouyin, "", queue.ChannelPhone, "18600004599", "您好"},
		{queue.PlatformShopify, "", queue.ChannelPhone, "emily@example.com", "您好"},
		{queue.PlatformTaobao, "", queue.ChannelPhone, "晴天娃娃1944", "您好"},
		{queue.PlatformTaobao, "", queue.ChannelPhone, "小鹿乱撞", "您好"}, // the nickname itself
		{queue.PlatformTaobao, "", queue.ChannelPhone, "收货人", "您好"},
	}
	for _, tt := range tests {
		r := request(tt.ch, func(o *queue.Order, b *queue.Buyer) { o.Platform = tt.p })
		r.Config.Shop.Register, r.Receiver = tt.register, tt.receiver
		if got := Hello(&r); got != tt.want {
			t.Errorf("%s %s %v %q: %q, want %q", tt.p, tt.register, tt.ch, tt.receiver, got, tt.want)
		}
	}
}

func TestItemShort(t *testing.T) {
	tests := []struct{ title, want string }{
		{"【聚划算】法式碎花连衣裙 夏季新款", "法式碎花连衣裙"},
		{"北欧布艺沙发 三人位 可拆洗", "北欧布艺沙发"},
		{"法式多门冰箱 505升", "法式多门冰箱"},
		{"保温杯 316不锈钢", "保温杯"},
		{"实木床 1.8米 橡木主卧双人床", "实木床"},
		{"儿童 学习台灯 护眼", "儿童学习台灯"},
		{"2024新款现货包邮羊毛裤女加厚", "羊毛裤女加厚"},
		{"【官方旗舰店】[现货速发]北欧风实木餐桌椅组合小户型家用长方形饭桌", "北欧风实木餐桌椅组合小户…"},
		{"【预售】", ""},
		{"保温杯\x1b[2J 13912345678", "保温杯"},
		{"Wool coat", "Wool coat"},
		{"Merino Wool Coat - Navy / M", "Merino Wool Coat"},
		{"Ceramic mug 350ml", "Ceramic mug"},
		{"NIKE 耐克 运动鞋", "NIKE"},
		{"Supercalifragilisticexpialidocious blanket", "Supercalifragilisticexpi…"},
	}
	for _, tt := range tests {
		if got := ItemShort(tt.title); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.title, got, tt.want)
		}
	}
	if got := ItemShort("\x1b]52;c;aGk=\a睡衣13912345678"); strings.ContainsAny(got, "\x1b\a") || strings.Contains(got, "13912345678") {
		t.Errorf("an escape code or a phone in a title reaches the words: %q", got)
	}
}

var (
	fullPhone = regexp.MustCompile(`1[3-9]\d{9}`)
	email     = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+`)
)

// randomMoment gives a request a random phase, SMS kind, sale price end, decline reason
// (or none) and language.
func randomMoment(r *Request, rng *rand.Rand) {
	reasons := append([]string{""}, queue.DeclineReasons...)
	r.Phase = queue.Phases[rng.IntN(len(queue.Phases))]
	r.SMSKind = queue.SMSKind(rng.IntN(2))
	if rng.IntN(2) == 0 {
		r.SaleEnds = r.Now.Add(time.Duration(rng.IntN(30)) * time.Hour)
	}
	r.Reason = reasons[rng.IntN(len(reasons))]
	r.Lang = queue.Lang(rng.IntN(2))
}

// TestPropertyDefaultFactsClaimNothing: for random orders, buyers, channels, phases and
// reasons, no script suggested with the default facts makes a claim from the facts table,
// and none carries a phone number, an e-mail or a tel: id.
func TestPropertyDefaultFactsClaimNothing(t *testing.T) {
	lib := Default()
	rng := rand.New(rand.NewPCG(16, 11))
	titles := []string{"北欧布艺沙发 三人位 可拆洗", "【聚划算】法式碎花连衣裙 夏季新款", "包邮 当天发 原木抽纸 24包整箱",
		"法式多门冰箱 505升 送货上门 免费安装", "【七天无理由】珍珠耳环", "", "【赠运费险】保温杯 316不锈钢"}
	nicks := []string{"tb66861826", "晴天娃娃1944", "tel:18600004599", "13900001234", "emily@example.com", ""}
	receivers := []string{"", "丁**", "王小明", "13900001234", "tel:18600004599", "emily@example.com", "139****5678"}
	platforms := []queue.Platform{queue.PlatformTaobao, queue.PlatformJD, queue.PlatformPDD, queue.PlatformDouyin, queue.PlatformShopify}
	for i := 0; i < 3000; i++ {
		ch := queue.Channel(1 + rng.IntN(3))
		r := request(ch, func(o *queue.Order, b *queue.Buyer) {
			o.Title, o.Amount = titles[rng.IntN(len(titles))], queue.Fen(rng.IntN(900000))
			o.Platform = platforms[rng.IntN(len(platforms))]
			o.Deadline = o.Created + int64(rng.IntN(80*3600))
			b.Nick, b.Paid, b.Cushions = nicks[rng.IntN(len(nicks))], int32(rng.IntN(2)), uint32(rng.IntN(256))
		})
		r.Receiver = receivers[rng.IntN(len(receivers))]
		randomMoment(&r, rng)
		for _, s := range lib.Suggest(r) {
			if r.Lang == queue.LangZH {
				for _, c := range claimsIn(s.Text) {
					t.Fatalf("%s claims %q (%s) with no facts: %q", s.ID, c.words, c.Fact, s.Text)
				}
			}
			if m := fullPhone.FindString(s.Text) + email.FindString(s.Text); m != "" || strings.Contains(s.Text, "tel:") {
				t.Fatalf("%s carries %q: %q", s.ID, m, s.Text)
			}
		}
	}
}

// TestMissedCallFollowUp: soon after an unanswered call, the words say so; after a reply, or
// the next day (the retry of a call at 13:00 falls at 09:45), they never say "just called".
func TestMissedCallFollowUp(t *testing.T) {
	for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS} {
		r := request(ch, func(o *queue.Order, b *queue.Buyer) {
			o.Contact.LastChannel, o.Contact.LastResult, o.Contact.Touches = queue.ChannelPhone, queue.ResultNoAnswer, 2
		})
		for _, ago := range []time.Duration{time.Minute, time.Hour, missedCallFresh} {
			r.Order.Contact.LastAt = r.Now.Add(-ago).Unix()
			if sg := Default().Suggest(r); len(sg) == 0 || !strings.Contains(sg[0].Text, "没接通") {
				t.Errorf("%v %v after an unanswered call: %v", ch, ago, ids(sg))
			}
		}
		for _, c := range []struct {
			what   string
			result queue.Result
			ago    time.Duration
		}{
			{"after the buyer replied", queue.ResultReplied, time.Minute},
			{"the next day", queue.ResultNoAnswer, 20*time.Hour + 45*time.Minute},
			{"just past fresh", queue.ResultBusy, missedCallFresh + time.Second},
		} {
			r.Order.Contact.LastResult, r.Order.Contact.LastAt = c.result, r.Now.Add(-c.ago).Unix()
			for _, s := range Default().Suggest(r) {
				if strings.Contains(s.Text, "没接通") || strings.Contains(s.Text, "could not reach") {
					t.Errorf("%v %s: %s says the call just went unanswered: %q", ch, c.what, s.ID, s.Text)
				}
			}
		}
	}
}

// TestBigTicketConfirmsConditions: furniture and large appliances get words that confirm the
// floor, the lift and the installation instead of promising them; a dear coat gets none.
func TestBigTicketConfirmsConditions(t *testing.T) {
	for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelPhone} {
		sg := Default().Suggest(request(ch, nil)) // a ¥2599 sofa, first-time buyer
		if len(sg) == 0 || !strings.Contains(sg[0].Text, "电梯") || !strings.Contains(sg[0].Text, "安装") {
			t.Errorf("%v, a sofa: first %v", ch, sg)
		}
		for _, s := range sg {
			if strings.Contains(s.Text, "免费安装") || strings.Contains(s.Text, "送货上门") {
				t.Errorf("%v: %s promises what no fact says: %q", ch, s.ID, s.Text)
			}
		}
		coat := request(ch, func(o *queue.Order, b *queue.Buyer) { o.Title = "羊毛双面呢外套 女款"; o.Amount = 89900 })
		for _, s := range Default().Suggest(coat) {
			if strings.Contains(s.Text, "电梯") {
				t.Errorf("%v, a coat: %s asks about the lift: %q", ch, s.ID, s.Text)
			}
		}
	}
}

// TestEveryOfferHasAMarketingSMS: the queue makes an SMS marketing while the shop runs an
// offer (a sale price, a coupon, a gift); each offer alone finds a marketing script.
func TestEveryOfferHasAMarketingSMS(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(r *Request)
	}{
		{"sale", func(r *Request) { r.Phase, r.SaleEnds = queue.PhaseRational, r.Now.Add(5*time.Hour) }},
		{"coupon", func(r *Request) { r.Config.Facts.Coupon = "满300减30" }},
		{"gift", func(r *Request) { r.Config.Facts.Gift = "收纳袋" }},
	} {
		r := request(queue.ChannelSMS, nil)
		r.SMSKind = queue.SMSMarketing
		tt.edit(&r)
		if sg := Default().Suggest(r); len(sg) == 0 || sg[0].SMS != queue.SMSMarketing {
			t.Errorf("%s: %v", tt.name, ids(sg))
		}
	}
}

// TestSizeQuestionsOnlyForClothes: a call-averse order of clothes or shoes is asked about
// its size (height and weight, the usual size); one of jewellery or cosmetics, call-averse
// too, is never asked for the buyer's height and weight, in any phase or language.
func TestSizeQuestionsOnlyForClothes(t *testing.T) {
	phases := []queue.Phase{queue.PhaseOrdinary, queue.PhaseFrenzy, queue.PhaseRational, queue.PhaseLate, queue.PhaseDayAfter}
	for _, tt := range []struct {
		title string
		sized bool
	}{
		{"羊毛双面呢外套 女款", true},
		{"法式碎花连衣裙 夏季新款", true},
		{"加绒牛仔裤 直筒", true},
		{"925银项链 锁骨链 礼盒装", false},
		{"珍珠耳环 小众设计", false},
		{"丝绒哑光口红 三支装", false},
		{"玻尿酸补水面膜 30片", false},
		{"修护精华护肤套装", false},
	} {
		for _, ph := range phases {
			for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
				r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) {
					o.Title, o.Amount, o.Flags = tt.title, 39900, o.Flags|queue.FlagCallAverse
				})
				r.Phase, r.Lang = ph, lang
				sg := Default().Suggest(r)
				asked := false
				for _, s := range sg {
					if strings.Contains(s.Text, "身高体重") || strings.Contains(s.Text, "height and weight") {
						asked = true
						if !tt.sized {
							t.Errorf("%s (%v, %v): %s asks for height and weight: %q", tt.title, ph, lang, s.ID, s.Text)
						}
					}
				}
				if tt.sized && ph == queue.PhaseOrdinary && !asked {
					t.Errorf("%s (%v): no script asks about the size: %v", tt.title, lang, ids(sg))
				}
				if !tt.sized && ph == queue.PhaseOrdinary && !slices.Contains(ids(sg), "im.callaverse.choice") {
					t.Errorf("%s (%v): im.callaverse.choice is not offered: %v", tt.title, lang, ids(sg))
				}
			}
		}
	}
}

// TestCombinedPaymentOnlyWhereThePlatformHasIt: a buyer with several open orders hears how
// many there are on every platform, and that they can be paid together under 待付款 /
// Pending Payment only where the platform has that list: a Shopify order is its own
// checkout.
func TestCombinedPaymentOnlyWhereThePlatformHasIt(t *testing.T) {
	for _, p := range []queue.Platform{queue.PlatformTaobao, queue.PlatformJD, queue.PlatformShopify} {
		for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
			for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS} {
				r := request(ch, func(o *queue.Order, b *queue.Buyer) { o.Platform, b.Open = p, 3 })
				r.Lang = lang
				sg := Default().Suggest(r)
				if len(sg) == 0 && (ch == queue.ChannelIM || lang == queue.LangZH) {
					t.Fatalf("%v %v %v: no suggestion", p, lang, ch)
				}
				for _, s := range sg {
					together := strings.Contains(s.Text, "一起付") || strings.Contains(s.Text, "pay them together")
					many := strings.Contains(s.Text, "3笔订单") || strings.Contains(s.Text, "3 unpaid orders")
					if !many || together == (p == queue.PlatformShopify) {
						t.Errorf("%v %v %v: %s: %q", p, lang, ch, s.ID, s.Text)
					}
				}
			}
		}
	}
}

// TestScriptFieldsCarryNoControlCharacters: a field from an export or the config (the title,
// the receiver, the shop's name and facts) reaches the message with its control characters
// removed, never escaped: raw, or as the store holds them written out (\x07).
func TestScriptFieldsCarryNoControlCharacters(t *testing.T) {
	escaped := regexp.MustCompile(`\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}`)
	tests := []struct{ name, bad string }{
		{"bell", "\a"},
		{"stored bell", `\x07`},
		{"escape sequence", "\x1b[2J"},
		{"stored escape sequence", `\x1b[2J`},
		{"bidi override", "\u202e"},
		{"stored bidi override", `\u202e`},
		{"C1", "\u009b"},
	}
	for _, tt := range tests {
		for _, lang := range []queue.Lang{queue.LangZH, queue.LangEN} {
			for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone} {
				r := request(ch, func(o *queue.Order, b *queue.Buyer) { o.Title = "超长标题" + tt.bad + "丝绒哑光口红" })
				r.Lang, r.Receiver = lang, "王"+tt.bad+"芳"
				r.Config.Shop.Name = "小美" + tt.bad + "家居"
				r.Config.Facts.Gift = "化妆镜" + tt.bad
				r.Config.Facts.Coupon = "满200减20" + tt.bad
				r.Config.Facts.ReturnsExcept = "定制" + tt.bad
				sg := Default().Suggest(r)
				if len(sg) == 0 {
					t.Fatalf("%s %v %v: no suggestion", tt.name, lang, ch)
				}
				for _, s := range sg {
					text := strings.ReplaceAll(s.Text, "\n", " ") // a phone guide's steps are lines
					if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) ||
						escaped.MatchString(text) {
						t.Errorf("%s %v %s: %q", tt.name, lang, s.ID, s.Text)
					}
				}
			}
		}
	}
}

// TestPropertyScriptsNameOnlyWhatThePlatformHas: for random orders on every platform, with
// or without the shop's facts, in both languages and on every channel, no suggested script
// names what the buyer's platform lacks (rules/platforms.txt): a Shopify buyer never reads
// 还在待付款里, a JD buyer never reads 花呗.
func TestPropertyScriptsNameOnlyWhatThePlatformHas(t *testing.T) {
	lib := Default()
	rng := rand.New(rand.NewPCG(7, 18))
	titles := []string{"北欧布艺沙发 三人位 可拆洗", "法式碎花连衣裙", "原木抽纸 24包整箱", "法式多门冰箱 505升", "珍珠耳环", "Merino Wool Coat - Navy / M"}
	for i := 0; i < 4000; i++ {
		p := ShopPlatforms[i%len(ShopPlatforms)]
		r := request(queue.Channel(1+rng.IntN(3)), func(o *queue.Order, b *queue.Buyer) {
			o.Platform, o.Title, o.Amount = p, titles[rng.IntN(len(titles))], queue.Fen(rng.IntN(900000))
			o.Deadline = o.Created + int64(rng.IntN(80*3600))
			b.Paid, b.Cushions, b.Open = int32(rng.IntN(2)), uint32(rng.IntN(256)), uint8(rng.IntN(4))
		})
		if rng.IntN(2) == 0 {
			r.Config.Facts = queue.Facts{FreeShipping: true, Install: true, DoorDelivery: true, Inspect: true, Returns: true,
				Insurance: true, Gift: "化妆镜", CutOff: "17:00", CutOffOnSaleDay: true, Stock: []string{"order", "payment"}[rng.IntN(2)],
				ShipsInOrder: true, PayLater: true, Coupon: "满200减20", PriceChange: true}
		}
		randomMoment(&r, rng)
		for _, s := range lib.Suggest(r) {
			for _, w := range PlatformWords {
				if strings.Contains(s.Text, w.Text) && !slices.Contains(w.Platforms, p) {
					t.Fatalf("%v %v: %s names %q: %q", p, r.Lang, s.ID, w.Text, s.Text)
				}
			}
		}
	}
}

// TestUnpaidAsThePlatformSaysIt: {unpaid} is the 待付款 tab where the platform's order list
// has one, and plain words on Shopify, where each order is its own checkout.
func TestUnpaidAsThePlatformSaysIt(t *testing.T) {
	tests := []struct {
		platform queue.Platform
		want     string
	}{
		{queue.PlatformTaobao, "「北欧布艺沙发」还在待付款里。"},
		{queue.PlatformJD, "「北欧布艺沙发」还在待付款里。"},
		{queue.PlatformDouyin, "「北欧布艺沙发」还在待付款里。"},
		{queue.PlatformShopify, "「北欧布艺沙发」还没有付款。"},
	}
	for _, tt := range tests {
		r := request(queue.ChannelIM, func(o *queue.Order, b *queue.Buyer) { o.Platform = tt.platform })
		var care string
		for _, s := range Default().Suggest(r) {
			if s.ID == "im.care" {
				care = s.Text
			}
		}
		if !strings.Contains(care, tt.want) {
			t.Errorf("%v: im.care = %q, want %q in it", tt.platform, care, tt.want)
		}
	}
}
