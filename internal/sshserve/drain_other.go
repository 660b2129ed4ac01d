//go:build !linux

package sshserve

import (
	"os"
	"time"
)

// drain gives the PTY copier a moment to pass on the last bytes.
func drain(_ *os.File, limit time.Duration) { time.Sleep(min(limit, 100*time.Millisecond)) }
