package dataset

import (
	"context"
	"slices"
	"testing"

	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/sample"
)

func sampleStore(t testing.TB, users int) *store.Store { return datasettest.SampleStore(t, users) }

func TestSnapshotFromCacheEqualsAFreshBuild(t *testing.T) {
	ctx := context.Background()
	st := sampleStore(t, 300)
	first, err := Open(ctx, st) // builds and caches
	if err != nil {
		t.Fatal(err)
	}
	cached, err := Open(ctx, st) // decodes the cache
	if err != nil {
		t.Fatal(err)
	}
	if first.NumEvents() == 0 || cached.NumEvents() != first.NumEvents() || cached.NumUsers() != first.NumUsers() {
		t.Fatalf("events %d/%d users %d/%d", first.NumEvents(), cached.NumEvents(), first.NumUsers(), cached.NumUsers())
	}
	if !slices.Equal(first.Time, cached.Time) || !slices.Equal(first.Name, cached.Name) ||
		!slices.Equal(first.Offsets, cached.Offsets) || !slices.Equal(first.Users, cached.Users) {
		t.Fatal("cached columns differ from the built ones")
	}
	key, ok := cached.KeyID("device")
	if !ok {
		t.Fatal("no device key")
	}
	a, err := first.Prop(key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := cached.Prop(key)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) || slices.Contains(a, 0) {
		t.Fatal("device column differs or has gaps (every sample event has a device)")
	}
}

func TestSnapshotIsSortedByUserThenTimeAndRebuiltAfterAnImport(t *testing.T) {
	ctx := context.Background()
	st := sampleStore(t, 200)
	l, err := Open(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for u := 0; u < l.NumUsers(); u++ {
		for i := l.Offsets[u] + 1; i < l.Offsets[u+1]; i++ {
			if l.Time[i] < l.Time[i-1] {
				t.Fatalf("user %d not in time order at %d", u, i)
			}
		}
	}
	im := &ingest.Importer{Store: st}
	_, err = im.ImportEvents(ctx, "more", func(emit func(*ingest.Event) error) error {
		return emit(&ingest.Event{User: "zz-new", Name: "late_event", Time: 1_700_000_000_000_000}) // 2023, inside the range imports accept
	})
	if err != nil {
		t.Fatal(err)
	}
	l2, err := Open(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if l2.NumEvents() != l.NumEvents()+1 {
		t.Fatalf("stale snapshot: %d events, want %d", l2.NumEvents(), l.NumEvents()+1)
	}
	if _, ok := l2.NameID("late_event"); !ok {
		t.Fatal("new event name missing")
	}
}

func TestSampleInMemoryEqualsTheSampleThroughTheStore(t *testing.T) {
	mem, err := datasettest.Sample(sample.Config{Users: 300, Seed: 5}) // as sampleStore
	if err != nil {
		t.Fatal(err)
	}
	disk, err := Open(context.Background(), sampleStore(t, 300))
	if err != nil {
		t.Fatal(err)
	}
	if mem.NumEvents() != disk.NumEvents() || mem.NumUsers() != disk.NumUsers() || !slices.Equal(mem.Time, disk.Time) {
		t.Fatalf("in memory %d events / %d users, through the store %d / %d",
			mem.NumEvents(), mem.NumUsers(), disk.NumEvents(), disk.NumUsers())
	}
	for i := range mem.Name {
		if mem.Names[mem.Name[i]] != disk.Names[disk.Name[i]] {
			t.Fatalf("event %d: %s in memory, %s through the store", i, mem.Names[mem.Name[i]], disk.Names[disk.Name[i]])
		}
	}
	k1, _ := mem.KeyID("device")
	k2, _ := disk.KeyID("device")
	c1, _ := mem.Prop(k1)
	c2, _ := disk.Prop(k2)
	for i := range c1 {
		if mem.Values[c1[i]] != disk.Values[c2[i]] {
			t.Fatalf("event %d device: %q vs %q", i, mem.Values[c1[i]], disk.Values[c2[i]])
		}
	}
}
