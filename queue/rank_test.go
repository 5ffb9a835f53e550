package queue

import (
	"testing"
	"time"
)

var shanghai = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// at returns a shop-local time on 2026-11-11 (the sale day in these tests).
func at(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-11 "+hhmm, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func testConfig() *Config {
	c := DefaultConfig()
	c.Shop.SaleDay = "2026-11-11"
	c.Shop.Signature = "小美家居"
	return &c
}

// one builds a snapshot with one order placed at created and lets edit adjust it.
func one(created time.Time, amount Fen, edit func(o *Order, b *Buyer)) *Snapshot {
	s := &Snapshot{
		Orders: []Order{{ID: "1001", Title: "北欧布艺沙发", Amount: amount, Created: created.Unix(), Buyer: 0, Agent: -1, Platform: PlatformTaobao,
			Contact: ContactState{ClaimBy: -1}}},
		Buyers: []Buyer{{Nick: "小鹿乱撞", Phone: "13800001234"}},
	}
	if edit != nil {
		edit(&s.Orders[0], &s.Buyers[0])
	}
	return s
}

func rankOne(t *testing.T, s *Snapshot, cfg *Config, now time.Time) Row {
	t.Helper()
	var r Ranker
	rows := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
	if len(rows) != 1 {
		t.Fatalf("got %d rows", len(rows))
	}
	return rows[0]
}

func TestRankOrder(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := &Snapshot{Buyers: []Buyer{{Nick: "a", Phone: "13800000001"}, {Nick: "b", Phone: "13800000002", OptedOut: true}}}
	add := func(id string, created time.Time, amount Fen, buyer int32, deadline time.Time) {
		o := Order{ID: id, Amount: amount, Created: created.Unix(), Buyer: buyer, Agent: -1, Contact: ContactState{ClaimBy: -1}}
		if !deadline.IsZero() {
			o.Deadline = deadline.Unix()
		}
		s.Orders = append(s.Orders, o)
	}
	add("blocked", now.Add(-2*time.Hour), 90000, 1, time.Time{})
	add("later", now.Add(-5*time.Minute), 90000, 0, time.Time{})
	add("cheap", now.Add(-2*time.Hour), 15000, 0, time.Time{})
	add("closing", now.Add(-2*time.Hour), 15000, 0, now.Add(40*time.Minute))
	add("rich", now.Add(-2*time.Hour), 500000, 0, time.Time{})
	var r Ranker
	rows := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
	var got []string
	for _, row := range rows {
		got = append(got, s.Orders[row.Order].ID)
	}
	want := []string{"closing", "rich", "cheap", "later", "blocked"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
	if r.Due != 3 || r.Upcoming != 1 || r.Blocked != 1 {
		t.Fatalf("counts %d/%d/%d", r.Due, r.Upcoming, r.Blocked)
	}
}

func TestRankIsDeterministic(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := &Snapshot{Buyers: []Buyer{{Nick: "a", Phone: "13800000001"}}}
	for i := 0; i < 200; i++ {
		s.Orders = append(s.Orders, Order{ID: string(rune('A'+i%26)) + string(rune('a'+i/26)), Amount: Fen(10000 + (i%7)*1000),
			Created: now.Add(-time.Duration(i%5) * time.Hour).Unix(), Agent: -1, Contact: ContactState{ClaimBy: -1}})
	}
	var r1, r2 Ranker
	a := append([]Row(nil), r1.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})...)
	b := r2.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d differs", i)
		}
	}
}

// TestNothingDueInQuietHours is a property test: whatever the order, nothing is due at any
// minute of the quiet window, and nothing is due over its cap.
func TestNothingDueInQuietHoursOrOverCap(t *testing.T) {
	cfg := testConfig()
	var r Ranker
	base := at("00:00")
	for m := 0; m < 24*60; m += 7 {
		now := base.Add(time.Duration(m) * time.Minute)
		s := &Snapshot{Buyers: []Buyer{{Nick: "a", Phone: "13800000001"}, {Nick: "b", Phone: "138****0002", Paid: 2}}}
		for i := 0; i < 60; i++ {
			s.Orders = append(s.Orders, Order{ID: "o", Amount: Fen(3000 + i*2500), Buyer: int32(i % 2),
				Created: now.Add(-time.Duration(i*37) * time.Minute).Unix(), Agent: -1,
				Contact: ContactState{ClaimBy: -1, Touches: uint8(i % 4), LastAt: now.Add(-time.Duration(i*5) * time.Hour).Unix(), LastChannel: ChannelIM}})
		}
		rows := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
		quiet := inAny(cfg.Timing.Quiet, MinuteOfDay(now.Unix(), shanghai))
		for _, row := range rows {
			o := &s.Orders[row.Order]
			if row.Section() == SectionDue && quiet {
				t.Fatalf("order due at %v, inside quiet hours", now)
			}
			if row.Section() == SectionDue && int(o.Contact.Touches) >= cfg.Cap(o) {
				t.Fatalf("order due over its cap at %v", now)
			}
			if row.Section() == SectionUpcoming && inAny(cfg.Timing.Quiet, MinuteOfDay(row.NextAt(), shanghai)) {
				t.Fatalf("next_at %v inside quiet hours", time.Unix(row.NextAt(), 0).In(shanghai))
			}
		}
	}
}
