package queue

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestChannelWindowEdges asks each channel's window whether it is open at its edges, on an
// ordinary day (11-20) and on 双11, in the default windows, across midnight, and for a shop
// in another zone.
func TestChannelWindowEdges(t *testing.T) {
	la := mustLoc("America/Los_Angeles")
	tests := []struct {
		name string
		edit func(c *Config)
		kind openKind
		at   time.Time
		open bool
	}{
		{"phone 08:59", nil, openPhone, local("2026-11-20 08:59"), false},
		{"phone 09:00", nil, openPhone, local("2026-11-20 09:00"), true},
		{"phone 20:59", nil, openPhone, local("2026-11-20 20:59"), true},
		{"phone 21:00", nil, openPhone, local("2026-11-20 21:00"), false},
		{"phone on the sale day 00:40", nil, openPhone, local("2026-11-11 00:40"), false},
		{"phone on the sale day 23:50", nil, openPhone, local("2026-11-11 23:50"), false},
		{"phone on the sale day 09:00", nil, openPhone, local("2026-11-11 09:00"), true},
		{"marketing SMS 07:59", nil, openMarketing, local("2026-11-11 07:59"), false},
		{"marketing SMS 08:00", nil, openMarketing, local("2026-11-11 08:00"), true},
		{"marketing SMS 19:59", nil, openMarketing, local("2026-11-11 19:59"), true},
		{"marketing SMS 20:00", nil, openMarketing, local("2026-11-11 20:00"), false},
		{"marketing SMS 00:40 on the sale day", nil, openMarketing, local("2026-11-11 00:40"), false},
		{"notification SMS 21:59", nil, openSMS, local("2026-11-20 21:59"), true},
		{"notification SMS 22:00", nil, openSMS, local("2026-11-20 22:00"), false},
		{"IM 22:59, ordinary", nil, openIM, local("2026-11-20 22:59"), true},
		{"IM 23:00, ordinary", nil, openIM, local("2026-11-20 23:00"), false},
		{"IM 23:30 the night before the sale", nil, openIM, local("2026-11-10 23:30"), false},
		{"IM 00:40 on the sale day", nil, openIM, local("2026-11-11 00:40"), true},
		{"IM 22:59, sale day", nil, openIM, local("2026-11-11 22:59"), true},
		{"IM 23:00, sale day", nil, openIM, local("2026-11-11 23:00"), true},
		{"IM 01:59 after the sale day", nil, openIM, local("2026-11-12 01:59"), true},
		{"IM 02:00 after the sale day: quiet", nil, openIM, local("2026-11-12 02:00"), false},
		{"IM 23:00 the day after the sale", nil, openIM, local("2026-11-12 23:00"), false},
		{"across midnight: 00:59", func(c *Config) { c.Windows.IM = mustWindows("20:00-01:00") }, openIM, local("2026-11-21 00:59"), true},
		{"across midnight: 01:00", func(c *Config) { c.Windows.IM = mustWindows("20:00-01:00") }, openIM, local("2026-11-21 01:00"), false},
		{"across midnight: 19:59", func(c *Config) { c.Windows.IM = mustWindows("20:00-01:00") }, openIM, local("2026-11-20 19:59"), false},
		{"overlapping windows", func(c *Config) { c.Windows.Phone = mustWindows("09:00-12:00", "11:00-15:00") }, openPhone, local("2026-11-20 14:59"), true},
		{"Los Angeles phone 08:59", laShop, openPhone, time.Date(2026, 11, 20, 8, 59, 0, 0, la), false},
		{"Los Angeles phone 09:00", laShop, openPhone, time.Date(2026, 11, 20, 9, 0, 0, 0, la), true},
		{"Los Angeles phone 21:00", laShop, openPhone, time.Date(2026, 11, 20, 21, 0, 0, 0, la), false},
		{"Los Angeles 双11 00:40 IM", laShop, openIM, time.Date(2026, 11, 11, 0, 40, 0, 0, la), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			ev := newEvaluator(Input{Snap: &Snapshot{}, Config: &cfg, Now: tt.at.Add(-3 * time.Hour), Me: -1})
			if got := ev.opens.open[tt.kind].has(tt.at.Unix()); got != tt.open {
				t.Fatalf("open = %v, want %v", got, tt.open)
			}
		})
	}
}

