package words

import (
	"regexp"
	"testing"
)

// TestFormatPlurals: a {one|many} group follows the number of the verb before it, with or
// without explicit indexes, and leaves other braces and %% alone.
func TestFormatPlurals(t *testing.T) {
	for _, tt := range []struct {
		format string
		args   []any
		want   string
	}{
		{"+%d {order|orders}, ¥%s in all", []any{1, "9.90"}, "+1 order, ¥9.90 in all"},
		{"+%d {order|orders}, ¥%s in all", []any{2, "9.90"}, "+2 orders, ¥9.90 in all"},
		{"%d {order|orders}, %d paid", []any{0, 0}, "0 orders, 0 paid"},
		{"%[1]d of %[2]d {file|files} not imported", []any{1, 1}, "1 of 1 file not imported"},
		{"%[1]d of %[2]d {file|files} not imported", []any{1, 3}, "1 of 3 files not imported"},
		{"%[2]d {contact|contacts} by %[1]s", []any{"A", int64(1)}, "1 contact by A"},
		{"100%% of %d {SMS|SMS} {cushion}", []any{1}, "100% of 1 SMS {cushion}"},
		{"no plural: %d", []any{1}, "no plural: 1"},
	} {
		if got := Format(tt.format, tt.args...); got != tt.want {
			t.Errorf("Format(%q, %v) = %q, want %q", tt.format, tt.args, got, tt.want)
		}
	}
}

// TestEnglishCountsAgree: every English text with a count before a noun says it through a
// {one|many} group, so a count of one reads "1 order", not "1 orders".
func TestEnglishCountsAgree(t *testing.T) {
	bare := regexp.MustCompile(`%(\[[0-9]+\])?\+?d (unpaid )?(orders|files|problems|characters|messages|contacts|chars)\b`)
	texts(&en, func(p, s string) {
		if m := bare.FindString(s); m != "" {
			t.Errorf("en %s: %q without a {one|many} group: %q", p, m, s)
		}
	})
}
