package analysis

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
)

// bigLog opens FUNNELSCOPE_BENCH_DB (funnelscope sample --users 746000
// makes the 10 M events of issue #12), else skips.
func bigLog(b *testing.B) *snapshot.Log {
	path := os.Getenv("FUNNELSCOPE_BENCH_DB")
	if path == "" {
		b.Skip("set FUNNELSCOPE_BENCH_DB to a database")
	}
	st, err := store.OpenWith(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	l, _, err := dataset.Load(context.Background(), st)
	if err != nil {
		b.Fatal(err)
	}
	return l
}

var benchFunnelSpec = spec.Funnel{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase"),
	Window: 7 * 24 * 3600 * 1e6, By: "device"}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err) // a benchmark helper: Linux always answers
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loopCPU runs f as b's loop and reports its CPU time per run beside the
// wall time: on a machine others share, the wall time says little.
func loopCPU(b *testing.B, f func() error) {
	start := cpuTime()
	for b.Loop() {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkFunnelOnEachPath(b *testing.B) {
	l := bigLog(b)
	for _, p := range []struct {
		name string
		path scanPath
	}{{"columns", columnPath}, {"postings", postingsPath}} {
		b.Run(p.name, func(b *testing.B) {
			loopCPU(b, func() error {
				_, err := onPath(p.path, func() (*FunnelResult, error) { return Funnel(l, benchFunnelSpec) })
				return err
			})
		})
		b.Run(p.name+"/breakdown", func(b *testing.B) {
			loopCPU(b, func() error {
				_, err := onPath(p.path, func() (*FunnelResult, error) {
					r, _, err := Breakdown(l, benchFunnelSpec)
					return r, err
				})
				return err
			})
		})
	}
}
