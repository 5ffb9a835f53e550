package queue

import "unsafe"

// part is what one worker learns while it evaluates its contiguous part of the orders: how
// many rows fall in each section, and how many keys have each value of each sort digit.
type part struct {
	sections [4]int
	// [from, to) is the worker's part of the orders (splitParts). grouping counts the rows
	// of buyers with several open orders that their lead and group come from, listed at the
	// start of the worker's part of the output by the general way (evaluateApart, group);
	// grouped where they lie, a buyer's rows are read where they are (groupRun).
	from, to, grouping int
	// whole: each buyer with several open orders in the part has them all there, one after
	// another (see groupRun); groups: the part has such a buyer.
	whole, groups bool
	// hist counts in 32 bits (a snapshot has fewer than 1<<31 orders), so both digits'
	// counts fit the core's first-level cache: every order adds to a random one of each.
	hist [keyDigits][digitBuckets]int32
}

// count counts the digits of sort key k (without its index).
func (p *part) count(k uint64) {
	p.hist[0][k&(digitBuckets-1)]++
	p.hist[1][k>>digitBits&(digitBuckets-1)]++
}

// uncount takes back count(k), for a key that changed after it was counted.
func (p *part) uncount(k uint64) {
	p.hist[0][k&(digitBuckets-1)]--
	p.hist[1][k>>digitBits&(digitBuckets-1)]--
}

// The sort key (see sortKey) is two digits of a radix sort: the section, then the section's
// measure. Two passes over a million keys cost less than three; 12-bit digits keep each
// pass's buckets in the core's cache.
const (
	digitBits    = 12
	digitBuckets = 1 << digitBits
	keyDigits    = 2
	measureBits  = keyDigits*digitBits - 2 // below the section's 2 bits
)

// maxScore bounds the urgency points a due row can have. Scores stay well below it (about
// 2,200 at most); the bound keeps the sort key short.
const maxScore = 1<<12 - 1

// A due row's measure tells older orders from newer among equal scores in dueAgeUnit steps,
// dueAgeBits of them: 1,024 five-minute steps cover 85 hours, past the default 72-hour
// deadline.
const (
	dueAgeBits = measureBits - 12
	dueAgeUnit = 300
)

// sortKey packs a row's place into keyDigits digits: the section, then the section's
// measure. Due rows: more urgency points first, older orders first among equals. Upcoming
// rows: sooner due time first (to the second, 48 days ahead). Blocked rows: newer orders
// first (to the minute). Equal keys keep the snapshot's (deterministic) order because the
// radix sort is stable.
//
// It takes the row's section and v (its score or due time), not the row: see evaluate.
func (ev *evaluator) sortKey(sec Section, v uint32, created int64) uint64 {
	const limit = 1<<measureBits - 1
	var m int64
	switch sec {
	case SectionDue:
		inv := int64(maxScore - min(int64(v), maxScore))
		age := min(max(ev.now-created, 0)/dueAgeUnit, 1<<dueAgeBits-1)
		m = inv<<dueAgeBits | (1<<dueAgeBits - 1 - age)
	case SectionUpcoming:
		m = int64(v) - ev.now
	default:
		m = (ev.now - created) / 60
	}
	m = min(max(m, 0), limit)
	return keySection[sec]<<measureBits | uint64(m)
}

