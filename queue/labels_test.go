package queue

import (
	"testing"

	"cuifu/queue/words"
)

// TestEveryLabelIsWorded: each value of the queue's enums has words in both languages, and
// the word tables have exactly one entry per value.
func TestEveryLabelIsWorded(t *testing.T) {
	for _, l := range []Lang{LangZH, LangEN} {
		w := words.For(l)
		for _, c := range []struct {
			name string
			got  []string
			n    int
		}{
			{"Why", w.Why, len(whyBits)},
			{"Flag", w.Flag, len(flagBits)},
			{"Block", w.Block, int(BlockBlacklist) + 1},
			{"Channel", w.Channel, int(ChannelPhone) + 1},
			{"Section", w.Section, int(SectionGrouped) + 1},
			{"SectionTag", w.SectionTag, int(SectionGrouped) + 1},
			{"Phase", w.Phase, int(PhasePreSale) + 1},
			{"Platform", w.Platform, len(platformNames)},
			{"Result", w.Result, len(resultNames)},
			{"Rule", w.Rule, int(ruleCount)},
			{"SMSKind", w.SMSKind, int(SMSMarketing) + 1},
		} {
			if len(c.got) != c.n {
				t.Errorf("%v: %d words for %d values of %s", l, len(c.got), c.n, c.name)
			}
		}
		for _, r := range append(DeclineReasons, CallbackAnyone, "complaint") {
			if _, ok := w.Reason[r]; !ok {
				t.Errorf("%v: reason %q has no words", l, r)
			}
		}
	}
	// The reasons with words, the closing time and the window (which carry a number or a
	// time and are worded apart) leave no bit out.
	all := WhyClosingSoon | WhyWindow
	for _, b := range whyBits {
		all |= b
	}
	if all&(all+1) != 0 {
		t.Errorf("a reason without words: %b", all)
	}
}
