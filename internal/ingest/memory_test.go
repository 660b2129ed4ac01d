package ingest_test

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
	"github.com/funnelscope/funnelscope/sample"
)

// peakHeap imports events of the sample for users users into a fresh
// store and returns the largest heap in use seen while it ran, sampled
// every few milliseconds.
func peakHeap(t *testing.T, users int) uint64 {
	st := storetest.Temp(t)
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	gen := func(emit func(*ingest.Event) error) error {
		return sample.Generate(sample.Config{Users: users, Seed: 9}, emit)
	}
	_, err := (&ingest.Importer{Store: st}).ImportEvents(context.Background(), "sample", gen)
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	return peak.Load()
}

// TestImportHeapDoesNotGrowWithTheFile imports the sample at two sizes,
// the second twice the first, and compares the peak heaps. Holding every
// dedup key and every user and session in memory, as the importer once
// did, made the larger peak 1.85 times the smaller (20 and 37 MB).
func TestImportHeapDoesNotGrowWithTheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a million events")
	}
	// Small caches saturate at these sizes, as the defaults do on real
	// exports; a low GC target keeps the heap close to what is live.
	ingest.WithDictSizes(t, 4<<10, 1<<20)
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	// Both sizes fill more than one dedup spill run (store's runKeys,
	// 512 k keys), so the run buffers are at their fixed size in both.
	small := peakHeap(t, 50000) // ~680 k events
	large := peakHeap(t, 100000)
	t.Logf("peak heap in use: %d MB at 50k users, %d MB at 100k", small>>20, large>>20)
	if float64(large) > 1.3*float64(small) {
		t.Errorf("peak heap %d MB at twice the events, %d MB at once: it grows with the file", large>>20, small>>20)
	}
}
