package queue

import (
	"math/rand/v2"
	"testing"
)

// TestAbsenceAtAgreesWithAt: for every order of random histories and many moments, the
// order is Present exactly when the queue At rebuilds holds it, and each answer has words
// of its own in both languages.
func TestAbsenceAtAgreesWithAt(t *testing.T) {
	cfg := DefaultConfig()
	rng := rand.New(rand.NewPCG(7, 11))
	for range 20 {
		h := randomHistory(rng, 60, 0)
		for range 10 {
			t0 := at("00:00").Unix() + rng.Int64N(2*86400)
			in := map[OrderKey]bool{}
			for _, o := range h.At(t0, &cfg).Orders {
				in[o.Key()] = true
			}
			for i := range h.Orders {
				k := h.Orders[i].Order.Key()
				if got := h.AbsenceAt(k, t0, &cfg); (got == Present) != in[k] {
					t.Fatalf("order %s at %d: %s, in the queue %v (%+v)", k.ID, t0, got.Label(LangEN), in[k], h.Orders[i])
				}
			}
		}
	}
	for _, l := range []Lang{LangZH, LangEN} {
		seen := map[string]bool{}
		for a := Present; a <= AbsentNotInDay; a++ {
			if s := a.Label(l); s == "" || seen[s] {
				t.Errorf("%v: absence %d is named %q", l, a, s)
			}
			seen[a.Label(l)] = true
		}
	}
}
