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

// stepClock is a shop clock that a benchmark moves on by hand.
type stepClock struct{ t *time.Time }

func (c stepClock) Now() time.Time { return *c.t }

// benchModel is a workstation at 80×24 with n orders loaded and listed, the way a shift
// starts (the list job run to its end).
func benchModel(b *testing.B, n int, clock queue.Clock) *Model {
	st := &fakeStore{snap: bigSnapshot(n)}
	m := New(Options{Store: st, Advisor: scripts.Default(), Config: testConfig(), Clock: clock,
		Operator: "小美", Session: "s", Lang: queue.LangZH})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	_, cmd := m.Update(snapshotMsg{gen: m.gen, version: 1, snap: st.snap})
	if l := listedOf(cmd); l != nil {
		settle(m, func() tea.Msg { return l })
	}
	if len(m.shown) != n {
		b.Fatalf("%d rows listed, want %d", len(m.shown), n)
	}
	// Start measuring in the steady state of a shift, not in the collection of the load.
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	return m
}

// frame is one message's cost on the UI goroutine: Update and the View that follows. A
// list job the message asks for runs off the timer (it runs off the UI goroutine in the
// program), and swapping its result in is timed as the frame it makes.
func frame(b *testing.B, m *Model, msg tea.Msg) {
	_, cmd := m.Update(msg)
	_ = m.View()
	if !m.listing {
		return
	}
	b.StopTimer()
	listed := listedOf(cmd)
	b.StartTimer()
	if listed != nil {
		m.Update(listed)
		_ = m.View()
	}
}

// listedOf runs cmd's commands, each on its own goroutine, and returns the list job's
// result, or nil. It does not wait for the others (a tick waits a second).
func listedOf(cmd tea.Cmd) tea.Msg {
	found := make(chan tea.Msg, 64)
	var launch func(c tea.Cmd)
	launch = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			switch msg := c().(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					launch(c)
				}
			case listedMsg:
				found <- msg
			}
		}()
	}
	launch(cmd)
	select {
	case msg := <-found:
		return msg
	case <-time.After(10 * time.Second):
		return nil
	}
}

// The budgets: at 1,000,000 orders each of these costs under 16 ms of Update+View on the UI
// goroutine, and at most 1.2× its cost at 1,000.

// cycle sends msgs in turn, one frame each, b.N times.
func cycle(b *testing.B, m *Model, msgs ...tea.Msg) {
	for i := 0; i < b.N; i++ {
		frame(b, m, msgs[i%len(msgs)])
	}
}

// benchKeystroke: j and k, alternately.
func benchKeystroke(b *testing.B, n int) {
	cycle(b, benchModel(b, n, queue.FixedClock{T: shopNow}), keyMsg("j"), keyMsg("k"))
}

// benchFilter: typing in the filter, a character then its deletion, each filtering the
// whole queue (in the list job) and swapping the result in.
func benchFilter(b *testing.B, n int) {
	m := benchModel(b, n, queue.FixedClock{T: shopNow})
	b.StopTimer()
	frame(b, m, keyMsg("/"))
	b.StartTimer()
	cycle(b, m, keyMsg("9"), tea.KeyPressMsg{Code: tea.KeyBackspace})
}

// benchMenu: a menu key: a opens the attempt menu, tab changes its channel, esc closes it.
func benchMenu(b *testing.B, n int) {
	cycle(b, benchModel(b, n, queue.FixedClock{T: shopNow}), keyMsg("a"), keyMsg("tab"), keyMsg("esc"))
}

// benchTick: a second of the shop clock; the ranking is redone (in the list job) whenever
// the ranker says it can change, at least each minute.
func benchTick(b *testing.B, n int) {
	now := shopNow
	m := benchModel(b, n, stepClock{&now})
	jobs := m.listGen
	for i := 0; i < b.N; i++ {
		now = now.Add(time.Second)
		frame(b, m, tickMsg(now))
	}
	// The rankings the clock asked for, per tick: they run off the UI goroutine, but on the
	// same cores.
	b.ReportMetric(float64(m.listGen-jobs)/float64(b.N), "ranks/op")
}

func BenchmarkKeystroke1K(b *testing.B) { benchKeystroke(b, 1_000) }
func BenchmarkKeystroke1M(b *testing.B) { benchKeystroke(b, 1_000_000) }
func BenchmarkFilter1K(b *testing.B)    { benchFilter(b, 1_000) }
func BenchmarkFilter1M(b *testing.B)    { benchFilter(b, 1_000_000) }
func BenchmarkMenuKey1K(b *testing.B)   { benchMenu(b, 1_000) }
func BenchmarkMenuKey1M(b *testing.B)   { benchMenu(b, 1_000_000) }
func BenchmarkTick1K(b *testing.B)      { benchTick(b, 1_000) }
func BenchmarkTick1M(b *testing.B)      { benchTick(b, 1_000_000) }
