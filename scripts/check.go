package scripts

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"cuifu/queue"
)

// earlyShipping are promises that must not be made after 20:00 on a sale day, when the
// warehouse can no longer keep them.
var earlyShipping = []string{"尽快发货", "优先发货", "早发货", "当天发", "当天就能发", "马上发货", "立即发货", "安排发货"}

// marketingMarkers are what makes an SMS marketing: a discount, a coupon, an offer, a
// special price, a red packet, a link, a price countdown or a gift. A notification carries
// none of them. 折 in 折叠 (folding) is a product word, not a discount.
var marketingMarkers = regexp.MustCompile(`折(?:[^叠腾]|$)|券|优惠|特价|红包|活动价|原价|赠品|礼品|https?://|www\.|\.com|\.cn\b|链接|\{sale_ends\}|\{coupon\}|\{gift\}`)

// pushWords make a question after a cushion a push for payment when it asks yes or no.
var pushWords = []string{"付款", "下单", "支付", "拍下", "付了", "买", "成交"}

// minSubstance is the fewest characters (variables and punctuation aside) a script needs to
// say something real: a bare "亲,可以下单哦" is a nag, not a reminder. The one short line for
// an order about to close is allowed to be shorter, but not empty.
const (
	minSubstance        = 20
	minClosingSubstance = 10
)

// Check lints the script files of dir, or the built-in library when dir is "". It reports
// problems with file:line; any problem is an error. A folder is checked for coverage
// together with the built-in library it adds to, so a folder with one script passes.
func Check(dir string) ([]Problem, error) {
	if dir == "" {
		l, probs := parseFS(library, "library", true)
		return append(append(probs, l.Lint()...), l.coverage()...), nil
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, &fs.PathError{Op: "check", Path: dir, Err: syscall.ENOTDIR}
	}
	user, probs := parseFS(os.DirFS(dir), ".", false)
	probs = append(probs, user.Lint()...)
	for i := range probs {
		probs[i].File = path.Join(dir, probs[i].File)
	}
	all, _, err := Load(dir)
	if err != nil {
		return nil, err
	}
	return append(probs, all.coverage()...), nil
}

// Lint checks the library's words: forbidden phrases, claims the script's needs do not
// cover, thin nudges, cushions that open no real question, the SMS rules, promises the
// phase cannot keep, duplicate ids and unknown kinds.
// depositRule is Tmall's presale rule (a balance not paid by the window's end keeps the
// deposit), true of Taobao/Tmall balance orders only.
const depositRule = "定金不退"

