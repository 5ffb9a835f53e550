package queue

import (
	"testing"
	"time"
)

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
			cfg.Windows.IM, cfg.Windows.IMSale = mustWindows("00:00-24:00"), mustWindows("00:00-24:00") // the quiet hours alone
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
