package queue

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Config holds every threshold of the playbook. The zero value is not useful: start from
// DefaultConfig and let the config file override what the shop wants different.
type Config struct {
	Shop    ShopConfig    `toml:"shop"`
	Timing  TimingConfig  `toml:"timing"`
	Value   ValueConfig   `toml:"value"`
	Caps    CapsConfig    `toml:"caps"`
	Channel ChannelConfig `toml:"channel"`
	Roster  RosterConfig  `toml:"roster"`
	Payroll PayrollConfig `toml:"payroll"`
	Paths   PathsConfig   `toml:"paths"`
	Weights WeightsConfig `toml:"weights"` // the ranking's points (score.go)
	Windows WindowsConfig `toml:"windows"` // when each channel may be used (window.go)
	Facts   Facts         `toml:"facts"`   // what the shop offers; scripts claim only these (shop.go)
	Holdout HoldoutConfig `toml:"holdout"`
	Suspect SuspectConfig `toml:"suspect"`
	Report  ReportConfig  `toml:"report"`
	Presale PresaleConfig `toml:"presale"` // presale balance orders (presale.go)
	// Sales is the sale calendar's own sales ([[sale]]), on top of the built-in ones unless
	// shop.builtin_sales is off.
	Sales []SaleConfig `toml:"sale"`
	// Status adds or overrides export status words per platform: [status.jd] "等待付款" =
	// "unpaid". The built-in words cover what public files show.
	Status   map[string]map[string]string `toml:"status"`
	statuses map[Platform]map[string]Status
	Location *time.Location `toml:"-"` // resolved from Shop.TimeZone by Resolve
}

// DefaultShopName is the shop's name while the config leaves it unset: the scripts say it in
// the reader's language (words' DefaultShop), a name the shop sets as it is.
const DefaultShopName = "本店"

// ShopConfig describes the shop.
type ShopConfig struct {
	Name     string `toml:"name"`      // signs SMS as 【Name】
	TimeZone string `toml:"time_zone"` // IANA zone; every time-of-day rule runs in it
	// SaleDay is a shorthand for one more whole-day sale named 大促 (YYYY-MM-DD); "" = none.
	SaleDay string `toml:"sale_day"`
	// BuiltinSales keeps 双11, 618 and 双12 of every year in the sale calendar.
	BuiltinSales bool `toml:"builtin_sales"`
	// Signature is the 【签名】 registered with the SMS gateway; "" = none, so no SMS.
	Signature string `toml:"signature"`
	Register  string `toml:"register"` // 亲 or 您; "" = the platform's custom (shop.go)
}

// TimingConfig is the when of the playbook.
type TimingConfig struct {
	Grace          Duration `toml:"grace"`            // nothing is due this soon after ordering
	FirstWave      Duration `toml:"first_wave"`       // IM from here...
	FirstWaveEnd   Duration `toml:"first_wave_end"`   // ...to here
	SecondWave     Duration `toml:"second_wave"`      // SMS after this, once an IM went unanswered
	PhoneAfter     Duration `toml:"phone_after"`      // a new high-value buyer's call: this long after the order at the earliest
	AfterCall      Duration `toml:"after_call"`       // the notification SMS after an unanswered call: this long after it
	Cooldown       Duration `toml:"cooldown"`         // least time between two touches of one order
	Deadline       Duration `toml:"deadline"`         // default close deadline
	FlashDeadline  Duration `toml:"flash_deadline"`   // default close deadline of flash-sale orders
	HighTicketDays int      `toml:"high_ticket_days"` // follow high-ticket orders this many days from their first touch, then stop if never answered
	Quiet          []Window `toml:"quiet"`            // never contact (02:00-08:00)
	Meals          []Window `toml:"meals"`            // avoid (12:00-13:00, 18:00-19:00)
}

// DefaultMaxOrder is the most one order may cost unless the config says otherwise: the
// largest amount a config may name (¥10,000,000), so a config can only lower it.
const DefaultMaxOrder Fen = maxConfigFen

// ValueConfig splits orders by amount.
type ValueConfig struct {
	HighTicket Fen `toml:"high_ticket_fen"` // first-time buyers at or above this get a call
	LowTicket  Fen `toml:"low_ticket_fen"`  // below this: one light IM touch, no phone
	// MaxOrder is the most one order may cost: an export row above it is a row error.
	MaxOrder Fen `toml:"max_order_fen"`
}