func (l *Library) Lint() []Problem {
	var probs []Problem
	bad := func(s *Script, line int, f *finding) {
		if line == 0 {
			line = s.Line
		}
		probs = append(probs, Problem{File: s.File, Line: line, Script: s.ID, Code: f.code, Args: f.args})
	}
	because := func(s *Script, why Reason, f *finding) {
		bad(s, s.ZHLine, f)
		probs[len(probs)-1].Reason = why
	}
	// A cushion written out in a script's text is judged as {cushion} is: the library's own
	// cushions and the built-in ones, which a shop's folder adds to.
	var cushions []string
	for _, c := range append(slices.Clip(l.Cushions), Default().Cushions...) {
		if c.ZH != "" && !slices.Contains(cushions, c.ZH) {
			cushions = append(cushions, c.ZH)
		}
	}
	seen := map[string]*Script{}
	for i := range l.Scripts {
		s := &l.Scripts[i]
		if prev, ok := seen[s.ID]; ok {
			bad(s, s.Line, find("duplicate_id", prev.File, prev.Line))
		}
		seen[s.ID] = s
		texts := []string{s.ZH}
		for _, st := range s.Steps {
			texts = append(texts, st.ZH)
		}
		for _, t := range texts {
			for _, f := range Forbidden {
				if strings.Contains(t, f.Text) {
					because(s, f.Reason, find("forbidden", f.Text))
				}
			}
			for _, c := range claimsIn(t) {
				switch {
				case c.Fact == "":
					because(s, c.Reason, find("claim_uncovered", c.words))
				case !slices.Contains(s.Needs, c.Fact):
					because(s, c.Reason, find("claim_needs", c.words, c.Fact))
				}
			}
			if f := cushionProblem(t, cushions); f != nil {
				bad(s, s.ZHLine, f)
			}
			least := minSubstance
			if s.Closing {
				least = minClosingSubstance
			}
			if s.Kind != "phone-guide" && substance(t) < least {
				bad(s, s.ZHLine, find("thin", substance(t)))
			}
			if strings.Contains(t, depositRule) && (!slices.Contains(s.Segments, "balance") ||
				len(s.Platforms) != 1 || s.Platforms[0] != queue.PlatformTaobao) {
				bad(s, s.ZHLine, find("deposit_rule", depositRule))
			}
			if s.appliesIn(queue.PhaseLate) {
				for _, p := range earlyShipping {
					if strings.Contains(t, p) {
						bad(s, s.ZHLine, find("early_shipping", p))
					}
				}
			}
		}
		for i := range PlatformWords {
			pw := &PlatformWords[i]
			if p, wrong := pw.wrongPlatform(s); wrong && slices.ContainsFunc(s.texts(), func(t string) bool { return strings.Contains(t, pw.Text) }) {
				because(s, pw.Reason, find("platform_word", pw.Text, p))
			}
		}
		if s.Channel == queue.ChannelSMS {
			probs = append(probs, s.lintSMS()...)
		}
		if reason, ok := strings.CutPrefix(s.Kind, "followup:"); ok && !slices.Contains(queue.DeclineReasons, reason) {
			bad(s, s.Line, find("unknown_reason", reason, strings.Join(queue.DeclineReasons, ", ")))
		} else if !ok && !slices.Contains([]string{"positive", "negative", "phone-guide"}, s.Kind) {
			bad(s, s.Line, find("unknown_kind", s.Kind, "positive, negative, followup:<reason>, phone-guide"))
		}
	}
	return probs
}

// cushionProblem says what is wrong with the cushions of a text, or "". A cushion opens a
// real question (是哪一点还在犹豫？), never a yes/no push for payment dressed as one
// (冒昧请教一下，现在方便完成付款吗？).
// A cushion from the library written out in the text (冒昧请教一下) counts as {cushion} does.
func cushionProblem(t string, cushions []string) *finding {
	for _, c := range cushions {
		t = strings.ReplaceAll(t, c, "{cushion}")
	}
	for {
		i := strings.Index(t, "{cushion}")
		if i < 0 {
			return nil
		}
		t = t[i+len("{cushion}"):]
		end := strings.IndexAny(t, "？?。！!")
		if end < 0 || !(strings.HasPrefix(t[end:], "？") || t[end] == '?') {
			return find("cushion_no_question", "{cushion}")
		}
		q := strings.TrimSpace(t[:end])
		if strings.HasSuffix(q, "吗") && slices.ContainsFunc(pushWords, func(w string) bool { return strings.Contains(q, w) }) {
			return find("cushion_push", strings.TrimLeft(q, "，, ")+"？")
		}
		t = t[end:]
	}
}

// appliesIn reports whether the script can be suggested in phase p.
func (s *Script) appliesIn(p queue.Phase) bool {
	return len(s.Phases) == 0 || slices.Contains(s.Phases, p.String())
}

var varPattern = regexp.MustCompile(`\{[a-z_]+\}`)

