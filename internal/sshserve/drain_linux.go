package sshserve

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// drain waits until nothing is left to read on the PTY master, or for limit.
func drain(master *os.File, limit time.Duration) {
	rc, err := master.SyscallConn()
	if err != nil {
		return
	}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		n := 0
		if err := rc.Control(func(fd uintptr) { n, _ = unix.IoctlGetInt(int(fd), unix.TIOCINQ) }); err != nil {
			return
		}
		if n == 0 {
			// The copier has read everything but may still be writing
			// its last read to the channel; on a loaded machine that
			// takes a while, and the session closing first loses it.
			time.Sleep(150 * time.Millisecond)
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
