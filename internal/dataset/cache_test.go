package dataset

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/store"
)

// failCacheWrites makes every write of st's snapshot cache fail as a full
// disk would, after the events are in: SQLite itself refuses the insert.
func failCacheWrites(t *testing.T, st *store.Store) {
	t.Helper()
	_, err := st.DB().Exec(`CREATE TRIGGER full_disk BEFORE INSERT ON snapshot_cache
		BEGIN SELECT RAISE(ABORT, 'database or disk is full (injected)'); END`)
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenReturnsTheBuiltSnapshotWithACacheErrorWhenOnlyTheCacheWriteFails(t *testing.T) {
	ctx := context.Background()
	st := sampleStore(t, 100)
	failCacheWrites(t, st)
	log, err := Open(ctx, st)
	var ce *CacheError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "disk is full (injected)") {
		t.Fatalf("Open with a failing cache write: %v, want a *CacheError with the reason", err)
	}
	if log == nil || log.NumEvents() == 0 {
		t.Fatal("Open returned no snapshot beside the cache error")
	}
	if _, cached, err := Load(ctx, st); err != nil || cached {
		t.Errorf("after the failed write: cached=%v, %v; want no cache", cached, err)
	}
}

func TestOpenOnAReadOnlyStoreCachesTheSnapshotOfADatabaseItMayWrite(t *testing.T) {
	ctx := context.Background()
	rw := sampleStore(t, 100)
	path := rw.Path()
	ro, err := store.OpenWith(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, cached, err := Load(ctx, ro); err != nil || cached {
		t.Fatalf("before: cached=%v, %v; want no cache yet", cached, err)
	}
	if _, err := Open(ctx, ro); err != nil {
		t.Fatal(err)
	}
	if _, cached, err := Load(ctx, ro); err != nil || !cached {
		t.Errorf("after Open on the read-only store: cached=%v, %v; want the cache written", cached, err)
	}
}
