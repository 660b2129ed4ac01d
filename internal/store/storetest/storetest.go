// Package storetest opens throwaway stores for the tests of the packages
// above the store. Production code must not import it.
package storetest

import (
	"path/filepath"
	"testing"

	"github.com/funnelscope/funnelscope/internal/store"
)

// Temp is a new, empty store in tb's temporary directory, closed when tb
// ends.
func Temp(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := st.Close(); err != nil {
			tb.Errorf("close the test store: %v", err)
		}
	})
	return st
}
