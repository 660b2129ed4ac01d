// Package memtest measures the heap for the memory tests of the packages
// that stream data: the peak in use while a piece of work runs.
// Production code must not import it.
package memtest

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// PeakHeap runs work and returns the largest heap in use seen while it
// ran, sampled every tick. A work that ends within a few ticks can slip
// between them: the shorter the work, the shorter the tick it needs.
func PeakHeap(tb testing.TB, tick time.Duration, work func() error) uint64 {
	tb.Helper()
	_, peak := sample(tb, tick, work)
	return peak
}

// HeapGrowth is PeakHeap less the heap in use before work ran (after a
// collection): what work itself added at its peak.
func HeapGrowth(tb testing.TB, tick time.Duration, work func() error) uint64 {
	tb.Helper()
	base, peak := sample(tb, tick, work)
	return peak - min(base, peak)
}

// sample collects, reads the heap in use, then runs work while a
// goroutine reads it every tick; it fails tb if work fails.
func sample(tb testing.TB, tick time.Duration, work func() error) (base, peak uint64) {
	tb.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base = ms.HeapInuse
	var top atomic.Uint64
	done, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			top.Store(max(top.Load(), ms.HeapInuse))
			select {
			case <-done:
				return
			case <-time.After(tick):
			}
		}
	}()
	err := work()
	close(done)
	<-sampled
	if err != nil {
		tb.Fatal(err)
	}
	return base, top.Load()
}
