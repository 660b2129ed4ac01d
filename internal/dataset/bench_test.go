package dataset

import (
	"context"
	"os"
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
)

// The benchmarks of design.md section 6. By default they run on a 20,000
// user sample; point FUNNELSCOPE_BENCH_DB at a big store for the real
// figures, e.g. one made by `funnelscope --db big.db sample --users 746000`
// (10 M events):
//
//	FUNNELSCOPE_BENCH_DB=/tmp/big.db go test ./internal/dataset -run '^$' -bench . -benchtime 5x
func benchStore(b *testing.B) *store.Store {
	if path := os.Getenv("FUNNELSCOPE_BENCH_DB"); path != "" {
		st, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	}
	return sampleStore(b, 20000)
}

func benchLog(b *testing.B) *snapshot.Log {
	l, err := Open(context.Background(), benchStore(b))
	if err != nil {
		b.Fatal(err)
	}
	return l
}

var fourSteps, _ = spec.ParseSteps("view_item,add_to_cart,begin_checkout,purchase")

func BenchmarkOpen(b *testing.B) {
	st := benchStore(b)
	if _, err := Open(context.Background(), st); err != nil { // build the cache once
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l, err := Open(context.Background(), st)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(l.NumEvents()), "events")
	}
}

func BenchmarkFunnel4Steps(b *testing.B) {
	l := benchLog(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := analysis.Funnel(l, spec.Funnel{Steps: fourSteps}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBreakdownByDevice(b *testing.B) {
	l := benchLog(b)
	if _, _, err := analysis.Breakdown(l, spec.Funnel{Steps: fourSteps, By: "device"}); err != nil { // decode the column once
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := analysis.Breakdown(l, spec.Funnel{Steps: fourSteps, By: "device"}); err != nil {
			b.Fatal(err)
		}
	}
}
