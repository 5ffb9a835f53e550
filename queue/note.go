package queue

import "strings"

// noteMarks are the keys of the key=value marks cuifu writes at the start of an event's
// note for itself: the cushion a script opened with ("cushion=N", read back by
// data.CushionOf) and the lead of a group touch (groupNote).
var noteMarks = []string{"cushion=", groupNote}

// NoteText is an event's note as people read it: the marks cuifu keeps at its start for
// itself left out, the specialist's words kept. It is not sanitized.
func NoteText(note string) string {
	for {
		note = strings.TrimLeft(note, " ")
		tok, rest, _ := strings.Cut(note, " ")
		if !isNoteMark(tok) {
			return note
		}
		note = rest
	}
}

// isNoteMark reports whether tok is one of cuifu's own marks.
func isNoteMark(tok string) bool {
	for _, m := range noteMarks {
		if strings.HasPrefix(tok, m) && len(tok) > len(m) {
			return true
		}
	}
	return false
}
