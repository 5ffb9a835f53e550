package queue

import (
	"cmp"
	"math/bits"
	"math/rand/v2"
	"slices"
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

func TestGraceAndFirstWave(t *testing.T) {
	cfg := testConfig()
	cfg.Timing.FirstWave = Duration(10 * time.Minute) // make the grace edge the first wave
	created := at("09:00")
	tests := []struct {
		name    string
		now     time.Time
		section Section
		nextAt  time.Time
	}{
		{"just ordered", created, SectionUpcoming, at("09:10")},
		{"9:59 after", created.Add(9*time.Minute + 59*time.Second), SectionUpcoming, at("09:10")},
		{"10:00 after", created.Add(10 * time.Minute), SectionDue, time.Time{}},
		{"an hour after", created.Add(time.Hour), SectionDue, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := rankOne(t, one(created, 20000, nil), cfg, tt.now)
			if row.Section() != tt.section {
				t.Fatalf("section = %v, want %v", row.Section(), tt.section)
			}
			if tt.section == SectionUpcoming && row.NextAt() != tt.nextAt.Unix() {
				t.Fatalf("next_at = %v, want %v", time.Unix(row.NextAt(), 0).In(shanghai), tt.nextAt)
			}
		})
	}
}

func TestDefaultFirstWaveAt30Minutes(t *testing.T) {
	cfg := testConfig()
	created := at("09:00")
	if row := rankOne(t, one(created, 20000, nil), cfg, created.Add(20*time.Minute)); row.Section() != SectionUpcoming || row.NextAt() != at("09:30").Unix() {
		t.Fatalf("at 20 min: %v next %v, want upcoming at 09:30", row.Section(), time.Unix(row.NextAt(), 0))
	}
	if row := rankOne(t, one(created, 20000, nil), cfg, created.Add(30*time.Minute)); row.Section() != SectionDue || row.Why&WhyFirstWave == 0 {
		t.Fatalf("at 30 min: %v %b, want due in the first wave", row.Section(), row.Why)
	}
}

func TestFlashOrderDueRightAfterGrace(t *testing.T) {
	cfg := testConfig()
	created := at("10:00")
	flash := func(o *Order, b *Buyer) { o.Flags |= FlagFlash }
	if row := rankOne(t, one(created, 9900, flash), cfg, created.Add(9*time.Minute)); row.Section() != SectionUpcoming {
		t.Fatalf("flash order due inside the grace period")
	}
	row := rankOne(t, one(created, 9900, flash), cfg, created.Add(10*time.Minute))
	if row.Section() != SectionDue || row.Why&WhyClosingSoon == 0 || row.Why&WhyFlash == 0 {
		t.Fatalf("flash order at 10 min: section %v why %b", row.Section(), row.Why)
	}
}

func TestQuietHoursAcrossMidnight(t *testing.T) {
	tests := []struct {
		name   string
		window string
		now    string
		quiet  bool
		nextAt string // shop-local "2006-01-02 15:04" when quiet
	}{
		{"before quiet", "02:00-08:00", "2026-11-11 01:59", false, ""},
		{"quiet starts", "02:00-08:00", "2026-11-11 02:00", true, "2026-11-11 08:00"},
		{"last quiet minute", "02:00-08:00", "2026-11-11 07:59", true, "2026-11-11 08:00"},
		{"quiet ends", "02:00-08:00", "2026-11-11 08:00", false, ""},
		{"crossing: late evening", "22:00-07:00", "2026-11-11 23:30", true, "2026-11-12 07:00"},
		{"crossing: after midnight", "22:00-07:00", "2026-11-12 00:30", true, "2026-11-12 07:00"},
		{"crossing: morning", "22:00-07:00", "2026-11-12 07:00", false, ""},
		{"crossing: afternoon", "22:00-07:00", "2026-11-11 15:00", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Timing.Quiet = mustWindows(tt.window)
			cfg.Timing.Meals = nil
			now, _ := time.ParseInLocation("2006-01-02 15:04", tt.now, shanghai)
			row := rankOne(t, one(now.Add(-2*time.Hour), 20000, nil), cfg, now)
			if tt.quiet {
				want, _ := time.ParseInLocation("2006-01-02 15:04", tt.nextAt, shanghai)
				if row.Section() != SectionUpcoming || row.NextAt() != want.Unix() || row.Why&WhyQuiet == 0 {
					t.Fatalf("got %v next %v why %b, want upcoming at %v (quiet)", row.Section(), time.Unix(row.NextAt(), 0).In(shanghai), row.Why, want)
				}
				return
			}
			if row.Section() != SectionDue {
				t.Fatalf("got %v, want due", row.Section())
			}
		})
	}
}

