package sshserve

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// drain waits until nothing is left to read on the PTY master, or for max.
func drain(master *os.File, max time.Duration) {
	rc, err := master.SyscallConn()
	if err != nil {
		return
	}
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		n := 0
		if err := rc.Control(func(fd uintptr) { n, _ = unix.IoctlGetInt(int(fd), unix.TIOCINQ) }); err != nil {
			return
		}
		if n == 0 {
			time.Sleep(20 * time.Millisecond) // the copier still writes what it read last
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
