package queue

import (
	"reflect"
	"strings"
	"testing"
)

func TestDefaultConfigTOMLMatchesDefaults(t *testing.T) {
	got, err := ParseConfig([]byte(DefaultConfigTOML))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	got.Location, want.Location = nil, nil
	if got.Roster.Operators == nil {
		got.Roster.Operators = nil
	}
	if len(got.Roster.Operators) == 0 {
		got.Roster.Operators = want.Roster.Operators
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the commented default config differs from DefaultConfig:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, bad := range []string{
		"[shop]\ntime_zone = \"Mars/Olympus\"",
		"[timing]\nquiet = [\"2-8\"]",
		"[caps]\nper_order = 0",
		"[value]\nmax_order_fen = 0",
		"[value]\nmax_order_fen = -100",
		"[shop]\nnmae = \"typo\"",
		"[shop]\nsale_day = \"11/11\"",
	} {
		if _, err := ParseConfig([]byte(bad)); err == nil {
			t.Errorf("ParseConfig accepted %q", bad)
		}
	}
	c, err := ParseConfig([]byte("[shop]\nname = \"小美家居\"\n[caps]\nper_order = 2"))
	if err != nil || c.Shop.Name != "小美家居" || c.Caps.PerOrder != 2 || c.Caps.PerLowTicketOrder != 1 {
		t.Fatalf("override: %+v %v", c.Caps, err)
	}
}

func TestConfigStatusWords(t *testing.T) {
	tests := []struct {
		name, toml string
		want       map[Platform]map[string]Status
		err        string
	}{
		{"none", "", nil, ""},
		{"a JD unpaid word", "[status.jd]\n\"等待付款\" = \"unpaid\"\n", map[Platform]map[string]Status{PlatformJD: {"等待付款": StatusUnpaid}}, ""},
		{"two platforms", "[status.pdd]\n\"未发货，退款成功\" = \"closed\"\n[status.Douyin]\n\"待付款\" = \"unpaid\"\n",
			map[Platform]map[string]Status{PlatformPDD: {"未发货，退款成功": StatusClosed}, PlatformDouyin: {"待付款": StatusUnpaid}}, ""},
		{"unknown platform", "[status.amazon]\n\"x\" = \"paid\"\n", nil, "status.amazon"},
		{"unknown status", "[status.jd]\n\"x\" = \"maybe\"\n", nil, "want unpaid, paid, closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig([]byte(tt.toml))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.StatusWords(); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// A config written by an older cuifu still loads when it holds a setting that was retired,
// and a setting that moved is refused with its new name.
func TestRetiredAndMovedSettings(t *testing.T) {
	if _, err := ParseConfig([]byte("[timing]\npeaks = [\"20:00-23:00\"]\n")); err != nil {
		t.Errorf("a retired setting stopped the config: %v", err)
	}
	_, err := ParseConfig([]byte("[shop]\ncut_off = \"17:00\"\n"))
	if err == nil || !strings.Contains(err.Error(), "[facts] cutoff") {
		t.Errorf("a moved setting: %v, want the new name", err)
	}
	if _, err := ParseConfig([]byte("[timing]\npeeks = 1\n")); err == nil {
		t.Error("a misspelt setting loaded")
	}
}

// TestKeyLine: a config error is placed at the line that sets its key, in a table, an array
// of tables (the second [[sale]]) or a table the key names itself.
func TestKeyLine(t *testing.T) {
	file := []byte("[shop]\nname = \"x\"  # 店名\n\n[timing] # 时间\ncooldown = \"-1h\"\n[[sale]]\nname = \"a\"\n[[sale]]\nend = \"x\"\n[status.jd]\n\"x\" = \"maybe\"\n")
	for key, want := range map[string]int{"shop.name": 2, "timing.cooldown": 5, "sale[1].name": 7, "sale[2].end": 9,
		"sale[2].name": 8, "status.jd": 10, "timing.grace": 4, "shop.bogus": 1, "holdout.share": 0} {
		if got := keyLine(file, key); got != want {
			t.Errorf("%s: line %d, want %d", key, got, want)
		}
	}
}
