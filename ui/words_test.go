package ui

import (
	"strings"
	"testing"
	"unicode"

	"cuifu/data"
	"cuifu/queue"
)

// dataTexts are the texts of the test shop that may be Chinese in any language: names,
// titles, the shop's and the sale's names, the receiver, the operators.
func dataTexts(m *Model) []string {
	_, sale := m.cfg.SalePhaseAt(m.now)
	out := []string{m.cfg.Shop.Name, sale.Name, m.opt.Operator, "张*"}
	out = append(out, m.snap.Operators...)
	for _, b := range m.snap.Buyers {
		out = append(out, b.Nick)
	}
	for _, o := range m.snap.Orders {
		out = append(out, o.Title)
	}
	return out
}

// hanRuns returns the runs of Chinese characters (with the spaces between them) in s.
func hanRuns(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		han := unicode.Is(unicode.Han, r)
		if han && start < 0 {
			start = i
		}
		if !han && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// TestEnglishViewsHaveNoChinese: in --lang en, every Chinese character on screen belongs
// to data (a name, a title): a run of them is a piece of some data text, whole or cut by
// the width.
func TestEnglishViewsHaveNoChinese(t *testing.T) {
	for _, keys := range [][]string{nil, {"a"}, {"o"}, {"o", "d"}, {"?"}, {"/", "x"}, {"j", "a", "s"}, {"o", "P"},
		{"z"}, {"m"}, {"v"}} {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {40, 10}} {
			m, st := newTest(t, size[0], size[1], queue.LangEN)
			st.claim = data.ErrClaimed
			m.snap.Orders[0].Amount = 1_100_000 // a big amount is shortened in the language's unit
			for _, k := range keys {
				_, cmd := m.Update(keyMsg(k))
				for _, msg := range runCmd(cmd) {
					m.Update(msg)
				}
			}
			m.Update(detailMsg{key: m.selected, d: data.Detail{Receiver: "张*", Phone: "13800001234", BuyerOrders: 2, BuyerPaid: 1}})
			texts := dataTexts(m)
			for _, line := range strings.Split(screen(m), "\n") {
				for _, run := range hanRuns(line) {
					found := false
					for _, d := range texts {
						if strings.Contains(d, run) {
							found = true
							break
						}
					}
					if !found {
						t.Errorf("keys %v at %v: Chinese %q outside data on %q", keys, size, run, line)
					}
				}
			}
		}
	}
}

func TestWrapPara(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want []string
	}{
		{"packaging, or delivery and installation", 20, []string{"packaging, or", "delivery and", "installation"}},
		{"您好,请问是小鹿吗", 8, []string{"您好,请", "问是小鹿", "吗"}},
		{"We saw 岩板餐桌 today", 10, []string{"We saw 岩", "板餐桌", "today"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"", 5, []string{""}},
		{"岩板", 1, []string{"岩", "板"}},
		// A line never starts with a closing mark (，。」…): the character before it goes
		// along, as Chinese typesetting does; before, "，可以一" opened the second line.
		{"还没付款，可以一起付。", 8, []string{"还没付", "款，可以", "一起付。"}},
		{"您拍的「冰箱」", 12, []string{"您拍的「冰", "箱」"}},
		{"好。", 2, []string{"好", "。"}}, // one character a line: nothing to carry
	}
	for _, tt := range tests {
		got := wrapPara(tt.in, tt.w)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrapPara(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
		for _, l := range got {
			if cellWidth(l) > max(tt.w, 2) {
				t.Errorf("line %q wider than %d", l, tt.w)
			}
		}
	}
}
