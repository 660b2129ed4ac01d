package dataset

import (
	"bytes"
	"context"
	"os"
	"slices"
	"testing"

	"github.com/funnelscope/funnelscope/internal/store"
)

func TestLoadOnAReadOnlyStoreBuildsAStaleSnapshotWithoutWritingThenUsesTheCache(t *testing.T) {
	ctx := context.Background()
	rw := sampleStore(t, 200)
	if err := rw.DB().Close(); err != nil { // checkpoint the WAL so the file is the whole database
		t.Fatal(err)
	}
	path := rw.Path()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := store.OpenWith(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	built, cached, err := Load(ctx, ro)
	if err != nil {
		t.Fatalf("load with no cache on a read-only store: %v", err)
	}
	if cached || built.NumEvents() == 0 {
		t.Fatalf("cached=%v events=%d, want a fresh build with events", cached, built.NumEvents())
	}
	ro.Close()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("Load changed the database file")
	}

	rw2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rw2.Close()
	if _, err := Open(ctx, rw2); err != nil { // caches
		t.Fatal(err)
	}
	ro2, err := store.OpenWith(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro2.Close()
	fromCache, cached, err := Load(ctx, ro2)
	if err != nil || !cached {
		t.Fatalf("load after Open cached: cached=%v err=%v, want the cache", cached, err)
	}
	if !slices.Equal(fromCache.Time, built.Time) || !slices.Equal(fromCache.Name, built.Name) {
		t.Fatal("the cached snapshot differs from the one built without the cache")
	}
	key, _ := fromCache.KeyID("device")
	a, err := fromCache.Prop(key)
	if err != nil {
		t.Fatalf("properties from the cache of a read-only store: %v", err)
	}
	b, _ := built.Prop(key)
	if !slices.Equal(a, b) {
		t.Fatal("device column differs between the cached and the built snapshot")
	}
}