func laShop(c *Config) {
	c.Shop.TimeZone = "America/Los_Angeles"
	if err := c.Resolve(); err != nil {
		panic(err)
	}
}

// TestTouchWaitsForItsWindow ranks a second-wave SMS touch at 22:30, when SMS is closed and
// IM still open (a chat now instead), and at 23:10, when both are closed: the SMS waits for
// 08:00 and says so in words.
func TestTouchWaitsForItsWindow(t *testing.T) {
	cfg := testConfig()
	for _, tc := range []struct {
		now    string
		ch     Channel
		rule   ChannelRule
		sec    Section
		nextAt string
	}{
		{"2026-11-20 22:30", ChannelIM, RuleSMSClosed, SectionDue, ""},
		{"2026-11-20 23:10", ChannelSMS, RuleWave, SectionUpcoming, "2026-11-21 08:00"},
	} {
		now := local(tc.now)
		s := one(now.Add(-2*time.Hour), 20000, func(o *Order, b *Buyer) {
			o.Contact = ContactState{ClaimBy: -1, Touches: 1, LastAt: now.Add(-90 * time.Minute).Unix(), LastChannel: ChannelIM,
				Tried: 1 << ChannelIM, LastResult: ResultSent}
		})
		row := rankOne(t, s, cfg, now)
		if row.Section() != tc.sec || row.Channel() != tc.ch || row.Rule() != tc.rule {
			t.Fatalf("at %s: %v %v (%v), want %v %v (%v)", tc.now, row.Section(), row.Channel(), row.Rule(), tc.sec, tc.ch, tc.rule)
		}
		if tc.nextAt == "" {
			continue
		}
		if row.NextAt() != local(tc.nextAt).Unix() {
			t.Fatalf("at %s: next %v, want %s", tc.now, time.Unix(row.NextAt(), 0).In(shanghai), tc.nextAt)
		}
		if why := Explain(row, &s.Orders[0], cfg, now, LangZH); !strings.Contains(why, "短信 08:00 起") {
			t.Fatalf("why = %q, want it to say 短信 08:00 起", why)
		}
	}
}

// TestWindowsCheckedAtLoad refuses windows that would leave a channel, or everyone, never open,
// and windows that start where they end.
func TestWindowsCheckedAtLoad(t *testing.T) {
	for _, tc := range []struct{ toml, want string }{
		{"[timing]\nquiet = [\"00:00-24:00\"]", "timing.quiet covers the whole day"},
		{"[timing]\nquiet = [\"02:00-02:00\"]", "timing.quiet \"02:00-02:00\" starts where it ends"},
		{"[timing]\nquiet = [\"00:00-12:00\", \"11:00-24:00\"]", "timing.quiet covers the whole day"},
		{"[windows]\nphone = [\"09:00-09:00\"]", "windows.phone \"09:00-09:00\" starts where it ends"},
		{"[windows]\nphone = [\"03:00-05:00\"]", "windows.phone is never open"},
		{"[windows]\nsms_marketing = []", "windows.sms_marketing is never open"},
		{"[windows]\nim = [\"9-10\"]", "9-10"},
		{"[windows]\nsms_marketing = [\"08:00-23:30\"]", "windows.sms_marketing = [08:00-23:30]: a marketing SMS goes out between 08:00 and 22:00 at most (it is open at 22:00)"},
		{"[windows]\nsms_marketing = [\"07:30-20:00\"]\nsms_notification = [\"07:00-22:00\"]", "open at 07:30"},
		{"[windows]\nsms_marketing = [\"21:00-01:00\"]", "open at 00:00"},
		{"[windows]\nsms_marketing = [\"09:00-21:30\"]\nsms_notification = [\"09:00-21:00\"]",
			"windows.sms_marketing = [09:00-21:30]: it must lie inside windows.sms_notification (09:00-21:00), and is open at 21:00"},
	} {
		_, err := ParseConfig([]byte(tc.toml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.toml, err, tc.want)
		}
	}
	if _, err := ParseConfig([]byte("[windows]\nim = [\"00:00-24:00\"]\nphone = [\"22:00-01:00\"]")); err != nil {
		t.Errorf("a whole-day IM window and a phone window across midnight: %v", err)
	}
	if _, err := ParseConfig([]byte("[windows]\nsms_marketing = [\"08:00-22:00\"]")); err != nil {
		t.Errorf("a marketing SMS window as long as the notification window: %v", err)
	}
}

