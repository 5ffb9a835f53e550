package queue

import (
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// benchN is the queue size of the ranking benchmarks (env CUIFU_BENCH_N; default 1,000,000).
func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("CUIFU_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// benchSnapshot builds a deterministic snapshot of n unpaid orders spread over the last
// three days, with a realistic mix of buyers, amounts and contact histories, laid out as the
// store hands every snapshot out.
func benchSnapshot(n int, now time.Time) *Snapshot {
	s := benchOrders(n, now)
	s.LayOut() // (it keeps Open)
	return s
}

// benchOrders is benchSnapshot's orders and buyers in the order they were made.
func benchOrders(n int, now time.Time) *Snapshot {
	rng := rand.New(rand.NewPCG(1, 2))
	s := &Snapshot{Orders: make([]Order, n), Buyers: make([]Buyer, n*4/5+1), Operators: []string{"小美", "阿杰", "婷婷"}}
	for i := range s.Buyers {
		b := &s.Buyers[i]
		b.Nick = "buyer" + strconv.Itoa(i)
		switch rng.IntN(10) {
		case 0, 1, 2:
			b.Phone = "138****" + strconv.Itoa(1000+rng.IntN(9000))
		case 3:
		default:
			b.Phone = "13" + strconv.Itoa(100000000+rng.IntN(899999999))
		}
		if rng.IntN(4) == 0 {
			b.Paid = int32(1 + rng.IntN(5))
		}
		b.OptedOut = rng.IntN(200) == 0
	}
	titles := []string{"北欧布艺沙发 三人位", "一级能效变频空调", "法式碎花连衣裙", "925银项链", "抽纸 24包整箱", "坚果礼盒 1.5kg"}
	for i := range s.Orders {
		o := &s.Orders[i]
		o.ID = strconv.FormatInt(3515313147329357900+int64(i), 10)
		o.Title = titles[rng.IntN(len(titles))]
		o.Amount = Fen(1000 + rng.IntN(1200000))
		o.Created = now.Unix() - int64(rng.IntN(3*86400))
		o.Buyer = int32(rng.IntN(len(s.Buyers)))
		o.Agent = int32(rng.IntN(4) - 1)
		o.Platform = PlatformTaobao
		if rng.IntN(20) == 0 {
			o.Flags |= FlagFlash
		}
		o.Contact.ClaimBy = -1
		if t := rng.IntN(4); t > 0 {
			o.Contact.Touches = uint8(t)
			o.Contact.LastAt = o.Created + int64(rng.IntN(int(now.Unix()-o.Created)+1))
			o.Contact.LastChannel = Channel(1 + rng.IntN(3))
			o.Contact.Tried = 1 << o.Contact.LastChannel
			o.Contact.Answered = rng.IntN(3) == 0
		}
	}
	s.CountOpen() // as every loaded snapshot has them
	return s
}

// benchBuyerSnapshot is benchSnapshot with the buyers of the budget: one in five
// buyers holds 2 to 5 of the orders, the others one each (so about 667,000 buyers for a
// million orders), orders of one buyer placed within the hour; laid out, as the store hands
// every snapshot out.
func benchBuyerSnapshot(n int, now time.Time) *Snapshot {
	s := benchOrders(n, now)
	rng := rand.New(rand.NewPCG(3, 4))
	nb := 0
	for i := 0; i < n; nb++ {
		k := 1
		if rng.IntN(5) == 0 {
			k = 2 + rng.IntN(4)
		}
		for j := 0; j < k && i < n; j, i = j+1, i+1 {
			s.Orders[i].Buyer = int32(nb)
			if j > 0 {
				s.Orders[i].Created = s.Orders[i-1].Created + int64(rng.IntN(3600))
			}
		}
	}
	s.Buyers = append([]Buyer(nil), s.Buyers[:nb]...) // the rest would stay in memory
	rng.Shuffle(n, func(i, j int) { s.Orders[i], s.Orders[j] = s.Orders[j], s.Orders[i] })
	s.phoneOK = nil
	s.CountOpen()
	s.LayOut()
	return s
}

// BenchmarkRank is the re-rank budget: 1,000,000 unpaid orders in under 50 ms.
func BenchmarkRank(b *testing.B) { benchRank(b, benchSnapshot) }

// BenchmarkRankBuyers is the re-rank budget with the buyer as the unit: 1,000,000 orders,
// one in five buyers holding 2 to 5 of them, grouped under their leads (under 50 ms).
func BenchmarkRankBuyers(b *testing.B) { benchRank(b, benchBuyerSnapshot) }

// BenchmarkRankDayCap is BenchmarkRankBuyers with [caps] per_buyer_day = 2: every buyer
// touched in the last two days has their contacts listed, as the store loads them, and the
// daily cap costs the ranking a pass over those buyers alone.
func BenchmarkRankDayCap(b *testing.B) { benchRank(b, dayCapSnapshot, withDayCap) }

// dayCapSnapshot is benchBuyerSnapshot with the contacts a store with [caps] per_buyer_day
// set loads: every buyer touched in the last two days listed with their contacts.
func dayCapSnapshot(n int, now time.Time) *Snapshot {
	s := benchBuyerSnapshot(n, now)
	for i := range s.Orders {
		if c := &s.Orders[i].Contact; c.Touches > 0 && c.LastAt > now.Unix()-KeepContacts {
			s.AddContact(s.Orders[i].Buyer, &Event{Kind: EventContact, At: c.LastAt}, false)
		}
	}
	s.Contacts.Fit() // as a load leaves them
	return s
}

// withDayCap sets the daily cap of the day-cap benchmarks.
func withDayCap(c *Config) { c.Caps.PerBuyerDay = 2 }

func benchRank(b *testing.B, build func(int, time.Time) *Snapshot, edit ...func(*Config)) {
	cfg := testConfig()
	for _, e := range edit {
		e(cfg)
	}
	now := at("15:00")
	s := build(benchN(), now)
	var r Ranker
	r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0})
	b.ReportMetric(float64(r.Grouped), "grouped")
	// Building the snapshot left a heap of garbage: collect it here, not in the timed loop.
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	// Besides the mean: the CPU time per ranking (all cores), and the fastest ranking, which
	// the other programs of a shared machine disturb the least.
	cpu, fastest := cpuTime(), time.Duration(math.MaxInt64)
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r.Rank(Input{Snap: s, Config: cfg, Now: now.Add(time.Duration(i) * time.Second), Me: 0})
		fastest = min(fastest, time.Since(start))
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(fastest)/float64(time.Millisecond), "fastest-ms")
}

// BenchmarkQueueMemoryBuyers is BenchmarkQueueMemory on BenchmarkRankBuyers' queue (budget:
// under 250 B per order).
func BenchmarkQueueMemoryBuyers(b *testing.B) {
	benchQueueMemory(b, benchBuyerSnapshot)
}

// BenchmarkQueueMemoryDayCap is BenchmarkQueueMemory on BenchmarkRankDayCap's queue, ranked
// with the daily cap set (budget: under 250 B per order).
func BenchmarkQueueMemoryDayCap(b *testing.B) {
	benchQueueMemory(b, dayCapSnapshot, withDayCap)
}

// BenchmarkQueueMemory reports the queue's memory per order: the snapshot and the ranked
// rows (budget: under 250 B per order).
func BenchmarkQueueMemory(b *testing.B) { benchQueueMemory(b, benchSnapshot) }

func benchQueueMemory(b *testing.B, build func(int, time.Time) *Snapshot, edit ...func(*Config)) {
	cfg := testConfig()
	for _, e := range edit {
		e(cfg)
	}
	now := at("15:00")
	n := benchN()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := build(n, now)
		var r Ranker
		r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0})
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "B/order")
		runtime.KeepAlive(s)
		runtime.KeepAlive(&r)
	}
}
