package ui

import (
	"os"
	"runtime/debug"
)

// Go collects garbage when the heap has grown by GOGC percent of what was live after the
// last collection. With a million orders in memory, the default lets hundreds of megabytes
// of a frame's short-lived strings pile up before a collection, so every frame writes to
// fresh, cold memory and a keystroke gets slower as the queue grows. The workstation keeps
// that allowance near a fixed size instead: a collection then marks the big, pointer-light
// snapshot more often (on the other core), and frames reuse memory that is still in cache.
const (
	gcGarbage  = 48 << 20 // short-lived bytes allowed between collections
	gcPerOrder = 250      // the queue's memory per order (its budget), for the estimate
	gcBase     = 16 << 20 // the rest of the workstation
)

// gcPercentFor returns the GOGC percentage that allows about gcGarbage between collections
// with n orders loaded: 100 (Go's default) for small queues, down to 10 for huge ones.
func gcPercentFor(n int) int {
	live := n*gcPerOrder + gcBase
	return min(max(100*gcGarbage/live, 10), 100)
}

// userGOGC is whether the user chose GOGC for this process: then it is left alone.
var userGOGC = os.Getenv("GOGC") != ""

// paceGC applies gcPercentFor for a newly loaded queue, unless the user set GOGC.
func paceGC(n int) {
	if userGOGC {
		return
	}
	debug.SetGCPercent(gcPercentFor(n))
}