// TestWholeDayQuietRanksInBoundedTime ranks with quiet hours that cover the whole day, as a
// config built in code may have them (a file with them does not load): the ranking ends,
// nothing is due, and the warnings agree that every moment is quiet. "02:00-02:00" and
// "00:00-24:00" mean the same to both.
func TestWholeDayQuietRanksInBoundedTime(t *testing.T) {
	for _, w := range []string{"00:00-24:00", "02:00-02:00"} {
		cfg := testConfig()
		cfg.Timing.Quiet = mustWindows(w)
		now := at("15:00")
		s := benchSnapshot(2000, now)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		done := make(chan []Row)
		go func() {
			var r Ranker
			done <- r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1})
		}()
		select {
		case rows := <-done:
			for _, row := range rows {
				if row.Section() == SectionDue {
					t.Fatalf("quiet %s: a row is due", w)
				}
			}
		case <-ctx.Done():
			t.Fatalf("quiet %s: the ranking did not end", w)
		}
		cancel()
		if !cfg.Quiet(now) || len(cfg.Breaks(&s.Orders[0], &s.Buyers[0], s.BuyerContacts(0), 0, ChannelIM, ResultSent, now)) == 0 {
			t.Fatalf("quiet %s: the warnings do not call 15:00 quiet", w)
		}
	}
}

// openOracle says whether kind k is open at t, worked out minute by minute from the config
// alone: in one of the windows of t's day (a crossing window from its start on), or in the
// part after midnight of a crossing window of the day before, and not in the quiet hours.
func openOracle(c *Config, k openKind, t time.Time, saleDay func(time.Time) bool) bool {
	lt := t.In(c.Location)
	m := int32(lt.Hour()*60 + lt.Minute())
	if inAny(c.Timing.Quiet, m) {
		return false
	}
	day := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, c.Location)
	for _, w := range c.Windows.windowsOf(k, saleDay(day)) {
		if (w.Start < w.End && m >= w.Start && m < w.End) || (w.End <= w.Start && m >= w.Start) {
			return true
		}
	}
	for _, w := range c.Windows.windowsOf(k, saleDay(day.AddDate(0, 0, -1))) {
		if w.End <= w.Start && m < w.End {
			return true
		}
	}
	return false
}

// TestNoDueRowOutsideItsWindow is a property test over random orders at random moments of an
// ordinary week and 双11: no due row's channel is closed, and nothing is due 02:00–08:00.
func TestNoDueRowOutsideItsWindow(t *testing.T) {
	cfg := testConfig()
	cfg.Facts.Coupon = "满300减30" // every SMS may be marketing: its narrower window must hold
	rng := rand.New(rand.NewPCG(11, 14))
	saleDay := func(d time.Time) bool { _, on := cfg.SaleAt(d.Add(12 * time.Hour)); return on }
	var r Ranker
	for round := 0; round < 300; round++ {
		now := local("2026-11-09 00:00").Add(time.Duration(rng.IntN(6*24*60)) * time.Minute)
		s := benchSnapshot(200, now)
		for i := range s.Orders {
			s.Orders[i].Created = now.Unix() - int64(rng.IntN(30*3600))
		}
		for _, row := range r.Rank(Input{Snap: s, Config: cfg, Now: now, Me: -1}) {
			if row.Section() != SectionDue || row.Channel() == ChannelNone {
				continue
			}
			if m := MinuteOfDay(now.Unix(), shanghai); m >= 2*60 && m < 8*60 {
				t.Fatalf("a row is due at %v", now)
			}
			k := openFor(row.Channel())
			if row.Channel() == ChannelSMS && row.SMSKind() == SMSMarketing {
				k = openMarketing
			}
			if !openOracle(cfg, k, now, saleDay) {
				t.Fatalf("order %d is due by %v (%v) at %v, when it is closed", row.Order, row.Channel(), row.SMSKind(), now)
			}
		}
	}
}
