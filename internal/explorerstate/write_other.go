//go:build !unix

package explorerstate

import (
	"os"
	"path/filepath"
)

// MayWrite reports whether the database at path and its directory look
// writable by their permission bits (the best other systems tell).
func MayWrite(path string) bool {
	for _, p := range []string{path, filepath.Dir(path)} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o200 == 0 {
			return false
		}
	}
	return true
}
