package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestADatabaseWithoutTheExplorerStateTableHasNoState(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.db.Exec(`DROP TABLE explorer_state`); err != nil { // as in a file from before the table
		t.Fatal(err)
	}
	if _, ok, err := s.ExplorerState(context.Background(), "ana"); ok || err != nil {
		t.Errorf("ExplorerState on a database without explorer_state = %v %v, want no state and no error", ok, err)
	}
}
