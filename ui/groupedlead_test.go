package ui

import (
	"fmt"
	"strings"
	"testing"

	"cuifu/queue"
	"cuifu/queue/words"
)

// TestGroupedReasonsNameTheLeadByItsLastDigits: a grouped row's reason and the replay's
// words for a group touch name the lead as the order column does, by its last digits
// (并入 …9357908): in full (并入 3515313147329357908) a narrow column cut it to the first
// digits, which every order of an export shares. The workstation's list at 80 columns, the
// replay's queue and its timeline, in both languages.
func TestGroupedReasonsNameTheLeadByItsLastDigits(t *testing.T) {
	const lead = "3515313147329357908"
	for _, l := range []queue.Lang{queue.LangZH, queue.LangEN} {
		want := fmt.Sprintf(words.For(l).GroupedIn, "…9357908")
		full := fmt.Sprintf(words.For(l).GroupedIn, "3515313")
		rowWant := fmt.Sprintf(words.For(l).GroupedIn, "…9357907") // 小鹿乱撞2021's lead in the replay

		// The workstation: 爱吃橘子的猫's two orders, both nobody's, stand as one row and
		// one grouped under it.
		st := &fakeStore{snap: testSnapshot()}
		st.snap.Orders[1].Agent = -1
		st.snap.CountOpen()
		m, _ := newTestOf(t, st, 80, 24, l)
		v := screen(m)
		checkWidths(t, v, 80, 24)
		if !strings.Contains(v, want) || strings.Contains(v, full) {
			t.Errorf("%v: the workstation's grouped row does not say %q:\n%s", l, want, v)
		}

		// The replay: 阿杰's contact on the lead, logged on the grouped order too; in the
		// queue, 小鹿乱撞2021's sofa is grouped under the dining table.
		h := testHistory()
		e := h.Events[1]
		e.Order = h.Orders[7].Order.Key()
		g, ok := queue.GroupTouch(&e, h.Orders[1].Order.Key())
		if !ok || queue.GroupLead(&g) != lead {
			t.Fatalf("no group touch of %s: %+v", lead, g)
		}
		h.Events[1] = e
		g.ID = int64(len(h.Events) + 1)
		h.Events = append(h.Events, g)
		r, _ := replayAt(t, h, "", l, 120, 30)
		r.Update(keyMsg("j"))
		v = screen2(r)
		checkWidths(t, v, 120, 30)
		var touch, row bool
		for _, line := range strings.Split(v, "\n") {
			left, right, _ := strings.Cut(line, "│") // the timeline, the queue
			touch = touch || strings.Contains(left, "…9357902") && strings.Contains(left, want)
			row = row || strings.Contains(right, "…9357901") && strings.Contains(right, rowWant)
			if strings.Contains(line, full) {
				t.Errorf("%v: the replay names the lead in full: %q", l, line)
			}
		}
		if !touch || !row {
			t.Errorf("%v: the group touch says %q: %v; the grouped row %q: %v\n%s", l, want, touch, rowWant, row, v)
		}
	}
}
