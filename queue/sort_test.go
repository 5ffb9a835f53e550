package queue

import (
	"cmp"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRankMatchesPlainSort ranks a queue big enough for the parallel sort and checks it
// against a plain stable sort of the same rows by section, then each section's measure.
func TestRankMatchesPlainSort(t *testing.T) {
	cfg := testConfig()
	for _, n := range []int{1, 500, 50_000} {
		now := at("15:00")
		s := benchSnapshot(n, now)
		for i := range s.Buyers {
			s.Buyers[i].Open = 0 // the sort alone: grouping has tests of its own
		}
		var r Ranker
		got := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0})
		want := make([]Row, n)
		ev := newEvaluator(Input{Snap: s, Config: cfg, Now: now, Me: 0})
		for i := range want {
			want[i] = ev.evaluate(int32(i))
		}
		// More urgent first, older first among equals; sooner first; newer first.
		measure := func(row Row) (int64, int64) {
			age := now.Unix() - s.Orders[row.Order].Created
			switch row.Section() {
			case SectionDue: // age in the key's steps, as far back as the key tells apart
				return -int64(row.Score()), -min(age/dueAgeUnit, 1<<dueAgeBits-1)
			case SectionUpcoming:
				return row.NextAt(), 0
			}
			return age / 60, 0 // whole minutes, as the key has it
		}
		slices.SortStableFunc(want, func(a, b Row) int {
			if c := cmp.Compare(a.Section(), b.Section()); c != 0 {
				return c
			}
			a1, a2 := measure(a)
			b1, b2 := measure(b)
			if c := cmp.Compare(a1, b1); c != 0 {
				return c
			}
			return cmp.Compare(a2, b2)
		})
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("n=%d: row %d is order %d (%v), want order %d (%v)", n, i, got[i].Order, got[i].Section(),
					want[i].Order, want[i].Section())
			}
		}
		if r.Due+r.Upcoming+r.Blocked != n {
			t.Fatalf("n=%d: counts %d+%d+%d", n, r.Due, r.Upcoming, r.Blocked)
		}
	}
}

// TestSortRowsSkipsSharedDigits sorts keys that share none, one or both of their digits, on
// one core and on two, against a plain stable sort.
func TestSortRowsSkipsSharedDigits(t *testing.T) {
	for _, tc := range []struct {
		name       string
		lowFixed   bool // every key has the same low digit
		highFixed  bool // every key has the same high digit
		n, workers int
	}{
		{"none shared", false, false, 30_000, 2},
		{"low shared", true, false, 30_000, 2},
		{"high shared", false, true, 30_000, 2},
		{"both shared", true, true, 30_000, 2},
		{"low shared, one core", true, false, 1_000, 1},
		{"none shared, one core", false, false, 1_000, 1},
	} {
		// The index in as few bits as it needs, so the high digit and the index fit in 32
		// bits (sortNarrow), and in more, as a queue of several million orders has it.
		for _, wide := range []bool{false, true} {
			name := tc.name
			if wide {
				name += ", wide"
			}
			t.Run(name, func(t *testing.T) { sortShared(t, tc.lowFixed, tc.highFixed, tc.n, tc.workers, wide) })
		}
	}
}

// sortShared sorts n random keys with fixed low or high digits on workers cores, with the
// index in as few bits as it needs (wide: in more), against a plain stable sort.
func sortShared(t *testing.T, lowFixed, highFixed bool, n, workers int, wide bool) {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	idxBits := bits.Len(uint(n))
	if wide {
		idxBits = 32 - digitBits + 1
	}
	keys := make([]uint64, n)
	eval := make([]Row, n)
	parts := make([]part, workers)
	chunk := (n + workers - 1) / workers
	for w := range parts {
		parts[w].from, parts[w].to = min(w*chunk, n), min((w+1)*chunk, n)
	}
	for i := range keys {
		lo, hi := uint64(rng.IntN(digitBuckets)), uint64(rng.IntN(digitBuckets))
		if lowFixed {
			lo = 5
		}
		if highFixed {
			hi = 3
		}
		k := hi<<digitBits | lo
		keys[i] = k<<idxBits | uint64(i)
		parts[i/chunk].count(k)
		eval[i] = Row{Order: int32(i), v: uint32(k)}
	}
	want := slices.Clone(eval)
	slices.SortStableFunc(want, func(a, b Row) int { return cmp.Compare(a.v, b.v) })
	out := make([]Row, n)
	sortRows(keys, make([]uint64, n), idxBits, parts, eval, out, false)
	if !slices.Equal(out, want) {
		t.Fatal("rows out of order")
	}
}
