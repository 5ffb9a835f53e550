package queue

import (
	"reflect"
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
