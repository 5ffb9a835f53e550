package data

import (
	"testing"

	"cuifu/queue"
)

// TestHistoryWeighsTheTouchesAfterTheDay: a payment the next day goes to the last touch
// before it, so a touch the next day takes the credit from the day's: History brings the
// contacts of one look-back window after the day, and the replay's numbers, per specialist
// and per script, give the day's touch nothing, as payroll and the report do.
func TestHistoryWeighsTheTouchesAfterTheDay(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	const day = 86400
	o := rec("I", queue.StatusUnpaid, 10000)
	importAt(t, s, t0+3600, o)
	key := queue.OrderKey{Platform: queue.PlatformTaobao, ID: "I"}
	for _, e := range []queue.Event{
		{At: t0 + 20*3600, Operator: "alice", ScriptID: "im.first"},
		{At: t0 + day + 9*3600, Operator: "bob", ScriptID: "im.second"},
	} {
		e.Kind, e.Order, e.Channel, e.Result = queue.EventContact, key, queue.ChannelIM, queue.ResultSent
		if _, err := s.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	o.Status, o.PaidAt = queue.StatusPaid, t0+day+10*3600
	importAt(t, s, t0+day+11*3600, o)
	lookBack := cfg.Payroll.LookBack.Seconds()
	for _, tt := range []struct {
		from             int64
		operator, script string
		recovered        int
	}{
		{t0, "alice", "im.first", 0},
		{t0 + day, "bob", "im.second", 1},
	} {
		h, err := s.History(ctx, &cfg, tt.from, tt.from+day, nil)
		if err != nil {
			t.Fatal(err)
		}
		stats, err := h.Stats(tt.from, tt.from+day, lookBack)
		if err != nil || len(stats) != 1 || stats[0].Operator != tt.operator || stats[0].Recovered != tt.recovered {
			t.Errorf("day %d: stats %+v %v; want %s with %d recovered", (tt.from-t0)/day, stats, err, tt.operator, tt.recovered)
		}
		rows, err := h.ScriptResults(&cfg, tt.from, tt.from+day, "")
		if err != nil || len(rows) != 1 || rows[0].Group != tt.script || rows[0].Recovered != tt.recovered {
			t.Errorf("day %d: scripts %+v %v; want %s with %d recovered", (tt.from-t0)/day, rows, err, tt.script, tt.recovered)
		}
	}
}
