package queue

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// maxConfigFen bounds every amount in the config: ¥10,000,000.
const maxConfigFen Fen = 1_000_000_000

// mustBePositive are the durations that make no sense at zero: a deadline of nothing closes
// every order at once, a lease of nothing is no claim.
var mustBePositive = map[string]bool{
	"timing.deadline": true, "timing.flash_deadline": true, "roster.claim_lease": true, "payroll.look_back": true,
}

// checkValues walks the config's settings and says which one is out of range, by its key:
// every duration (not negative; some not zero), amount (0 to ¥10,000,000), count (not
// negative) and number (finite, not negative; a percent at most 100). The settings' own
// parsers have already refused what does not read at all ("banana" as a duration).
func (c *Config) checkValues() error {
	if err := checkStruct(reflect.ValueOf(c).Elem(), ""); err != nil {
		return err
	}
	t := &c.Timing
	switch {
	case t.FirstWave < t.Grace:
		return fmt.Errorf("timing.first_wave (%s) must not come before timing.grace (%s)", t.FirstWave.D(), t.Grace.D())
	case t.FirstWaveEnd < t.FirstWave:
		return fmt.Errorf("timing.first_wave_end (%s) must not come before timing.first_wave (%s)", t.FirstWaveEnd.D(), t.FirstWave.D())
	case t.AfterCall > Duration(AfterCallFresh):
		return fmt.Errorf("timing.after_call (%s) must be at most %s: later, \"I just called\" is no longer true", t.AfterCall.D(), AfterCallFresh)
	case c.Value.LowTicket > c.Value.HighTicket:
		return fmt.Errorf("value.low_ticket_fen (%d) is above value.high_ticket_fen (%d): an order cannot be both", c.Value.LowTicket, c.Value.HighTicket)
	case c.Caps.PerOrder < 1 || c.Caps.PerLowTicketOrder < 1:
		return fmt.Errorf("caps.per_order and caps.per_low_ticket_order must be at least 1")
	case c.Value.MaxOrder < 1:
		return fmt.Errorf("value.max_order_fen = %d: the most one order may cost must be at least 1 fen", c.Value.MaxOrder)
	}
	return nil
}

var (
	durationType = reflect.TypeFor[Duration]()
	fenType      = reflect.TypeFor[Fen]()
)

func checkStruct(v reflect.Value, prefix string) error {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if !f.IsExported() || tag == "" || tag == "-" {
			continue
		}
		key := prefix + tag
		fv := v.Field(i)
		switch {
		case f.Type == durationType:
			d := Duration(fv.Int())
			if d < 0 || (d == 0 && mustBePositive[key]) {
				return fmt.Errorf("%s = %q: must be a positive duration", key, d.D().String())
			}
		case f.Type == fenType:
			if a := Fen(fv.Int()); a < 0 || a > maxConfigFen {
				return fmt.Errorf("%s = %d: an amount in fen from 0 to %d (¥10,000,000)", key, a, maxConfigFen)
			}
		case f.Type.Kind() == reflect.Int:
			if fv.Int() < 0 {
				return fmt.Errorf("%s = %d: must not be negative", key, fv.Int())
			}
		case f.Type.Kind() == reflect.Float64:
			x := fv.Float()
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || (strings.HasPrefix(tag, "percent") && x > 100) {
				return fmt.Errorf("%s = %v: a number from 0 (to 100 for a percent)", key, x)
			}
		case f.Type.Kind() == reflect.Struct:
			if err := checkStruct(fv, key+"."); err != nil {
				return err
			}
		}
	}
	return nil
}
