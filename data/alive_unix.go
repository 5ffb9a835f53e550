//go:build unix

package data

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with id pid runs (signal 0 only checks).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
