package clickhouse_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

// localStore is a local store holding csvFile(t, n, "") and that import's result.
func localStore(t *testing.T, n int) (*store.Store, ingest.Result) {
	t.Helper()
	st := storetest.Temp(t)
	res, err := (&ingest.Importer{Store: st}).ImportFile(context.Background(), csvFile(t, n, ""))
	if err != nil {
		t.Fatal(err)
	}
	return st, res
}

func TestPushCopiesTheLocalStoreOnceHoweverOftenItRuns(t *testing.T) {
	ctx := context.Background()
	st, local := localStore(t, 3000)
	c := initDB(t)
	im := clickhouse.Importer{Client: c}
	first, err := im.Push(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	second, err := im.Push(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if first.Imported != local.Imported || second.Imported != 0 || second.Duplicates != local.Imported {
		t.Fatalf("local %d; pushed %d then %d (%d duplicates)", local.Imported, first.Imported, second.Imported, second.Duplicates)
	}
	want := strconv.FormatInt(local.Imported, 10)
	if n := count(t, c, "1"); n != want {
		t.Fatalf("events = %s, want %s", n, want)
	}
	if n := count(t, c, "length(prop_keys) = 2 AND prop_keys[1] = 'note'"); n != want {
		t.Fatalf("events with both properties sorted = %s, want %s", n, want)
	}
}

func TestPushReportsProgressEndingWithEveryEventAndAFullBar(t *testing.T) {
	ctx := context.Background()
	st, local := localStore(t, 3000)
	var reports []ingest.Progress
	im := clickhouse.Importer{Client: initDB(t), Progress: func(p ingest.Progress) { reports = append(reports, p) }}
	if _, err := im.Push(ctx, st); err != nil {
		t.Fatal(err)
	}
	if len(reports) == 0 {
		t.Fatal("no progress reports")
	}
	last := reports[len(reports)-1]
	if last.Events != local.Imported || last.Total <= 0 || last.BytesRead != last.Total || last.File != st.Path() {
		t.Fatalf("last report %+v, want %d events of %s with the bar full", last, local.Imported, st.Path())
	}
}
