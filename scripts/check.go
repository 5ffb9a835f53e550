package scripts

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cuifu/queue"
)

// Forbidden are phrases that push or nag. The seeds are plain: they cost the shop its rating.
var Forbidden = []string{"您还要吗", "还要吗", "还需要吗", "是否还要", "怎么还不下单", "怎么还不付款", "可以下单哦", "可以付款哦", "赶紧付款", "快点付款", "再不付款"}

// earlyShipping are promises that must not be made after 20:00 on a sale day, when the
// warehouse can no longer keep them.
var earlyShipping = []string{"尽快发货", "优先发货", "早发货", "当天发", "当天就能发", "马上发货", "立即发货", "安排发货"}

// minSubstance is the fewest characters (variables and punctuation aside) a script needs to
// say something real: a bare "亲,可以下单哦" is a nag, not a reminder.
const minSubstance = 20

// Check lints the script files of dir, or the built-in library when dir is "". It reports
// problems with file:line; any problem is an error.
func Check(dir string) ([]Problem, error) {
	if dir == "" {
		l, probs := parseFS(library, "library")
		return append(probs, l.Lint()...), nil
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	l, probs := parseFS(os.DirFS(dir), ".")
	for i := range probs {
		probs[i].File = dir + string(os.PathSeparator) + probs[i].File
	}
	lint := l.Lint()
	for i := range lint {
		lint[i].File = dir + string(os.PathSeparator) + lint[i].File
	}
	return append(probs, lint...), nil
}

// Lint checks the library's words and coverage: forbidden phrases, thin nudges, the SMS
// rules, promises the phase cannot keep, duplicate ids, and dimensions with no script.
func (l *Library) Lint() []Problem {
	var probs []Problem
	bad := func(s *Script, line int, format string, args ...any) {
		if line == 0 {
			line = s.Line
		}
		probs = append(probs, Problem{File: s.File, Line: line, Msg: s.ID + ": " + fmt.Sprintf(format, args...)})
	}
	seen := map[string]*Script{}
	for i := range l.Scripts {
		s := &l.Scripts[i]
		if prev, ok := seen[s.ID]; ok {
			bad(s, s.Line, "id already used at %s:%d", prev.File, prev.Line)
		}
		seen[s.ID] = s
		texts := []string{s.ZH}
		for _, st := range s.Steps {
			texts = append(texts, st.ZH)
		}
		for _, t := range texts {
			for _, f := range Forbidden {
				if strings.Contains(t, f) {
					bad(s, s.ZHLine, "forbidden phrase %q: ask what holds the buyer back, never push", f)
				}
			}
			if s.Kind != "phone-guide" && substance(t) < minSubstance {
				bad(s, s.ZHLine, "too thin (%d characters of substance): offer a benefit or ask a real question", substance(t))
			}
			if s.appliesIn(queue.PhaseLate) {
				for _, p := range earlyShipping {
					if strings.Contains(t, p) {
						bad(s, s.ZHLine, "promises early shipping (%q), which cannot be kept after 20:00 on a sale day: limit it to other phases", p)
					}
				}
			}
		}
		if s.Channel == queue.ChannelSMS {
			probs = append(probs, s.lintSMS()...)
		} else if s.Marketing {
			bad(s, s.Line, "marketing: only applies to SMS")
		}
		if reason, ok := strings.CutPrefix(s.Kind, "followup:"); ok && !slices.Contains(queue.DeclineReasons, reason) {
			bad(s, s.Line, "unknown decline reason %q (want %s)", reason, strings.Join(queue.DeclineReasons, ", "))
		} else if !ok && !slices.Contains([]string{"positive", "negative", "phone-guide"}, s.Kind) {
			bad(s, s.Line, "unknown kind %q (want positive, negative, followup:<reason> or phone-guide)", s.Kind)
		}
	}
	return append(probs, l.coverage()...)
}

// appliesIn reports whether the script can be suggested in phase p.
func (s *Script) appliesIn(p queue.Phase) bool {
	return len(s.Phases) == 0 || slices.Contains(s.Phases, p.String())
}

var varPattern = regexp.MustCompile(`\{[a-z]+\}`)

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
	"buyer": "一二三四五六七八九十一二", "item": "一二三四五六七八九十一二三四五六七八", "amount": "12345.00",
	"deadline": "11月14日 23:59", "shop": "一二三四五六七八", "cutoff": "17:00", "hours": "72", "cushion": "您是否愿意告诉我",
}

func (s *Script) lintSMS() []Problem {
	var probs []Problem
	bad := func(format string, args ...any) {
		probs = append(probs, Problem{File: s.File, Line: s.ZHLine, Msg: s.ID + ": " + fmt.Sprintf(format, args...)})
	}
	switch {
	case s.Marketing && !strings.HasSuffix(s.ZH, OptOut):
		bad("a marketing SMS must end with %s", OptOut)
	case !s.Marketing && strings.Contains(s.ZH, OptOut):
		bad("a notification SMS must not contain %s", OptOut)
	}
	text := Signature(worstCase["shop"]) + fill(s.ZH, worstCase)
	if p := SMSParts(text); p > maxSMSParts {
		bad("with long names it is %d characters, %d messages (at most %d, signature included)", utf8.RuneCountInString(text), p, maxSMSParts)
	}
	return probs
}

// coverage reports the dimensions the library leaves without a script: every channel in
// every phase, every buyer segment, IM's positive and negative scripts, and a follow-up for
// every decline reason.
func (l *Library) coverage() []Problem {
	var probs []Problem
	missing := func(format string, args ...any) {
		probs = append(probs, Problem{File: "(library)", Line: 0, Msg: "no script for " + fmt.Sprintf(format, args...)})
	}
	has := func(f func(s *Script) bool) bool {
		return slices.ContainsFunc(l.Scripts, func(s Script) bool { return f(&s) })
	}
	for _, ch := range []queue.Channel{queue.ChannelIM, queue.ChannelSMS, queue.ChannelPhone} {
		for _, p := range queue.Phases {
			if !has(func(s *Script) bool {
				return s.Channel == ch && s.appliesIn(p) && !strings.HasPrefix(s.Kind, "followup:")
			}) {
				missing("%s in the %s phase", ch, p)
			}
		}
	}
	for _, seg := range Segments {
		if !has(func(s *Script) bool { return slices.Contains(s.Segments, seg) }) {
			missing("the %s segment", seg)
		}
	}
	for _, kind := range []string{"positive", "negative"} {
		if !has(func(s *Script) bool { return s.Channel == queue.ChannelIM && s.Kind == kind }) {
			missing("im, %s", kind)
		}
	}
	for _, r := range queue.DeclineReasons {
		if !has(func(s *Script) bool { return s.Kind == "followup:"+r }) {
			missing("a follow-up after a %s decline", r)
		}
	}
	if len(l.Cushions) == 0 {
		missing("cushions")
	}
	return probs
}
