package clickhouse_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

func TestPushCopiesTheLocalStoreOnceHoweverOftenItRuns(t *testing.T) {
	ctx := context.Background()
	st := storetest.Temp(t)
	local, err := (&ingest.Importer{Store: st}).ImportFile(ctx, csvFile(t, 3000, ""))
	if err != nil {
		t.Fatal(err)
	}
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
