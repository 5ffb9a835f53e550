package queue

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestEstimateLift checks the estimate against numbers worked out by hand (the interval's
// with the formula written out: centre (x₁+1)/(n₁+2) − Σ wₛ(x₀ₛ+1)/(n₀ₛ+2), half-width
// 1.96·√(p̃₁(1−p̃₁)/(n₁+2) + Σ wₛ² p̃₀ₛ(1−p̃₀ₛ)/(n₀ₛ+2))).
func TestEstimateLift(t *testing.T) {
	tests := []struct {
		name                           string
		strata                         []Stratum
		min                            int
		ok                             bool
		rate, holdout, lift, low, high float64
	}{
		{"one stratum: 30/100 against 10/50", []Stratum{{100, 30, 50, 10}}, 30, true,
			0.3, 0.2, 0.1, -0.050055855506670105, 0.23482206968464894},
		// The holdout's rate weighs its strata as the touched orders do: 0.8×4/20 + 0.2×2/40.
		{"two strata, standardised", []Stratum{{80, 40, 20, 4}, {20, 2, 40, 2}}, 30, true,
			0.42, 0.17, 0.25, 0.055017936163071574, 0.39591152653109696},
		{"a stratum with no holdout is left out", []Stratum{{80, 40, 20, 4}, {20, 2, 40, 2}, {15, 3, 0, 0}}, 30, true,
			0.42, 0.17, 0.25, 0.055017936163071574, 0.39591152653109696},
		{"too few touched", []Stratum{{29, 10, 100, 10}}, 30, false, 0, 0, 0, 0, 0},
		{"too few in the holdout", []Stratum{{500, 100, 29, 3}}, 30, false, 0, 0, 0, 0, 0},
		{"no holdout at all", []Stratum{{500, 100, 0, 0}}, 30, false, 0, 0, 0, 0, 0},
		{"nothing paid on either side", []Stratum{{40, 0, 40, 0}}, 30, true, 0, 0, 0, -0.06520502738084233, 0.06520502738084233},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ok := EstimateLift(tt.strata, tt.min)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if !near(l.Rate, tt.rate) || !near(l.HoldoutRate, tt.holdout) || !near(l.Lift, tt.lift) || !near(l.Low, tt.low) || !near(l.High, tt.high) {
				t.Fatalf("got rate %v holdout %v lift %v [%v, %v]\nwant rate %v holdout %v lift %v [%v, %v]",
					l.Rate, l.HoldoutRate, l.Lift, l.Low, l.High, tt.rate, tt.holdout, tt.lift, tt.low, tt.high)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []int64
		want int64
		ok   bool
	}{
		{nil, 0, false},
		{[]int64{7}, 7, true},
		{[]int64{300, 60, 120}, 120, true},
		{[]int64{600, 60, 120, 3600}, 360, true},
		{[]int64{1, 2}, 1, true},
	}
	for _, tt := range tests {
		got, ok := Median(tt.xs)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Median(%v) = %v, %v; want %v, %v", tt.xs, got, ok, tt.want, tt.ok)
		}
	}
}

// binomial draws the number of successes of n trials at p.
func binomial(rng *rand.Rand, n int, p float64) int {
	x := 0
	for i := 0; i < n; i++ {
		if rng.Float64() < p {
			x++
		}
	}
	return x
}

// TestLiftCoverage simulates shops whose true lift is known: in each stratum a touched
// order is recovered with probability p₀+lift and a holdout order pays by itself with
// probability p₀. Over seeds 1 to 100 of each shop, the 95% interval must cover the true
// lift at least 90 times. The shops are small on purpose (a 5% holdout of a few hundred
// orders, rates near 0), where a naive interval falls short.
func TestLiftCoverage(t *testing.T) {
	type cell struct {
		touched, held int
		p0, lift      float64
	}
	shops := []struct {
		name  string
		cells []cell
	}{
		{"one segment, 5% holdout", []cell{{600, 32, 0.2, 0.08}}},
		{"three segments, unlike rates", []cell{{300, 20, 0.15, 0.10}, {150, 12, 0.35, 0.05}, {60, 6, 0.05, 0.20}}},
		{"rare self-pay, no lift", []cell{{400, 40, 0.03, 0}}},
		{"big shop, small lift", []cell{{4000, 210, 0.25, 0.03}, {2000, 100, 0.1, 0.06}}},
	}
	for _, shop := range shops {
		t.Run(shop.name, func(t *testing.T) {
			touched := 0
			truth := 0.0
			for _, c := range shop.cells {
				touched += c.touched
			}
			for _, c := range shop.cells {
				truth += float64(c.touched) / float64(touched) * c.lift
			}
			covered := 0
			for seed := uint64(1); seed <= 100; seed++ {
				rng := rand.New(rand.NewPCG(seed, 0x1f7))
				strata := make([]Stratum, len(shop.cells))
				for i, c := range shop.cells {
					strata[i] = Stratum{Touched: c.touched, Recovered: binomial(rng, c.touched, c.p0+c.lift),
						Held: c.held, SelfPaid: binomial(rng, c.held, c.p0)}
				}
				l, ok := EstimateLift(strata, 30)
				if !ok {
					t.Fatalf("seed %d: not enough data in a shop built to have enough", seed)
				}
				if l.Low <= truth && truth <= l.High {
					covered++
				}
			}
			t.Logf("covered the true lift %.4f in %d of 100 seeds", truth, covered)
			if covered < 90 {
				t.Fatalf("the 95%% interval covered the true lift in %d of 100 seeds, want at least 90", covered)
			}
		})
	}
}
