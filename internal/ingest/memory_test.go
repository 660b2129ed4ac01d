package ingest_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/memtest"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
	"github.com/funnelscope/funnelscope/sample"
)

// tick is how often the heap is sampled: imports run for seconds.
const tick = 5 * time.Millisecond

// sampleImportHeap imports the sample for users users into a fresh store
// and returns the peak heap in use while it ran.
func sampleImportHeap(t *testing.T, users int) uint64 {
	st := storetest.Temp(t)
	gen := func(emit func(*ingest.Event) error) error {
		return sample.Generate(sample.Config{Users: users, Seed: 9}, emit)
	}
	return memtest.PeakHeap(t, tick, func() error {
		_, err := (&ingest.Importer{Store: st}).ImportEvents(context.Background(), "sample", gen)
		return err
	})
}

// TestImportHeapDoesNotGrowWithTheFile imports the sample at two sizes,
// the second twice the first, and compares the peak heaps. Holding every
// dedup key and every user and session in memory, as the importer once
// did, made the larger peak 1.85 times the smaller (20 and 37 MB).
func TestImportHeapDoesNotGrowWithTheFile(t *testing.T) {
	if testing.Short() || raceOn {
		t.Skip("imports two million events, and measures the heap")
	}
	// Small caches saturate at these sizes, as the defaults do on real
	// exports; a low GC target keeps the heap close to what is live.
	ingest.WithDictSizes(t, 4<<10, 1<<20)
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	// Both sizes fill more than one dedup spill run (store's runKeys,
	// 512 k keys), so the run buffers are at their fixed size in both.
	small := sampleImportHeap(t, 50000) // ~680 k events
	large := sampleImportHeap(t, 100000)
	t.Logf("peak heap in use: %d MB at 50k users, %d MB at 100k", small>>20, large>>20)
	if float64(large) > 1.3*float64(small) {
		t.Errorf("peak heap %d MB at twice the events, %d MB at once: it grows with the file", large>>20, small>>20)
	}
}

// TestImportingAFileAgainInBoundedMemoryAddsNothing imports a CSV file of
// 1.36 M events twice into one store, under a soft memory limit of 48 MiB
// (GOMEMLIMIT's knob), and checks that the second import adds nothing and
// that neither needed more heap than the limit: 36 and 34 MB. Holding
// the file's 1.36 M dedup keys in a map, as the importer once did, took
// the peak to 89 MB (measured with such a map held during the imports).
func TestImportingAFileAgainInBoundedMemoryAddsNothing(t *testing.T) {
	if testing.Short() || raceOn {
		t.Skip("imports 1.36 M events twice, and measures the heap")
	}
	const limit = 48 << 20
	path := filepath.Join(t.TempDir(), "events.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if _, err := sample.Write(w, "csv", sample.Config{Users: 100000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	ingest.WithDictSizes(t, 4<<10, 1<<20)
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	st := storetest.Temp(t)
	var res [2]ingest.Result
	for i := range res {
		peak := memtest.PeakHeap(t, tick, func() (err error) {
			res[i], err = (&ingest.Importer{Store: st}).ImportFile(context.Background(), path)
			return err
		})
		t.Logf("import %d: %d imported, %d duplicates, peak heap in use %d MB", i+1, res[i].Imported, res[i].Duplicates, peak>>20)
		if peak > limit {
			t.Errorf("import %d: peak heap %d MB over the %d MB limit", i+1, peak>>20, limit>>20)
		}
	}
	if res[0].Imported < 1_000_000 || res[1].Imported != 0 || res[1].Duplicates != res[0].Imported {
		t.Errorf("imported %d, then %d with %d duplicates: want everything once", res[0].Imported, res[1].Imported, res[1].Duplicates)
	}
}
