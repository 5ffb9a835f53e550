package queue

import "testing"

// TestNoteTextLeavesOutInternalMarks: the marks cuifu writes at the start of a note for
// itself (a cushion, a group touch's lead) are not shown; the specialist's words are, even
// when they look like a mark further on.
func TestNoteTextLeavesOutInternalMarks(t *testing.T) {
	for _, tt := range []struct{ note, want string }{
		{"cushion=0 买家留了言", "买家留了言"},
		{"cushion=12", ""},
		{"group=3515313147001016573", ""},
		{"group=3515313147001016573 cushion=3 稍后回电", "稍后回电"},
		{"买家说 cushion=0 不对", "买家说 cushion=0 不对"},
		{"cushion= 空的标记不是标记", "cushion= 空的标记不是标记"},
		{"a=b 用户写的", "a=b 用户写的"},
		{"", ""},
	} {
		if got := NoteText(tt.note); got != tt.want {
			t.Errorf("NoteText(%q) = %q, want %q", tt.note, got, tt.want)
		}
	}
}
