package queue

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRankerOverASnapshotChangedInPlace: one Ranker ranks a snapshot as the general way does
// while the snapshot is changed in place between rankings: each buyer's orders together but
// in no canonical order (grouped in runs all the same), then shuffled (found apart), then
// laid out again.
func TestRankerOverASnapshotChangedInPlace(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		in := groupingInput(seed, 3)
		s := in.Snap
		rng := rand.New(rand.NewPCG(seed, 4))
		perm := rng.Perm(len(s.Buyers))
		rng.Shuffle(len(s.Orders), func(i, j int) { s.Orders[i], s.Orders[j] = s.Orders[j], s.Orders[i] })
		slices.SortStableFunc(s.Orders, func(a, b Order) int { return cmp.Compare(perm[a.Buyer], perm[b.Buyer]) })
		MarkDuplicates(s)
		general := Ranker{scattered: true}
		var r Ranker
		for step, change := range []func(){
			func() {},
			func() {
				rng.Shuffle(len(s.Orders), func(i, j int) { s.Orders[i], s.Orders[j] = s.Orders[j], s.Orders[i] })
			},
			func() { s.LayOut() },
		} {
			change()
			want := append([]Row(nil), general.Rank(in)...)
			sameRanking(t, seed, int64(step), "in place", r.Rank(in), want, &r, &general)
			if step == 0 && !r.inRuns && general.Grouped > 0 {
				t.Fatalf("seed %d: buyers whose orders lie together were not grouped in runs", seed)
			}
		}
	}
}
