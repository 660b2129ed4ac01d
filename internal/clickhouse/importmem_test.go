package clickhouse_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/ingest"
)

// peakLiveHeap imports the file at path into a fresh database and returns
// the largest live heap seen at the progress reports (after a collection,
// so garbage does not count).
func peakLiveHeap(t *testing.T, path string) uint64 {
	t.Helper()
	var peak uint64
	var ms runtime.MemStats
	sample := func(ingest.Progress) {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	im := clickhouse.Importer{Client: initDB(t), Progress: sample}
	if _, err := im.ImportFile(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	return peak
}

func TestImportHeapDoesNotGrowWithTheRowsOfTheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1.5 M rows")
	}
	// Small batches, so that what would grow with the file (a set of its
	// dedup keys: 24 MB then 42 MB here) is not lost in them.
	defer clickhouse.SetStageBatch(5_000, 1<<20)()
	small, large := csvFile(t, 500_000, ""), csvFile(t, 1_000_000, "")
	runtime.GC()
	one, two := peakLiveHeap(t, small), peakLiveHeap(t, large)
	t.Logf("peak live heap: %.1f MB at 500,000 rows, %.1f MB at 1,000,000", float64(one)/1e6, float64(two)/1e6)
	if float64(two) >= 1.3*float64(one) {
		t.Fatalf("peak live heap %d bytes at 1 M rows, %d at 500,000: it grows with the file", two, one)
	}
}

func TestOfEventsWithOneInsertIDInAFileTheFirstIsKeptAcrossBatches(t *testing.T) {
	defer clickhouse.SetStageBatch(2, 1<<20)() // the three rows in two batches
	path := filepath.Join(t.TempDir(), "ids.csv")
	body := "insert_id,user_id,event,timestamp\n" +
		"a,u1,first,2024-03-01T10:00:00Z\n" +
		"b,u1,other,2024-03-01T10:00:01Z\n" +
		"a,u1,second,2024-03-01T10:00:02Z\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	c := initDB(t)
	res, err := (&clickhouse.Importer{Client: c}).ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || res.Duplicates != 1 {
		t.Fatalf("imported %d, duplicates %d; want 2 and 1", res.Imported, res.Duplicates)
	}
	if n := count(t, c, "name = 'first'"); n != "1" {
		t.Fatalf("events named first = %s, want 1 (the first of insert id a)", n)
	}
}
