package ui

import (
	"strings"
	"unicode/utf8"

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

// orderCell is an order number, made safe to show, in exactly w cells. One that is too
// long keeps its end behind "…": the orders of an export share their first digits, and
// their last tell them apart.
func orderCell(id string, w int) string { return fit(orderShort(id, w), w) }

// orderShort is an order number, made safe to show, in at most w cells, cut as orderCell
// cuts it and not padded.
func orderShort(id string, w int) string {
	s := queue.Sanitize(id)
	if n := ansi.StringWidth(s); n > w && w > 1 {
		s = "…" + ansi.TruncateLeft(s, n-(w-1), "")
	}
	return s
}

// shortOrder is an order number as the order column writes it (…9357908), without the
// padding: how a reason in a list or the replay's timeline names a group's lead.
func shortOrder(id string) string { return orderShort(id, colOrder) }

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
		out = append(out, wrapPara(para, w)...)
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

// closingMarks are the Chinese marks that close what comes before them: no line starts
// with one.
const closingMarks = "，。、；：！？）」』】》〉…～"

// wrapPara wraps one paragraph of plain text to w cells: it breaks at spaces, so English
// words stay whole, and between any two wide (CJK) characters, which need no space, but not
// before a closing mark (，。」…), which takes the character before it along. A word longer
// than a line is cut.
func wrapPara(s string, w int) []string {
	var lines []string
	var line strings.Builder
	lw := 0
	newline := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lw = 0
	}
	put := func(tok string) {
		tw := cellWidth(tok)
		if tok == " " {
			if lw+1 > w {
				newline()
			} else if lw > 0 {
				line.WriteByte(' ')
				lw++
			}
			return
		}
		if lw+tw > w && lw > 0 {
			carry := ""
			if strings.ContainsAny(tok, closingMarks) && utf8.RuneCountInString(tok) == 1 {
				// A closing mark never opens a line: the character before it goes along.
				l := line.String()
				if r, n := utf8.DecodeLastRuneInString(l); utf8.RuneCountInString(l) > 1 && cellWidth(string(r)) > 1 &&
					!strings.ContainsRune(closingMarks, r) {
					carry = l[len(l)-n:]
					line.Reset()
					line.WriteString(l[:len(l)-n])
				}
			}
			newline()
			line.WriteString(carry)
			lw = cellWidth(carry)
		}
		for tw > w { // a word wider than the line: cut it
			cut := ansi.Truncate(tok, w, "")
			if cut == "" { // not even one character fits: put one anyway
				_, n := utf8.DecodeRuneInString(tok)
				cut = tok[:n]
			}
			line.WriteString(cut)
			newline()
			tok = strings.TrimPrefix(tok, cut)
			tw = cellWidth(tok)
		}
		line.WriteString(tok)
		lw += tw
	}
	start := -1 // where the current narrow word began
	for i, r := range s {
		wide := r == ' ' || ansi.StringWidth(string(r)) > 1
		if !wide {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			put(s[start:i])
			start = -1
		}
		put(string(r))
	}
	if start >= 0 {
		put(s[start:])
	}
	if line.Len() > 0 || len(lines) == 0 {
		newline()
	}
	return lines
}
