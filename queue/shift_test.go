package queue

import (
	"strings"
	"testing"
	"time"
)

// TestRosterShifts: silent orders rotate among the specialists on shift now, never to one
// off shift, and a reception agent's order is theirs while they are on shift. 2026-11-11 is
// a Wednesday.
func TestRosterShifts(t *testing.T) {
	cfg := testConfig()
	cfg.Roster.Shifts = []ShiftConfig{
		{Operator: "小美", Start: "09:00", End: "18:00"},
		{Operator: "阿杰", Days: []string{"wed"}, Start: "14:00", End: "23:00"},
		{Operator: "婷婷", Start: "22:00", End: "06:00"}, // a night shift
	}
	ops := []string{"小美", "阿杰", "婷婷"}
	tests := []struct {
		name   string
		now    time.Time
		agent  int32
		owners []int32 // the owner of silent orders placed in three successive hours
	}{
		{"10:00: only 小美", at("10:00"), -1, []int32{0, 0, 0}},
		{"15:00: 小美 and 阿杰 by hour", at("15:00"), -1, []int32{0, 1, 0}},
		{"19:00: only 阿杰", at("19:00"), -1, []int32{1, 1, 1}},
		{"22:30: 阿杰 and 婷婷", at("22:30"), -1, []int32{1, 2, 1}},
		{"Thursday 02:30: 婷婷's night from Wednesday", at("02:30").AddDate(0, 0, 1), -1, []int32{2, 2, 2}},
		{"Thursday 15:00: 阿杰 is off", at("15:00").AddDate(0, 0, 1), -1, []int32{0, 0, 0}},
		{"the agent on shift keeps the order", at("15:00"), 1, []int32{1, 1, 1}},
		{"the agent off shift: the rotation", at("10:00"), 1, []int32{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, want := range tt.owners {
				// Orders placed at 06:xx, 07:xx and 08:xx: hours 0, 1 and 2 modulo three.
				created := at("06:10").Add(time.Duration(i) * time.Hour)
				s := one(created, 20000, func(o *Order, b *Buyer) { o.Agent = tt.agent })
				s.Operators = ops
				var r Ranker
				if got := r.Rank(Input{Snap: s, Config: cfg, Now: tt.now, Me: -1})[0].Owner(); got != want {
					t.Fatalf("order of %s: owner %d, want %d", created.Format("15:04"), got, want)
				}
			}
		})
	}
	cfg.Roster.Shifts = cfg.Roster.Shifts[:1]
	s := one(at("06:10"), 20000, nil)
	s.Operators = ops
	var r Ranker
	if got := r.Rank(Input{Snap: s, Config: cfg, Now: at("20:00"), Me: -1})[0].Owner(); got != -1 {
		t.Fatalf("nobody on shift: owner %d, want none", got)
	}
	for _, tc := range []struct{ toml, want string }{
		{"[[roster.shift]]\nstart = \"09:00\"\nend = \"18:00\"", "operator is missing"},
		{"[[roster.shift]]\noperator = \"小美\"\nstart = \"9\"\nend = \"18:00\"", "roster.shift[1]"},
		{"[[roster.shift]]\noperator = \"小美\"\nstart = \"09:00\"\nend = \"09:00\"", "starts where it ends"},
		{"[[roster.shift]]\noperator = \"小美\"\ndays = [\"monday\"]\nstart = \"09:00\"\nend = \"18:00\"", "day \"monday\""},
	} {
		if _, err := ParseConfig([]byte(tc.toml)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.toml, err, tc.want)
		}
	}
}
