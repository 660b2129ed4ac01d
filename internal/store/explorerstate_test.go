package store

import (
	"context"
	"testing"
)

func TestADatabaseWithoutTheExplorerStateTableHasNoState(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.db.Exec(`DROP TABLE explorer_state`); err != nil { // as in a file from before the table
		t.Fatal(err)
	}
	if _, ok, err := s.ExplorerState(context.Background(), "ana"); ok || err != nil {
		t.Errorf("ExplorerState on a database without explorer_state = %v %v, want no state and no error", ok, err)
	}
}
