package demo

import (
	"reflect"
	"testing"
	"time"

	"cuifu/queue"
)

var loc, _ = time.LoadLocation("Asia/Shanghai")
var now = time.Date(2026, 11, 11, 15, 0, 0, 0, loc)

func TestGenerateIsDeterministic(t *testing.T) {
	a := Generate(500, 7, now, loc)
	b := Generate(500, 7, now, loc)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed made two different days")
	}
	if c := Generate(500, 8, now, loc); reflect.DeepEqual(a, c) {
		t.Fatal("another seed made the same day")
	}
}

func TestGenerateShares(t *testing.T) {
	recs := Generate(3000, 1, now, loc)
	var unpaid, masked, high, low, future, returning int
	ids := map[string]bool{}
	for _, r := range recs {
		if ids[r.ID] {
			t.Fatalf("duplicate order id %s", r.ID)
		}
		ids[r.ID] = true
		if r.Created > now.Unix() || r.PaidAt > now.Unix() {
			future++
		}
		if r.Created < now.Unix()-26*3600 {
			returning++
			continue
		}
		if r.Status == queue.StatusUnpaid {
			unpaid++
		}
		if queue.PhoneMasked(r.Phone) {
			masked++
		}
		switch {
		case r.Amount >= 50000:
			high++
		case r.Amount < 10000:
			low++
		}
	}
	n := len(recs) - returning
	tests := []struct {
		name     string
		got      int
		min, max int // percent of the day's orders
	}{
		{"unpaid", unpaid, 25, 45},
		{"masked phones", masked, 20, 40},
		{"high ticket", high, 10, 35},
		{"low ticket", low, 15, 45},
	}
	for _, tt := range tests {
		p := tt.got * 100 / n
		if p < tt.min || p > tt.max {
			t.Errorf("%s: %d%%, want %d–%d%%", tt.name, p, tt.min, tt.max)
		}
	}
	if future != 0 {
		t.Errorf("%d orders dated after now", future)
	}
	if returning == 0 {
		t.Error("no returning buyers")
	}
}

func TestSimArrivesAndPays(t *testing.T) {
	recs := Generate(200, 3, now, loc)
	s := NewSim(3, recs, loc)
	arrived, paid := 0, 0
	for i := 0; i < 40; i++ {
		for _, r := range s.Step(now.Add(time.Duration(i) * 3 * time.Second)) {
			switch r.Status {
			case queue.StatusUnpaid:
				arrived++
			case queue.StatusPaid:
				paid++
				if r.Buyer == "" || r.PaidAt == 0 {
					t.Fatalf("a payment without its buyer or time: %+v", r)
				}
			}
		}
	}
	if arrived == 0 || paid == 0 {
		t.Fatalf("40 steps: %d arrived, %d paid", arrived, paid)
	}
}