// substance counts the letters of a text, leaving out variables, spaces and punctuation.
func substance(t string) int {
	n := 0
	for _, r := range varPattern.ReplaceAllString(t, "") {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// worstCase renders an SMS with long but realistic values, so a script that fits only for
// short names is caught.
var worstCase = map[string]string{
	"hello": "亲", "item_short": "一二三四五六七八九十一二…", "amount": "12345.00",
	"deadline": "11月14日 23:59", "closes_in": "23个多小时", "sale_ends": "23个多小时", "shop": "一二三四五六七八",
	"cutoff": "17:00", "gift": "一二三四五六七八", "coupon": "满1000减100", "returns": "七天无理由退换（定制商品除外）",
	"cushion": "您是否愿意告诉我", "deposit": "12345.00", "unpaid": "还在待付款里",
}

// worstSignature is a long registered signature, for the SMS length check.
const worstSignature = "【一二三四五六七八】"

func (s *Script) lintSMS() []Problem {
	var probs []Problem
	bad := func(code string, args ...any) {
		probs = append(probs, Problem{File: s.File, Line: s.ZHLine, Script: s.ID, Code: code, Args: args})
	}
	switch {
	case s.SMS == queue.SMSMarketing && !strings.HasSuffix(s.ZH, OptOut):
		bad("sms_optout_missing", OptOut)
	case s.SMS == queue.SMSNotification && strings.Contains(s.ZH, OptOut):
		bad("sms_optout_notice", OptOut)
	}
	if s.SMS == queue.SMSNotification {
		if m := marketingMarkers.FindString(s.ZH); m != "" {
			bad("sms_offer", m, OptOut)
		}
	}
	text := worstSignature + fill(s.ZH, worstCase)
	if p := SMSParts(text); p > maxSMSParts {
		bad("sms_long", utf8.RuneCountInString(text), p, maxSMSParts)
	}
	return probs
}

// coverage reports what the library leaves without a script a shop with no facts can use:
// every channel in every phase (for SMS, a notification), every buyer segment, IM's
// positive and negative scripts, a follow-up for every decline reason, and the payment
// follow-up on every platform.
func (l *Library) coverage() []Problem {
	var probs []Problem
	missing := func(code string, args ...any) {
		probs = append(probs, Problem{File: "(library)", Line: 0, Code: code, Args: args})
	}
	has := func(f func(s *Script) bool) bool {
		return slices.ContainsFunc(l.Scripts, func(s Script) bool { return f(&s) })
	}
	general := func(s *Script) bool {
		return len(s.Needs) == 0 && len(s.Segments) == 0 && len(s.Platforms) == 0 && !s.Closing && !s.AfterCall &&
			!s.uses("sale_ends") && (s.Channel != queue.ChannelSMS || s.SMS == queue.SMSNotification) && !strings.HasPrefix(s.Kind, "followup:")
	}
	for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone} {
		for _, p := range queue.Phases {
			if !has(func(s *Script) bool { return s.Channel == ch && s.appliesIn(p) && general(s) }) {
				missing("cover_channel", ch, p)
			}
		}
	}
	for _, seg := range Segments {
		if !has(func(s *Script) bool { return slices.Contains(s.Segments, seg) }) {
			missing("cover_segment", seg)
		}
	}
	for _, kind := range []string{"positive", "negative"} {
		if !has(func(s *Script) bool { return s.Channel == queue.ChannelIM && s.Kind == kind }) {
			missing("cover_im_kind", kind)
		}
	}
	for _, r := range queue.DeclineReasons {
		if !has(func(s *Script) bool { return s.Kind == "followup:"+r && len(s.Needs) == 0 }) {
			missing("cover_followup", DeclineReason(r))
		}
	}
	for _, p := range []queue.Platform{queue.PlatformTaobao, queue.PlatformJD, queue.PlatformPDD, queue.PlatformDouyin} {
		if !has(func(s *Script) bool {
			return s.Kind == "followup:"+queue.ReasonPayment && s.Channel == queue.ChannelIM && slices.Contains(s.Platforms, p) && len(s.Needs) == 0
		}) {
			missing("cover_payment", p)
		}
	}
	// The queue makes an SMS marketing while the shop runs an offer: a sale price, a coupon
	// or a gift. Each needs a marketing SMS for every buyer.
	for _, offer := range []struct{ code, fact, v string }{{"cover_sale", "", "sale_ends"}, {"cover_coupon", "coupon", "coupon"}, {"cover_gift", "gift", "gift"}} {
		if !has(func(s *Script) bool {
			return s.Channel == queue.ChannelSMS && s.SMS == queue.SMSMarketing && len(s.Segments) == 0 && s.uses(offer.v) &&
				(len(s.Needs) == 0 || slices.Equal(s.Needs, []string{offer.fact}))
		}) {
			missing(offer.code)
		}
	}
	if len(l.Cushions) == 0 {
		missing("cover_cushions")
	}
	return probs
}
