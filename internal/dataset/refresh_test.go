package dataset

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

// csvStore imports each CSV text as one file.
func csvStore(t *testing.T, files ...string) *store.Store {
	t.Helper()
	st := storetest.Temp(t)
	im := &ingest.Importer{Store: st}
	for i, f := range files {
		if _, err := im.ImportReader(context.Background(), "f"+string(rune('1'+i)), strings.NewReader(f), -1); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestRefreshWritesTheCacheThatEncodingABuildWrites(t *testing.T) {
	tests := []struct {
		name      string
		runEvents int // events per sorted run
		store     func(t *testing.T) *store.Store
	}{
		{"the sample in one run", 1 << 20, func(t *testing.T) *store.Store { return sampleStore(t, 300) }},
		{"the sample in runs of 97 events", 97, func(t *testing.T) *store.Store { return sampleStore(t, 300) }},
		{"an empty store", 10, func(t *testing.T) *store.Store { return storetest.Temp(t) }},
		{"ties in time across files and runs keep the import order", 2, func(t *testing.T) *store.Store {
			return csvStore(t,
				"user_id,event,timestamp,p\nb,x,2024-01-01T10:00:00Z,1\na,y,2024-01-01T10:00:00Z,\nb,z,2024-01-01T09:00:00Z,2\n",
				"user_id,event,timestamp,p\nb,w,2024-01-01T10:00:00Z,3\na,x,2024-01-01T08:00:00Z,\nc,x,2024-01-01T10:00:00Z,4\n")
		}},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := runEvents
			runEvents = tt.runEvents
			t.Cleanup(func() { runEvents = old })
			st := tt.store(t)
			log, err := Build(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			want, err := log.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if err := Refresh(ctx, st); err != nil {
				t.Fatal(err)
			}
			gen, _ := st.Generation(ctx)
			got, ok, err := st.LoadSnapshotCache(ctx, gen, snapshot.CacheVersion, snapshot.StreamColumns)
			if err != nil || !ok {
				t.Fatalf("the refreshed cache: ok=%v, %v", ok, err)
			}
			if len(got) != len(want) {
				t.Errorf("%d columns, want %d", len(got), len(want))
			}
			for col, w := range want {
				if !bytes.Equal(got[col], w) {
					t.Errorf("column %s: %d bytes differ from Encode's %d", col, len(got[col]), len(w))
				}
			}
			if l, err := Open(ctx, st); err != nil || l.NumEvents() != log.NumEvents() {
				t.Errorf("Open after Refresh: %v", err)
			}
		})
	}
}
