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
		return configErr("not_before", "timing.first_wave", t.FirstWave.D(), "timing.grace", t.Grace.D())
	case t.FirstWaveEnd < t.FirstWave:
		return configErr("not_before", "timing.first_wave_end", t.FirstWaveEnd.D(), "timing.first_wave", t.FirstWave.D())
	case t.AfterCall > Duration(AfterCallFresh):
		return configErr("after_call", "timing.after_call", t.AfterCall.D(), AfterCallFresh)
	case c.Value.LowTicket > c.Value.HighTicket:
		return configErr("low_above_high", "value.low_ticket_fen", c.Value.LowTicket, "value.high_ticket_fen", fmt.Sprint(int64(c.Value.HighTicket)))
	case c.Caps.PerOrder < 1:
		return configErr("at_least_one", "caps.per_order", c.Caps.PerOrder)
	case c.Caps.PerLowTicketOrder < 1:
		return configErr("at_least_one", "caps.per_low_ticket_order", c.Caps.PerLowTicketOrder)
	case c.Value.MaxOrder < 1:
		return configErr("at_least_one", "value.max_order_fen", c.Value.MaxOrder)
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
			if d < 0 {
				return configErr("duration_negative", key, d.D())
			}
			if d == 0 && mustBePositive[key] {
				return configErr("duration_zero", key, d.D())
			}
		case f.Type == fenType:
			if a := Fen(fv.Int()); a < 0 || a > maxConfigFen {
				return configErr("fen_range", key, int64(a), int64(maxConfigFen), "10,000,000")
			}
		case f.Type.Kind() == reflect.Int:
			if fv.Int() < 0 {
				return configErr("negative", key, fv.Int())
			}
		case f.Type.Kind() == reflect.Float64:
			x := fv.Float()
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || (strings.HasPrefix(tag, "percent") && x > 100) {
				return configErr("number_range", key, x)
			}
		case f.Type.Kind() == reflect.Struct:
			if err := checkStruct(fv, key+"."); err != nil {
				return err
			}
		}
	}
	return nil
}
