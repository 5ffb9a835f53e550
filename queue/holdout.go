package queue

import (
	"fmt"
	"math"
	"strconv"
)

// EventHoldout records the holdout share with a day's events (Reason: the share, Note: the
// salt's Fingerprint), so a later report knows which buyers were held out that day.
const EventHoldout EventKind = "holdout"

// HoldoutConfig is the `[holdout]` section: a stable share of buyers who are never
// contacted, so that `cuifu report` can tell what the reminders add to what buyers would
// have paid anyway.
type HoldoutConfig struct {
	Share float64 `toml:"share"` // 0 = no holdout; 0.05 keeps one buyer in twenty
	// Salt makes the shop's holdout its own. "" = the store's own random salt, made once; a
	// shop with several stores sets the same salt in each so they agree.
	Salt string `toml:"salt"`
}

// ReportConfig is the `[report]` section.
type ReportConfig struct {
	// MinOrders is the smallest group that gets a rate, and the smallest number of orders on
	// each side of a comparison with the holdout: below it the report says "not enough data".
	MinOrders  int `toml:"min_orders"`
	SMSPartFen Fen `toml:"sms_part_fen"` // the price of one SMS part, for the report's SMS cost
	// AB alternates the scripts that fit a buyer equally well by a stable hash of the
	// buyer, so each script of a segment is tried on a like share of its buyers.
	AB bool `toml:"ab"`
}

// maxHoldoutShare bounds the share: a holdout bigger than half the buyers is a mistake, not
// an experiment.
const maxHoldoutShare = 0.5

// check validates the holdout settings.
func (h *HoldoutConfig) check() error {
	if math.IsNaN(h.Share) || h.Share < 0 || h.Share > maxHoldoutShare {
		return configErr("share", "holdout.share", h.Share, fmt.Sprint(maxHoldoutShare))
	}
	return nil
}

// check validates the report settings.
func (r *ReportConfig) check() error {
	if r.MinOrders < 1 {
		return configErr("at_least_one", "report.min_orders", r.MinOrders)
	}
	if r.SMSPartFen < 0 || r.SMSPartFen > 100000 {
		return configErr("fen_range", "report.sms_part_fen", r.SMSPartFen, 100000, "1,000")
	}
	return nil
}

// HoldoutPoint places a buyer in [0, 1) by a hash of the salt and the buyer's identity on
// its platform. It is FNV-1a with a 64-bit finaliser, written out here so that it never
// changes with the Go version or the process: a buyer is in the holdout when the point is
// below the share, the same buyer in every process on every day, and raising the share
// only adds buyers.
func HoldoutPoint(salt string, p Platform, nick string) float64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= prime
		}
		h ^= 0xff // a separator no UTF-8 text contains, so ("ab","c") ≠ ("a","bc")
		h *= prime
	}
	add(salt)
	add(p.String())
	add(nick)
	return unitOf(h)
}

// unitOf turns a hash into a point of [0, 1). splitmix64's finaliser first spreads FNV's
// weak low bits over the whole word.
func unitOf(h uint64) float64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return float64(h>>11) / (1 << 53)
}

// InHoldout reports whether the buyer is in the holdout at share.
func InHoldout(share float64, salt string, p Platform, nick string) bool {
	return share > 0 && HoldoutPoint(salt, p, nick) < share
}

// Member reports whether the buyer is in this config's holdout.
func (h *HoldoutConfig) Member(p Platform, nick string) bool {
	return InHoldout(h.Share, h.Salt, p, nick)
}

// Fingerprint names the salt without giving it away, so the share recorded with a day's
// events says which salt it was drawn with.
func (h *HoldoutConfig) Fingerprint() string {
	return strconv.FormatUint(uint64(HoldoutPoint(h.Salt, PlatformUnknown, "")*(1<<32)), 16)
}

// holdoutCache is a snapshot's per-buyer holdout membership for one (share, salt).
type holdoutCache struct {
	share float64
	salt  string
	in    []bool // by buyer index
}

// holdouts returns whether each buyer of the snapshot is in the holdout, or nil when there
// is none. A buyer's platform comes from its orders (buyers are per platform). It is worked
// out once per snapshot and setting, not once per ranking: the hash is the costly part.
func (s *Snapshot) holdouts(h *HoldoutConfig) []bool {
	if h.Share <= 0 {
		return nil
	}
	c := s.holdout
	if c != nil && c.share == h.Share && c.salt == h.Salt && len(c.in) == len(s.Buyers) {
		return c.in
	}
	c = &holdoutCache{share: h.Share, salt: h.Salt, in: make([]bool, len(s.Buyers))}
	done := make([]bool, len(s.Buyers))
	for i := range s.Orders {
		o := &s.Orders[i]
		if b := o.Buyer; b >= 0 && int(b) < len(done) && !done[b] {
			done[b] = true
			c.in[b] = h.Member(o.Platform, s.Buyers[b].Nick)
		}
	}
	s.holdout = c
	return c.in
}
