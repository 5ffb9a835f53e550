package queue

import (
	"slices"
	"testing"
)

// TestAuditWordsShowEveryBreak: a replayed contact shows every break it was logged with and
// every flag the audit adds, each once, in the user's language.
func TestAuditWordsShowEveryBreak(t *testing.T) {
	for _, tt := range []struct {
		name    string
		warning string
		flags   Flag
		lang    Lang
		want    []string
	}{
		{"a logged break alone", JoinBreaks([]Break{BreakWindow}), 0, LangZH, []string{"不在该渠道的联系时段"}},
		{"logged breaks, one the audit repeats", JoinBreaks([]Break{BreakOverCap, BreakCooldown}), FlagOverCap, LangZH,
			[]string{"超过联系上限", "距上次联系太近"}},
		{"logged quiet hours and the audit's", JoinBreaks([]Break{BreakQuiet}), FlagQuietHours | FlagSkippedUrgent, LangZH,
			[]string{"免打扰时段内联系", "跳过更急的单"}},
		{"the audit's flags alone", "", FlagAfterPayment | FlagOverCap, LangZH, []string{"超过联系上限", "付款后仍联系"}},
		{"in English", JoinBreaks([]Break{BreakWindow, BreakCooldown}), FlagAfterPayment, LangEN,
			[]string{Break(BreakWindow).Label(LangEN), Break(BreakCooldown).Label(LangEN), "touched after payment"}},
		{"a code stored twice", "cooldown;cooldown", 0, LangZH, []string{"距上次联系太近"}},
		{"an unknown code, escaped", "new_rule\x1b[2J", 0, LangZH, []string{`new_rule\x1b[2J`}},
		{"nothing", "", 0, LangZH, nil},
	} {
		e := Event{Kind: EventContact, Warning: tt.warning}
		if got := AuditWords(&e, tt.flags, tt.lang); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
