package data

import (
	"reflect"
	"testing"

	"cuifu/queue"
)

// TestStoreKeepsItsSaleCalendar: a store's own sale calendar is read back as it was set by
// any process that opens the store afterwards, and setting it again replaces it.
func TestStoreKeepsItsSaleCalendar(t *testing.T) {
	s, path := tempStore(t)
	if c, err := s.Calendar(ctx); err != nil || !c.Empty() {
		t.Fatalf("a new store's calendar: %+v, %v", c, err)
	}
	want := Calendar{SaleDay: "2026-11-11", Sales: []queue.SaleConfig{
		{Name: "双11预售", Start: "2026-11-01", End: "2026-11-10", BalanceStart: "2026-11-11", BalanceEnd: "2026-11-11"},
		{Name: "店庆", Start: "2026-11-20 20:00", End: "2026-11-21 24:00"},
	}}
	if err := s.SetCalendar(ctx, want); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got, err := open(t, path).Calendar(ctx); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("the calendar read back by another opening: %+v, %v; want %+v", got, err, want)
	}
	again := open(t, path)
	one := Calendar{Sales: want.Sales[1:]}
	if err := again.SetCalendar(ctx, one); err != nil {
		t.Fatal(err)
	}
	if got, err := again.Calendar(ctx); err != nil || !reflect.DeepEqual(got, one) {
		t.Fatalf("the calendar set again: %+v, %v; want %+v", got, err, one)
	}
}
