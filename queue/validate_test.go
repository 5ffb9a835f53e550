package queue

import (
	"strings"
	"testing"
)

// TestConfigValuesChecked loads configs with a value out of range and checks that each is
// refused with an error naming its key.
func TestConfigValuesChecked(t *testing.T) {
	for _, tc := range []struct{ toml, want string }{
		{"[facts]\ncutoff = \"banana\"", "facts.cutoff"},
		{"[shop]\ncut_off = \"banana\"", "shop.cut_off"}, // moved to [facts]: an unknown setting
		{"[timing]\ncooldown = \"banana\"", "timing.cooldown"},
		{"[timing]\ncooldown = \"-1h\"", "timing.cooldown"},
		{"[timing]\nsecond_wave = \"-30m\"", "timing.second_wave"},
		{"[timing]\ndeadline = \"-72h\"", "timing.deadline"},
		{"[timing]\ndeadline = \"0s\"", "timing.deadline"},
		{"[timing]\ngrace = \"-1m\"", "timing.grace"},
		{"[timing]\nphone_after = \"-2h\"", "timing.phone_after"},
		{"[timing]\nfirst_wave_end = \"20m\"", "timing.first_wave_end"},
		{"[timing]\nhigh_ticket_days = -1", "timing.high_ticket_days"},
		{"[payroll]\nlook_back = \"-72h\"", "payroll.look_back"},
		{"[roster]\nclaim_lease = \"-15m\"", "roster.claim_lease"},
		{"[payroll]\npercent_of_amount = -50.0", "payroll.percent_of_amount"},
		{"[payroll]\npercent_of_amount = nan", "payroll.percent_of_amount"},
		{"[payroll]\npercent_of_amount = inf", "payroll.percent_of_amount"},
		{"[payroll]\npercent_of_amount = 150.0", "payroll.percent_of_amount"},
		{"[payroll]\nper_complaint_fen = -500", "payroll.per_complaint_fen"},
		{"[payroll]\nper_recovered_fen = -200", "payroll.per_recovered_fen"},
		{"[value]\nlow_ticket_fen = 90000", "value.low_ticket_fen (90000) is above value.high_ticket_fen"},
		{"[value]\nhigh_ticket_fen = 100000000000000000", "value.high_ticket_fen"},
		{"[caps]\nper_order = 0", "caps.per_order"},
		{"[timing]\nquiet = [\"02:00-02:00\"]", "timing.quiet"},
		{"[windows]\nphone = [\"21:00-09:00\", \"09:00-21:00\"]\n[timing]\nquiet = [\"00:00-24:00\"]", "timing.quiet"},
	} {
		_, err := ParseConfig([]byte(tc.toml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one naming %q", tc.toml, err, tc.want)
		}
	}
	if _, err := ParseConfig([]byte("[payroll]\npercent_of_amount = 0.0\nper_complaint_fen = 0\n[timing]\ngrace = \"0s\"")); err != nil {
		t.Errorf("zero bonus and grace: %v", err)
	}
}