// CapsConfig limits contact.
type CapsConfig struct {
	PerOrder          int `toml:"per_order"`            // contacts per order
	PerLowTicketOrder int `toml:"per_low_ticket_order"` // contacts per low-ticket order
	// SMSWindow: at most one SMS per buyer in any rolling window this long (24h).
	SMSWindow Duration `toml:"sms_window"`
	// PerBuyer: contacts with one buyer, over all their open orders (a contact touches them
	// all); 0 = only the per-order caps.
	PerBuyer int `toml:"per_buyer"`
	// PerBuyerDay: contacts with one buyer, over all their orders, in any rolling 24 hours;
	// 0 = no daily cap.
	PerBuyerDay int `toml:"per_buyer_day"`
}

// ChannelConfig holds the keyword rules for categories whose buyers dislike calls.
type ChannelConfig struct {
	CallAverse []string `toml:"call_averse_keywords"`
}

// RosterConfig lists the specialists on shift, for the hourly rotation of silent orders.
type RosterConfig struct {
	Operators  []string `toml:"operators"`
	ClaimLease Duration `toml:"claim_lease"`
	// Supervisors may revoke another specialist's events.
	Supervisors []string `toml:"supervisors"`
	// ColleagueWindow: a contact on a buyer whom a colleague touched this recently warns first.
	ColleagueWindow Duration `toml:"colleague_window"`
	// Shifts are [[roster.shift]]: silent orders rotate only among the specialists on shift,
	// and a reception agent's orders are theirs while they are on shift.
	Shifts []ShiftConfig `toml:"shift"`
	// UndoWindow: how long the workstation's u can take back one's own last action.
	UndoWindow Duration `toml:"undo_window"`
}

// Supervisor reports whether name is one of the roster's supervisors.
func (r *RosterConfig) Supervisor(name string) bool {
	return name != "" && slices.Contains(r.Supervisors, name)
}

// PayrollConfig is the bonus rule and the attribution window.
type PayrollConfig struct {
	LookBack        Duration `toml:"look_back"`
	PerRecoveredFen Fen      `toml:"per_recovered_fen"`
	PercentOfAmount float64  `toml:"percent_of_amount"` // of the recovered amount, rounded to the fen
	PerComplaintFen Fen      `toml:"per_complaint_fen"`
}

// PathsConfig points at user directories.
type PathsConfig struct {
	Scripts string `toml:"scripts"` // a directory whose scripts override or add to the built-in ones
	Inbox   string `toml:"inbox"`   // watched for new exports; "" = inbox/ beside the store
}

// Duration is a time.Duration that reads and writes as "30m" in the config file.
type Duration time.Duration

// UnmarshalText reads a Go duration ("30m", "72h").
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%w %q: %v", errDuration, b, err)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the duration as Go does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// D returns the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// Seconds returns the duration in whole seconds.
func (d Duration) Seconds() int64 { return int64(time.Duration(d) / time.Second) }

// Window is a daily time window in the shop's zone, "HH:MM-HH:MM". It may cross
// midnight: "22:00-02:00" covers 22:00 to 02:00 the next morning.
type Window struct {
	Start, End int32 // minutes after local midnight; End == Start means the whole day
}

// ParseWindow reads "HH:MM-HH:MM".
func ParseWindow(s string) (Window, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Window{}, fmt.Errorf("window %q: want HH:MM-HH:MM", s)
	}
	start, err := parseClock(a)
	if err != nil {
		return Window{}, fmt.Errorf("window %q: %w", s, err)
	}
	end, err := parseClock(b)
	if err != nil {
		return Window{}, fmt.Errorf("window %q: %w", s, err)
	}
	return Window{Start: start, End: end}, nil
}

func parseClock(s string) (int32, error) {
	var h, m int32
	if _, err := fmt.Sscanf(strings.TrimSpace(s), "%d:%d", &h, &m); err != nil || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("bad clock time %q", s)
	}
	return h*60 + m, nil
}

// String writes the window as ParseWindow reads it.
func (w Window) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", w.Start/60, w.Start%60, w.End/60, w.End%60)
}

// UnmarshalText reads "HH:MM-HH:MM".
func (w *Window) UnmarshalText(b []byte) error {
	v, err := ParseWindow(string(b))
	if err != nil {
		return fmt.Errorf("%w %q: %v", errWindow, b, err)
	}
	*w = v
	return nil
}

// MarshalText writes "HH:MM-HH:MM".
func (w Window) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// Contains reports whether minute-of-day m (0..1439) falls in the window.
func (w Window) Contains(m int32) bool {
	if w.Start == w.End {
		return true
	}
	if w.Start < w.End {
		return m >= w.Start && m < w.End
	}
	return m >= w.Start || m < w.End // crosses midnight
}

func mustWindows(ss ...string) []Window {
	out := make([]Window, len(ss))
	for i, s := range ss {
		w, err := ParseWindow(s)
		if err != nil {
			panic(err)
		}
		out[i] = w
	}
	return out
}

