package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"cuifu/queue"
)

// fit cuts s to w display cells (CJK characters are two) and pads it to exactly w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// right pads s on the left to w cells.
func right(s string, w int) string {
	n := ansi.StringWidth(s)
	if n >= w {
		return s
	}
	return strings.Repeat(" ", w-n) + s
}

// wrapLines wraps text to w cells and returns at most n lines, the last ending in … when
// something was cut.
func wrapLines(text string, w, n int) []string {
	if w <= 0 || n <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		for _, line := range strings.Split(ansi.Hardwrap(para, w, true), "\n") {
			out = append(out, line)
		}
	}
	if len(out) > n {
		out = out[:n]
		out[n-1] = ansi.Truncate(out[n-1], w-1, "") + "…"
	}
	return out
}

// block joins lines into exactly h lines of exactly w cells, so panes line up.
func block(lines []string, w, h int) string {
	var b strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(fit(lines[i], w))
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

// cellWidth is the display width of s.
func cellWidth(s string) int { return ansi.StringWidth(s) }

// tr picks the words of the user's language.
func tr(l queue.Lang, zh, en string) string {
	if l == queue.LangEN {
		return en
	}
	return zh
}