func TestQuietHoursInAnotherTimeZone(t *testing.T) {
	cfg := testConfig()
	cfg.Shop.TimeZone = "America/Los_Angeles"
	if err := cfg.Resolve(); err != nil {
		t.Fatal(err)
	}
	// 03:00 in Los Angeles is 19:00 in Shanghai: quiet for this shop.
	la := mustLoc("America/Los_Angeles")
	now := time.Date(2026, 11, 10, 3, 0, 0, 0, la)
	row := rankOne(t, one(now.Add(-2*time.Hour), 20000, nil), cfg, now)
	if row.Section() != SectionUpcoming || time.Unix(row.NextAt(), 0).In(la).Hour() != 8 {
		t.Fatalf("got %v next %v, want upcoming at 08:00 LA time", row.Section(), time.Unix(row.NextAt(), 0).In(la))
	}
}

func TestBlocks(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	created := now.Add(-3 * time.Hour)
	tests := []struct {
		name  string
		edit  func(o *Order, b *Buyer)
		block Block
	}{
		{"opted out", func(o *Order, b *Buyer) { b.OptedOut = true }, BlockOptedOut},
		{"outcome closed", func(o *Order, b *Buyer) { o.Contact.Closed = true }, BlockOutcome},
		{"cap reached", func(o *Order, b *Buyer) { o.Contact.Touches = 3; o.Contact.LastAt = created.Unix() }, BlockCap},
		{"low ticket one touch", func(o *Order, b *Buyer) { o.Amount = 5900; o.Contact.Touches = 1; o.Contact.LastAt = created.Unix() }, BlockCap},
		{"claimed by another", func(o *Order, b *Buyer) { o.Contact.ClaimBy = 0; o.Contact.ClaimUntil = now.Unix() + 60 }, BlockClaimed},
		{"expired claim", func(o *Order, b *Buyer) { o.Contact.ClaimBy = 0; o.Contact.ClaimUntil = now.Unix() }, BlockNone},
		{"past deadline", func(o *Order, b *Buyer) { o.Deadline = now.Unix() }, BlockExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(created, 20000, tt.edit)
			s.Operators = []string{"小美"}
			row := rankOne(t, s, cfg, now)
			if row.Block() != tt.block {
				t.Fatalf("block = %v, want %v", row.Block(), tt.block)
			}
			if (row.Section() == SectionBlocked) != (tt.block != BlockNone) {
				t.Fatalf("section %v with block %v", row.Section(), row.Block())
			}
		})
	}
}

func TestSecondWaveAndNextDayRetry(t *testing.T) {
	cfg := testConfig()
	created := at("09:00")
	imTouch := func(o *Order, b *Buyer) {
		o.Contact = ContactState{ClaimBy: -1, Touches: 1, LastAt: at("09:35").Unix(), LastChannel: ChannelIM, Tried: 1 << ChannelIM, LastResult: ResultSent}
	}
	// After the IM, the second wave waits for the cooldown (an hour after the touch).
	row := rankOne(t, one(created, 20000, imTouch), cfg, at("10:00"))
	if row.Section() != SectionUpcoming || row.Wave() != WaveSecond || row.NextAt() != at("10:35").Unix() {
		t.Fatalf("second wave: %v wave %v next %v", row.Section(), row.Wave(), time.Unix(row.NextAt(), 0).In(shanghai))
	}
	row = rankOne(t, one(created, 20000, imTouch), cfg, at("10:35"))
	if row.Section() != SectionDue || row.Channel() != ChannelSMS || row.Why&WhySecondWave == 0 {
		t.Fatalf("second wave due: %v channel %v", row.Section(), row.Channel())
	}
	// After an answered touch, the retry is the next day at the order's clock time.
	answered := func(o *Order, b *Buyer) {
		imTouch(o, b)
		o.Contact.Answered = true
		o.Contact.LastResult = ResultDeclined
	}
	row = rankOne(t, one(created, 20000, answered), cfg, at("11:00"))
	if row.Wave() != WaveRetry || row.NextAt() != created.Add(24*time.Hour).Unix() {
		t.Fatalf("retry: wave %v next %v", row.Wave(), time.Unix(row.NextAt(), 0).In(shanghai))
	}
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

func TestExplain(t *testing.T) {
	cfg := testConfig()
	now := at("15:00")
	s := one(now.Add(-2*time.Hour), 80000, func(o *Order, b *Buyer) { o.Deadline = now.Add(3 * time.Hour).Unix() })
	row := rankOne(t, s, cfg, now)
	got := Explain(row, &s.Orders[0], cfg, now, LangZH)
	want := "高客单 · 新客 · 第一波 · 黄金时段 · 3h后关闭"
	if got != want {
		t.Fatalf("why = %q, want %q", got, want)
	}
	if en := Explain(row, &s.Orders[0], cfg, now, LangEN); en != "high ticket · new buyer · first wave · peak window · closes in 3h" {
		t.Fatalf("english why = %q", en)
	}
}

func TestBreaks(t *testing.T) {
	cfg := testConfig()
	tests := []struct {
		name string
		now  time.Time
		ch   Channel
		edit func(o *Order, b *Buyer)
		want int
	}{
		{"clean", at("15:00"), ChannelIM, nil, 0},
		{"quiet hours", at("03:00"), ChannelIM, nil, 1},
		{"over cap", at("15:00"), ChannelIM, func(o *Order, b *Buyer) { o.Contact.Touches = 3; o.Contact.LastAt = at("09:00").Unix() }, 1},
		{"second sms today", at("15:00"), ChannelSMS, func(o *Order, b *Buyer) { b.SMSDay = LocalDay(at("09:00").Unix(), shanghai) }, 1},
		{"masked phone call", at("15:00"), ChannelPhone, func(o *Order, b *Buyer) { b.Phone = "138****0000" }, 1},
		{"opted out in quiet hours", at("03:00"), ChannelIM, func(o *Order, b *Buyer) { b.OptedOut = true }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(tt.now.Add(-3*time.Hour), 20000, tt.edit)
			got := cfg.Breaks(&s.Orders[0], &s.Buyers[0], tt.ch, tt.now, LangZH)
			if len(got) != tt.want {
				t.Fatalf("breaks = %q, want %d", got, tt.want)
			}
		})
	}
}