// DefaultConfig returns the playbook as the seeds describe it.
func DefaultConfig() Config {
	c := Config{
		Shop: ShopConfig{Name: DefaultShopName, TimeZone: "Asia/Shanghai", BuiltinSales: true},
		Timing: TimingConfig{
			Grace:          Duration(10 * time.Minute),
			FirstWave:      Duration(30 * time.Minute),
			FirstWaveEnd:   Duration(60 * time.Minute),
			SecondWave:     Duration(time.Hour),
			PhoneAfter:     Duration(2 * time.Hour),
			AfterCall:      Duration(15 * time.Minute),
			Cooldown:       Duration(time.Hour),
			Deadline:       Duration(72 * time.Hour),
			FlashDeadline:  Duration(30 * time.Minute),
			HighTicketDays: 5,
			Quiet:          mustWindows("02:00-08:00"),
			Meals:          mustWindows("12:00-13:00", "18:00-19:00"),
		},
		Weights: DefaultWeights,
		Windows: WindowsConfig{
			IM:              mustWindows("08:00-23:00"),
			IMSale:          mustWindows("00:00-02:00", "08:00-02:00"),
			Phone:           mustWindows("09:00-21:00"),
			SMSNotification: mustWindows("08:00-22:00"),
			SMSMarketing:    mustWindows("08:00-20:00"),
		},
		Value:   ValueConfig{HighTicket: 50000, LowTicket: 10000, MaxOrder: DefaultMaxOrder},
		Caps:    CapsConfig{PerOrder: 3, PerLowTicketOrder: 1, SMSWindow: Duration(24 * time.Hour)},
		Suspect: DefaultSuspect,
		Channel: ChannelConfig{CallAverse: []string{
			"饰品", "首饰", "项链", "耳环", "耳钉", "手链", "戒指", "发夹",
			"服装", "女装", "男装", "连衣裙", "T恤", "衬衫", "外套", "裤", "裙",
			"美妆", "化妆", "口红", "面膜", "护肤", "香水", "粉底",
		}},
		Roster: RosterConfig{ClaimLease: Duration(15 * time.Minute), Supervisors: []string{}, ColleagueWindow: Duration(30 * time.Minute),
			UndoWindow: Duration(30 * time.Second)},
		Payroll: PayrollConfig{LookBack: Duration(72 * time.Hour), PerRecoveredFen: 200, PercentOfAmount: 1, PerComplaintFen: 500},
		Report:  ReportConfig{MinOrders: 30, SMSPartFen: 5},
		Presale: PresaleConfig{Remind: Duration(6 * time.Hour)},
	}
	if err := c.Resolve(); err != nil {
		panic(err)
	}
	return c
}

// Resolve checks the config and loads its time zone.
func (c *Config) Resolve() error {
	tz := c.Shop.TimeZone
	if tz == "" {
		tz = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return configErr("time_zone", "shop.time_zone", tz, "Asia/Shanghai")
	}
	c.Location = loc
	if err := c.Shop.checkWords(); err != nil {
		return err
	}
	if err := c.Facts.check(); err != nil {
		return err
	}
	if _, err := c.configSales(); err != nil {
		return err
	}
	if err := c.checkWindows(); err != nil {
		return err
	}
	if err := c.Roster.checkShifts(); err != nil {
		return err
	}
	if err := c.Weights.check(); err != nil {
		return err
	}
	if err := c.checkValues(); err != nil {
		return err
	}
	if err := c.Suspect.check(); err != nil {
		return err
	}
	if err := c.Holdout.check(); err != nil {
		return err
	}
	if err := c.Report.check(); err != nil {
		return err
	}
	if err := c.Presale.check(); err != nil {
		return err
	}
	c.statuses = nil
	for pname, words := range c.Status {
		p, err := ParsePlatform(pname)
		if err != nil {
			return configErr("platform", "status."+pname, pname, "taobao, jd, pdd, douyin, shopify")
		}
		for w, v := range words {
			st, err := ParseStatus(v)
			if err != nil {
				return configErr("status", "status."+pname, v, w, "unpaid, paid, closed")
			}
			if c.statuses == nil {
				c.statuses = map[Platform]map[string]Status{}
			}
			if c.statuses[p] == nil {
				c.statuses[p] = map[string]Status{}
			}
			c.statuses[p][strings.TrimSpace(w)] = st
		}
	}
	return nil
}

// StatusWords returns the config's status words per platform (after Resolve), to add to or
// override the importers' built-in ones.
func (c *Config) StatusWords() map[Platform]map[string]Status { return c.statuses }
