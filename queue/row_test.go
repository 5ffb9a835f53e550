package queue

import "testing"

// TestRowPacksEveryValue checks that each of a row's packed facts reads back as written,
// for every value it can take.
func TestRowPacksEveryValue(t *testing.T) {
	tests := []struct {
		name   string
		sec    Section
		v      uint32
		score  int32
		nextAt int64
	}{
		{"due", SectionDue, 1234, 1234, 0},
		{"upcoming", SectionUpcoming, 1_900_000_000, 0, 1_900_000_000},
		{"upcoming past 2038", SectionUpcoming, 3_000_000_000, 0, 3_000_000_000},
		{"blocked", SectionBlocked, 77, 0, 0},
	}
	for _, tt := range tests {
		for ch := ChannelNone; ch <= ChannelPhone; ch++ {
			for rule := RuleOptedOut; rule < ruleCount; rule++ {
				for blk := BlockNone; blk <= BlockBlacklist; blk++ {
					for w := WaveFirst; w <= WaveRetry; w++ {
						for k := SMSNotification; k <= SMSMarketing; k++ {
							r := Row{v: tt.v, owner: -1, bits: uint16(tt.sec)<<rowSection | uint16(ch)<<rowChannel |
								uint16(rule)<<rowRule | uint16(blk)<<rowBlock | uint16(w)<<rowWave | uint16(k)<<rowSMSKind}
							if r.Section() != tt.sec || r.Channel() != ch || r.Rule() != rule || r.Block() != blk || r.Wave() != w || r.SMSKind() != k {
								t.Fatalf("%s: %v %v %v %v %v %v read back as %v %v %v %v %v %v", tt.name, tt.sec, ch, rule, blk, w, k,
									r.Section(), r.Channel(), r.Rule(), r.Block(), r.Wave(), r.SMSKind())
							}
							if r.Score() != tt.score || r.NextAt() != tt.nextAt || r.Owner() != -1 {
								t.Fatalf("%s: score %d next %d owner %d", tt.name, r.Score(), r.NextAt(), r.Owner())
							}
						}
					}
				}
			}
		}
	}
}
