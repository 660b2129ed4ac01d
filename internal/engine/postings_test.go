package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

// csvOf is an export of users u0..u(n-1): each views 10 pages, and users
// below a view an item a, those below b then buy it b.
func csvOf(from, n, a, b int) string {
	var s strings.Builder
	s.WriteString("user_id,event,timestamp\n")
	for u := from; u < from+n; u++ {
		for p := range 10 {
			fmt.Fprintf(&s, "u%d,page_view,2026-09-01T10:%02d:00Z\n", u, p)
		}
		if u < a {
			fmt.Fprintf(&s, "u%d,view_item,2026-09-01T11:00:00Z\n", u)
		}
		if u < b {
			fmt.Fprintf(&s, "u%d,purchase,2026-09-01T12:00:00Z\n", u)
		}
	}
	return s.String()
}

// openLocal is the local engine over st's snapshot, opened as the
// explorer opens it.
func openLocal(t *testing.T, st *store.Store) *engine.Local {
	t.Helper()
	l, err := dataset.Open(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	return engine.NewLocal(l)
}

func TestAnImportThatAddsEventsIsCountedByTheNextFunnelNotTheOldPostings(t *testing.T) {
	ctx := context.Background()
	st := storetest.Temp(t)
	im := &ingest.Importer{Store: st}
	if _, err := im.ImportReader(ctx, "first.csv", strings.NewReader(csvOf(0, 100, 40, 10)), -1); err != nil {
		t.Fatal(err)
	}
	f := spec.Funnel{Steps: []spec.Step{{Name: "view_item"}, {Name: "purchase"}}, Window: spec.DefaultWindow}
	before := openLocal(t, st)
	r, err := before.Funnel(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if r.Steps[0].Count != 40 || r.Steps[1].Count != 10 {
		t.Fatalf("first import: %d → %d, want 40 → 10", r.Steps[0].Count, r.Steps[1].Count)
	}
	if r.EventsRead >= before.Log().NumEvents()/2 {
		t.Fatalf("the funnel read %d of %d events: not its postings, so this test proves nothing", r.EventsRead, before.Log().NumEvents())
	}
	// u100..u149: 30 more view an item, 25 of them buy; and u10..u19, who
	// only viewed it, buy it the next day.
	more := csvOf(100, 50, 130, 125)
	for u := 10; u < 20; u++ {
		more += fmt.Sprintf("u%d,purchase,2026-09-02T12:00:00Z\n", u)
	}
	if _, err := im.ImportReader(ctx, "more.csv", strings.NewReader(more), -1); err != nil {
		t.Fatal(err)
	}
	after := openLocal(t, st)
	r2, err := after.Funnel(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Steps[0].Count != 70 || r2.Steps[1].Count != 45 {
		t.Errorf("after the second import: %d → %d, want 70 → 45", r2.Steps[0].Count, r2.Steps[1].Count)
	}
	if r2.EventsRead <= r.EventsRead {
		t.Errorf("the funnel read %d events after the import, %d before: the new events were not read", r2.EventsRead, r.EventsRead)
	}
	// The engine opened before the import keeps its own snapshot.
	if r3, _ := before.Funnel(ctx, f); r3.Steps[0].Count != 40 {
		t.Errorf("the engine opened before the import now counts %d", r3.Steps[0].Count)
	}
}
