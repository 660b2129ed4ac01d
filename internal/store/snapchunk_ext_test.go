package store_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
)

// sameLog fails t unless got encodes to want's columns and decodes the
// property key's column alike (read through the lazy property source).
func sameLog(t *testing.T, got, want *snapshot.Log) {
	t.Helper()
	g, err := got.Encode()
	if err != nil {
		t.Fatal(err)
	}
	w, err := want.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for col, wb := range w {
		if !bytes.Equal(g[col], wb) {
			t.Errorf("column %s: %d bytes, want the build's %d", col, len(g[col]), len(wb))
		}
	}
	key, ok := got.KeyID("device")
	if !ok {
		t.Fatal("no device key")
	}
	gp, gerr := got.Prop(key)
	wp, werr := want.Prop(key)
	if gerr != nil || werr != nil || !slices.Equal(gp, wp) {
		t.Errorf("device column differs from the build's (%v, %v)", gerr, werr)
	}
}

func TestASnapshotCachedInManySmallChunksOpensEqualToTheBuild(t *testing.T) {
	store.SetCacheChunk(t, 1024)
	ctx := context.Background()
	st := datasettest.SampleStore(t, 300)
	want, err := dataset.Build(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if err := dataset.Refresh(ctx, st); err != nil {
		t.Fatal(err)
	}
	var rows, chunked int
	if err := st.DB().QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE name LIKE 'prop_data#%') FROM snapshot_cache`).
		Scan(&rows, &chunked); err != nil {
		t.Fatal(err)
	}
	if chunked < 2 || rows <= len(snapshot.StreamColumns) {
		t.Fatalf("%d rows, %d of them prop_data chunks: the test does not span chunks", rows, chunked)
	}
	got, cached, err := dataset.Load(ctx, st)
	if err != nil || !cached {
		t.Fatalf("load: cached %v, %v; want the chunked cache read", cached, err)
	}
	sameLog(t, got, want)
}

func TestACacheOfAnOlderVersionIsRebuiltNotRead(t *testing.T) {
	store.SetCacheChunk(t, 1024)
	ctx := context.Background()
	st := datasettest.SampleStore(t, 100)
	want, err := dataset.Open(ctx, st) // builds and caches
	if err != nil {
		t.Fatal(err)
	}
	// A version 2 cache kept a column in one row: mark this one so, and
	// drop a chunk that a version 2 reader would not know of.
	if _, err := st.DB().Exec(`UPDATE snapshot_meta SET version = ?`, snapshot.CacheVersion-1); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`DELETE FROM snapshot_cache WHERE name = 'prop_data#1'`); err != nil {
		t.Fatal(err)
	}
	got, err := dataset.Open(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	sameLog(t, got, want)
	var v, n int
	if err := st.DB().QueryRow(`SELECT version, (SELECT COUNT(*) FROM snapshot_cache WHERE name = 'prop_data#1') FROM snapshot_meta`).
		Scan(&v, &n); err != nil {
		t.Fatal(err)
	}
	if v != snapshot.CacheVersion || n != 1 {
		t.Errorf("cache version %d with %d prop_data#1 rows after open, want %d rebuilt with one", v, n, snapshot.CacheVersion)
	}
}
