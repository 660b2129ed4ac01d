package store

import "testing"

// SetCacheChunk lowers the snapshot cache's chunk size for tb, so that
// tests outside the package can split small columns over several rows.
func SetCacheChunk(tb testing.TB, n int64) {
	old := cacheChunk
	cacheChunk = n
	tb.Cleanup(func() { cacheChunk = old })
}