// sortRows puts the rows of eval into out in the order of their keys (one per row, with the
// row's index in the low lo bits). It is an LSD radix sort of the key's digits above lo that
// skips a digit every key shares. The sort is stable, so bits below lo keep the order the
// keys came in: the index is already in order and need not be sorted. The last pass moves
// the rows themselves, so no separate gather is needed. A row's Order is written from its
// index (the general way keeps other things there until the sort: see group), unless the
// rows carry their own (carry: grouped where they lie, a lead may have changed places with
// its group: see groupRun).
//
// Each pass runs on every core: each worker counts its own contiguous part of the keys,
// and the counts give every worker its own places in each bucket, in worker order, so the
// result is the same as one stable pass. parts holds each worker's counts of the keys as
// they come in (Rank makes them while it evaluates), so the first pass needs no counting of
// its own. Each pass splits the keys as the evaluation split the orders (parts' from and to).
// Two passes over a snapshot small enough keep 32 bits of each key between them (sortNarrow).
// keys, tmp and parts' counts are all overwritten.
func sortRows(keys, tmp []uint64, lo int, parts []part, eval, out []Row, carry bool) {
	n := len(keys)
	if n == 0 {
		return
	}
	mask := uint64(1)<<lo - 1
	var passes []int
	for d := 0; d < keyDigits; d++ {
		b := (keys[0] >> (lo + d*digitBits)) & (digitBuckets - 1)
		same := 0
		for w := range parts {
			same += int(parts[w].hist[d][b])
		}
		if same != n {
			passes = append(passes, d)
		}
	}
	if len(passes) == 0 { // already in order
		parallel(n, func(lo0, hi int) {
			for i := lo0; i < hi; i++ {
				putRow(&out[i], eval, keys[i]&mask, carry)
			}
		})
		return
	}
	if len(passes) == 2 && lo+digitBits <= 32 {
		sortNarrow(keys, tmp, lo, parts, eval, out, carry)
		return
	}
	src, dst := keys, tmp
	for p, d := range passes {
		shift := uint(lo + d*digitBits)
		if p > 0 { // the counts from Rank are of the keys in their first order only
			eachPart(parts, func(w, lo0, hi int) {
				h := &parts[w].hist[d]
				*h = [digitBuckets]int32{}
				for _, k := range src[lo0:hi] {
					h[(k>>shift)&(digitBuckets-1)]++
				}
			})
		}
		places(parts, d)
		last := p == len(passes)-1
		eachPart(parts, func(w, lo0, hi int) {
			h := &parts[w].hist[d]
			if last {
				for _, k := range src[lo0:hi] {
					b := (k >> shift) & (digitBuckets - 1)
					putRow(&out[h[b]], eval, k&mask, carry)
					h[b]++
				}
				return
			}
			for _, k := range src[lo0:hi] {
				b := (k >> shift) & (digitBuckets - 1)
				dst[h[b]] = k
				h[b]++
			}
		})
		src, dst = dst, src
	}
}

// putRow writes eval[j] to dst with its Order, which is j, unless the rows carry their
// Order (carry). The Order is written over the copy where it lands: a row changed on the way
// would be stored and loaded whole again.
func putRow(dst *Row, eval []Row, j uint64, carry bool) {
	*dst = eval[j]
	if !carry {
		dst.Order = int32(j)
	}
}

// places turns the workers' counts of digit d into each worker's first place in each bucket:
// the buckets in order, and within each the workers in order, so the pass is stable.
func places(parts []part, d int) {
	sum := int32(0)
	for b := 0; b < digitBuckets; b++ {
		for w := range parts {
			c := parts[w].hist[d][b]
			parts[w].hist[d][b] = sum
			sum += c
		}
	}
}

// sortNarrow is sortRows' two passes when the high digit and the row's index fit in 32 bits
// together (lo+digitBits <= 32: a snapshot of fewer than 1<<20 orders): the first pass keeps only
// those of each key, in half of tmp's memory, so the keys between the passes are half as
// many bytes to write and to read twice.
func sortNarrow(keys, tmp []uint64, lo int, parts []part, eval, out []Row, carry bool) {
	// tmp's memory as 32-bit words (the first half of it): it holds no pointers, and a
	// slice of its own would cost the queue 4 bytes per order.
	mid := unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(tmp))), len(keys))
	mask := uint64(1)<<lo - 1
	places(parts, 0)
	eachPart(parts, func(w, from, to int) {
		h := &parts[w].hist[0]
		for _, k := range keys[from:to] {
			b := (k >> lo) & (digitBuckets - 1)
			mid[h[b]] = uint32(k>>(lo+digitBits)&(digitBuckets-1))<<lo | uint32(k&mask)
			h[b]++
		}
	})
	eachPart(parts, func(w, from, to int) {
		h := &parts[w].hist[1]
		*h = [digitBuckets]int32{}
		for _, k := range mid[from:to] {
			h[k>>lo]++
		}
	})
	places(parts, 1)
	eachPart(parts, func(w, from, to int) {
		h := &parts[w].hist[1]
		for _, k := range mid[from:to] {
			b := k >> lo
			putRow(&out[h[b]], eval, uint64(k&uint32(mask)), carry)
			h[b]++
		}
	})
}
