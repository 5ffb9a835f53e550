package data

// addedSet is a Bloom filter of the orders an import added of a platform the store had no
// order of: a record it has not seen is a new order without asking the store, which spares
// a big first import a million index look-ups. A false "seen" (about 1 in 70 at the size it
// is made for) only costs a look-up. A map of a million hashes did the same with a cache
// miss on every access; the filter's few megabytes mostly stay in cache.
type addedSet struct {
	bits []uint64
	mask uint64 // bit positions are hash bits & mask
}

// newAddedSet makes a filter for about n orders: 16 bits each, a power of two in all.
func newAddedSet(n int) *addedSet {
	size := uint64(1 << 16)
	for size < uint64(n)*16 {
		size <<= 1
	}
	return &addedSet{bits: make([]uint64, size/64), mask: size - 1}
}

// probes are the filter's two bit positions for hash h.
func (a *addedSet) probes(h uint64) (uint64, uint64) {
	return h & a.mask, (h>>32 | h<<32) * 0x9e3779b97f4a7c15 >> 7 & a.mask
}

func (a *addedSet) add(h uint64) {
	i, j := a.probes(h)
	a.bits[i/64] |= 1 << (i % 64)
	a.bits[j/64] |= 1 << (j % 64)
}

func (a *addedSet) has(h uint64) bool {
	i, j := a.probes(h)
	return a.bits[i/64]&(1<<(i%64)) != 0 && a.bits[j/64]&(1<<(j%64)) != 0
}
