package queue

import (
	"math/bits"
)

// score is the urgency of a due order, by the [weights] of the config: the close deadline
// dominates, then how fresh the wave is, then the value. It is an integer so the ranking is
// exact and fast.
func (ev *evaluator) score(o *Order, deadline int64, row Row) int32 {
	return ev.scoreOf(o, deadline, row.Why, row.Wave(), row.Rule())
}

// scoreOf is score on the row's parts, as evaluate has them before it makes the row.
func (ev *evaluator) scoreOf(o *Order, deadline int64, why Why, wave Wave, rule ChannelRule) int32 {
	w := &ev.cfg.Weights
	// All of Deadline at the deadline, half with an hour left, ~1/73 at 72 hours.
	left := max(deadline-ev.now, 0)
	var s int64
	if d := w.Deadline; d >= 0 && d <= maxScore {
		// In 32 bits, which divide faster (the points are 0 anyway with 2^30 s left).
		s = int64(uint32(d*3600) / uint32(min(left, 1<<30)+3600))
	} else {
		s = int64(d) * 3600 / (left + 3600)
	}
	// Value: points per doubling of the amount in yuan, up to ValueMax.
	s += min(int64(w.ValuePerDoubling)*int64(bits.Len64(uint64(max(o.Amount, 0)/100))), int64(w.ValueMax))
	if why&WhyBalance != 0 {
		// The deposit is at stake too: the buyer loses it if the balance is not paid.
		s += int64(40 * bits.Len64(uint64(max(o.Deposit, 0)/100)))
	}
	// The rest without branches: random orders make them mispredict. Fresh orders convert
	// best; a promised callback is a date with the buyer; 谁接待谁催付: the owner's own
	// orders first.
	c := &o.Contact
	s += [...]int64{WaveFirst: int64(w.FirstWave), WaveSecond: int64(w.SecondWave), WaveRetry: int64(w.Retry), WaveLate: int64(w.LateFirst)}[wave&3] +
		int64(w.NewHighValue)*int64(b2u(rule == RuleNewHighValue)) +
		int64(w.Callback)*int64(b2u(c.CallbackPending())) +
		int64(w.Mine)*int64(why&WhyMine/WhyMine)
	return int32(s)
}

// WeightsConfig is how the ranking scores a due order: the points of each part, higher
// first. A fresh order outranks one that sat untouched for a day, whatever the two amounts,
// while FirstWave stays above ValueMax + LateFirst + Deadline/50 (the load checks it).
type WeightsConfig struct {
	Deadline         int `toml:"deadline"`           // at the close deadline; half with an hour left
	ValuePerDoubling int `toml:"value_per_doubling"` // per doubling of the amount in yuan
	ValueMax         int `toml:"value_max"`          // the value's points stop here
	FirstWave        int `toml:"first_wave"`         // in its first wave (30–60 min after the order)
	SecondWave       int `toml:"second_wave"`
	Retry            int `toml:"retry"`
	LateFirst        int `toml:"late_first"`     // untouched past its first wave
	NewHighValue     int `toml:"new_high_value"` // a new high-value buyer
	Callback         int `toml:"callback"`       // a callback the buyer promised
	Mine             int `toml:"mine"`           // the viewer's own order (谁接待谁催付)
}

// DefaultWeights are the ranking's built-in points.
var DefaultWeights = WeightsConfig{Deadline: 1000, ValuePerDoubling: 40, ValueMax: 400, FirstWave: 500, SecondWave: 60,
	Retry: 30, LateFirst: 30, NewHighValue: 50, Callback: 120, Mine: 40}

// check says what is wrong with the weights, or nil: a fresh order must outrank an older,
// larger one, and the most points an order can get must fit the sort key.
func (w *WeightsConfig) check() error {
	if w.FirstWave <= w.ValueMax+w.LateFirst+w.Deadline/50 {
		return configErr("first_wave_weight", "weights.first_wave", w.FirstWave, "value_max + late_first + deadline/50", int(w.ValueMax+w.LateFirst+w.Deadline/50))
	}
	most := w.Deadline + w.ValueMax + max(w.FirstWave, w.SecondWave, w.Retry, w.LateFirst) + w.NewHighValue + w.Callback + w.Mine
	if most > maxScore {
		return configErr("weights_max", "weights", most, int(maxScore))
	}
	return nil
}
