package data

import (
	"strings"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// TestImportNoteIsNotASentence: an import's event keeps its counts as data, which
// ParseImportNote reads back, and the sentence a store written before kept reads too.
func TestImportNoteIsNotASentence(t *testing.T) {
	rep := &ImportReport{File: "导出 (1).csv", Result: &exports.Result{Platform: queue.PlatformTaobao, Encoding: "GB18030"},
		Summary: Summary{New: 3, Updated: 2, NowPaid: 1, NowClosed: 4, Unchanged: 5}, Rejected: make([]exports.RowError, 6)}
	want := ImportNote{File: "导出 (1).csv", Platform: "taobao", Encoding: "GB18030", New: 3, Updated: 2, NowPaid: 1, NowClosed: 4,
		Unchanged: 5, Rejected: 6}
	note := rep.Note()
	if strings.Contains(note, "new,") {
		t.Errorf("the note is a sentence: %q", note)
	}
	for _, s := range []string{note, "导出 (1).csv (taobao, GB18030): 3 new, 2 updated, 1 now paid, 4 now closed, 5 unchanged, 6 rejected"} {
		if got, ok := ParseImportNote(s); !ok || got != want {
			t.Errorf("%q reads as %+v %v, want %+v", s, got, ok, want)
		}
	}
	if _, ok := ParseImportNote("x.csv"); ok {
		t.Error("a free note read as an import's")
	}
}
