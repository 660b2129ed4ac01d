//go:build !unix

package store

import "os"

// writable reports whether path's owner write bit is set: the best guess
// where access(2) is missing.
func writable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().Perm()&0o200 != 0
}
