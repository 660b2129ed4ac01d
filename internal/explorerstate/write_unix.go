//go:build unix

package explorerstate

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// MayWrite reports whether this process may write the database at path
// and create files beside it (its -wal and -shm), as the kernel decides:
// permission bits, a read-only mount, and root's exemption.
func MayWrite(path string) bool {
	return unix.Access(path, unix.W_OK) == nil && unix.Access(filepath.Dir(path), unix.W_OK) == nil
}
