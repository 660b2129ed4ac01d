//go:build unix

package store

import "golang.org/x/sys/unix"

// writable reports whether this process may write path, as the kernel
// decides: permission bits, a read-only mount, and root's exemption.
func writable(path string) bool { return unix.Access(path, unix.W_OK) == nil }
