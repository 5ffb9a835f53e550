package ui

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cuifu/queue"
	"cuifu/scripts"
)

// bigSnapshot makes n unpaid orders over the last day.
func bigSnapshot(n int) *queue.Snapshot {
	s := &queue.Snapshot{Buyers: make([]queue.Buyer, n/2+1)}
	for i := range s.Buyers {
		s.Buyers[i] = queue.Buyer{Nick: "买家" + strconv.Itoa(i), Phone: "13800001234", Paid: int32(i % 3)}
	}
	s.Orders = make([]queue.Order, n)
	titles := []string{"北欧布艺沙发 三人位", "法式碎花连衣裙", "原木抽纸 24包整箱", "一级能效变频空调"}
	for i := range s.Orders {
		s.Orders[i] = queue.Order{ID: strconv.Itoa(3515313147000000000 + i), Title: titles[i%len(titles)],
			Amount: queue.Fen(1000 + (i*7919)%900000), Created: shopNow.Add(-time.Duration(i%86400) * time.Second).Unix(),
			Buyer: int32(i % len(s.Buyers)), Agent: -1, Platform: queue.PlatformTaobao, Contact: queue.ContactState{ClaimBy: -1}}
	}
	return s
}

// benchKeystroke measures Update with a j key plus View: the keystroke-to-frame cost,
// which must not grow with the queue (budget: 1,000,000 orders at most 1.2× 1,000).
func benchKeystroke(b *testing.B, n int) {
	st := &fakeStore{snap: bigSnapshot(n)}
	m := New(Options{Store: st, Advisor: scripts.Default(), Config: testConfig(), Clock: queue.FixedClock{T: shopNow},
		Operator: "小美", Session: "s", Lang: queue.LangZH})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
	j, k := keyMsg("j"), keyMsg("k")
	// Start measuring in the steady state of a shift, not in the collection of the load.
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			m.Update(j)
		} else {
			m.Update(k)
		}
		_ = m.View()
	}
}

func BenchmarkKeystroke1K(b *testing.B) { benchKeystroke(b, 1_000) }
func BenchmarkKeystroke1M(b *testing.B) { benchKeystroke(b, 1_000_000) }