// TestRowPacksEveryValue checks that each of a row's packed facts reads back as written,
// for every value it can take.
func TestRowPacksEveryValue(t *testing.T) {
	tests := []struct {
		name   string
		sec    Section
		v      uint32
		score  int32
		nextAt int64
	}{
		{"due", SectionDue, 1234, 1234, 0},
		{"upcoming", SectionUpcoming, 1_900_000_000, 0, 1_900_000_000},
		{"upcoming past 2038", SectionUpcoming, 3_000_000_000, 0, 3_000_000_000},
		{"blocked", SectionBlocked, 77, 0, 0},
	}
	for _, tt := range tests {
		for ch := ChannelNone; ch <= ChannelPhone; ch++ {
			for rule := RuleOptedOut; rule <= RuleSMSSpent; rule++ {
				for blk := BlockNone; blk <= BlockCallback; blk++ {
					for w := WaveFirst; w <= WaveRetry; w++ {
						r := Row{v: tt.v, owner: -1, bits: uint16(tt.sec)<<rowSection | uint16(ch)<<rowChannel |
							uint16(rule)<<rowRule | uint16(blk)<<rowBlock | uint16(w)<<rowWave}
						if r.Section() != tt.sec || r.Channel() != ch || r.Rule() != rule || r.Block() != blk || r.Wave() != w {
							t.Fatalf("%s: %v %v %v %v %v read back as %v %v %v %v %v", tt.name, tt.sec, ch, rule, blk, w,
								r.Section(), r.Channel(), r.Rule(), r.Block(), r.Wave())
						}
						if r.Score() != tt.score || r.NextAt() != tt.nextAt || r.Owner() != -1 {
							t.Fatalf("%s: score %d next %d owner %d", tt.name, r.Score(), r.NextAt(), r.Owner())
						}
					}
				}
			}
		}
	}
}

// TestRankMatchesPlainSort ranks a queue big enough for the parallel sort and checks it
// against a plain stable sort of the same rows by section, then each section's measure.
func TestRankMatchesPlainSort(t *testing.T) {
	cfg := testConfig()
	for _, n := range []int{1, 500, 50_000} {
		now := at("15:00")
		s := benchSnapshot(n, now)
		var r Ranker
		got := r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: 0})
		want := make([]Row, n)
		ev := newEvaluator(Input{Snap: s, Config: cfg, Now: now, Me: 0}, make([]uint8, len(s.Buyers)))
		ev.buyerFacts(0, len(s.Buyers))
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tc.n)))
			idxBits := bits.Len(uint(tc.n))
			keys := make([]uint64, tc.n)
			eval := make([]Row, tc.n)
			parts := make([]part, tc.workers)
			chunk := (tc.n + tc.workers - 1) / tc.workers
			for i := range keys {
				lo, hi := uint64(rng.IntN(digitBuckets)), uint64(rng.IntN(digitBuckets))
				if tc.lowFixed {
					lo = 5
				}
				if tc.highFixed {
					hi = 3
				}
				k := hi<<digitBits | lo
				keys[i] = k<<idxBits | uint64(i)
				parts[i/chunk].count(k)
				eval[i] = Row{Order: int32(i), v: uint32(k)}
			}
			want := slices.Clone(eval)
			slices.SortStableFunc(want, func(a, b Row) int { return cmp.Compare(a.v, b.v) })
			out := make([]Row, tc.n)
			sortRows(keys, make([]uint64, tc.n), idxBits, parts, eval, out)
			if !slices.Equal(out, want) {
				t.Fatal("rows out of order")
			}
		})
	}
}
