package memtest

import (
	"errors"
	"runtime"
	"testing"
	"time"
)

// hold allocates n bytes and keeps them live for a few ticks, so the
// sampler sees them whatever its timing.
func hold(n int) func() error {
	return func() error {
		b := make([]byte, n)
		for i := range b {
			b[i] = 1 // touched, so the pages are in use
		}
		time.Sleep(10 * time.Millisecond)
		runtime.KeepAlive(b)
		return nil
	}
}

func TestHeapGrowthSeesWhatTheWorkHoldsAndNoMore(t *testing.T) {
	tests := []struct {
		name     string
		held     int
		min, max uint64
	}{
		{"a work holding 32 MiB grows the heap by at least that", 32 << 20, 32 << 20, 40 << 20},
		{"a work holding nothing grows it by under 1 MiB", 0, 0, 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := HeapGrowth(t, time.Millisecond, hold(tt.held))
			if g < tt.min || g > tt.max {
				t.Errorf("growth %d KB, want %d to %d KB", g>>10, tt.min>>10, tt.max>>10)
			}
		})
	}
}

func TestPeakHeapCountsTheHeapInUseBeforeTheWork(t *testing.T) {
	before := make([]byte, 16<<20)
	peak := PeakHeap(t, time.Millisecond, hold(16<<20))
	runtime.KeepAlive(before)
	if peak < 32<<20 {
		t.Errorf("peak %d KB with 16 MiB held before and 16 MiB during the work", peak>>10)
	}
}

// fatalTB records Fatal instead of ending the test.
type fatalTB struct {
	testing.TB
	failed bool
}

func (f *fatalTB) Helper()      {}
func (f *fatalTB) Fatal(...any) { f.failed = true }

func TestAFailingWorkFailsTheTest(t *testing.T) {
	tb := &fatalTB{TB: t}
	PeakHeap(tb, time.Millisecond, func() error { return errors.New("disk full") })
	if !tb.failed {
		t.Error("the work's error did not fail the test")
	}
}
