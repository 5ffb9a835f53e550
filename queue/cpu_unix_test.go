//go:build unix

package queue

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used so far, in user and system mode: a
// benchmark's figure that the other programs on a shared machine disturb less than its
// wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
