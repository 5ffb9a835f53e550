package queue

import (
	"math"
	"slices"
)

// z95 is the normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// Stratum is one cell (a segment, say) of a comparison between the orders that were
// touched and the holdout's orders, which were not.
type Stratum struct {
	Touched, Recovered int // touched orders, and those recovered
	Held, SelfPaid     int // holdout orders, and those their buyers paid unprompted
}

// Lift compares a group's recovery rate with what its buyers would have paid anyway.
type Lift struct {
	Touched, Recovered int     // over the strata that have holdout orders to compare with
	Held, SelfPaid     int     // the holdout orders of those strata
	Rate               float64 // Recovered / Touched
	HoldoutRate        float64 // the holdout's self-pay rate, weighted as the touched orders are
	Lift               float64 // Rate − HoldoutRate
	Low, High          float64 // its 95% confidence interval
}

// EstimateLift estimates the lift of the touched orders over the holdout, stratum by
// stratum, and reports false when either side has fewer than min orders to go on.
//
// The holdout's rate is directly standardised to the touched orders: each stratum's
// self-pay rate weighs as much as that stratum's share of the touched orders, so a script
// used mostly on returning buyers is compared with returning buyers, not with everyone.
// Strata without holdout orders cannot be compared and are left out of both sides.
//
// The interval is Agresti and Caffo's (2000): a success and a failure are added to each
// side (here: to each stratum of the holdout) before the normal approximation, which keeps
// a 95% interval near 95% even with a few dozen orders and rates near 0, where the plain
// Wald interval covers far less. TestLiftCoverage checks it on simulated shops whose true
// lift is known.
func EstimateLift(strata []Stratum, min int) (Lift, bool) {
	var l Lift
	for _, s := range strata {
		if s.Held > 0 && s.Touched > 0 {
			l.Touched += s.Touched
			l.Recovered += s.Recovered
			l.Held += s.Held
			l.SelfPaid += s.SelfPaid
		}
	}
	if l.Touched < min || l.Held < min || min < 1 {
		return l, false
	}
	n1 := float64(l.Touched)
	l.Rate = float64(l.Recovered) / n1
	adj1 := float64(l.Recovered+1) / (n1 + 2)
	variance := adj1 * (1 - adj1) / (n1 + 2)
	adj0 := 0.0
	for _, s := range strata {
		if s.Held == 0 || s.Touched == 0 {
			continue
		}
		w := float64(s.Touched) / n1
		n0 := float64(s.Held)
		l.HoldoutRate += w * float64(s.SelfPaid) / n0
		p := float64(s.SelfPaid+1) / (n0 + 2)
		adj0 += w * p
		variance += w * w * p * (1 - p) / (n0 + 2)
	}
	l.Lift = l.Rate - l.HoldoutRate
	half := z95 * math.Sqrt(variance)
	l.Low = math.Max(adj1-adj0-half, -1)
	l.High = math.Min(adj1-adj0+half, 1)
	return l, true
}

// Median returns the median of xs (the mean of the middle two, rounded down, for an even
// count) and false when xs is empty. xs is sorted in place.
func Median(xs []int64) (int64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m], true
	}
	a, b := xs[m-1], xs[m]
	return a + (b-a)/2, true
}
