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

// The benchmarks of CONTRIBUTING.md ("Benchmarks"). By default they run
// on a 20,000 user sample; point FUNNELSCOPE_BENCH_DB at a big store for
// the real figures, e.g. one made by `funnelscope --db big.db sample
// --users 746000` (10 M events):
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

// funnelSQL is the same 4-step funnel as plain SQL: per user and step-1
// anchor, the earliest next step within the window. On the sample it gives
// the engine's counts (distinct step names, so ties cannot differ).
const funnelSQL = `
WITH ids AS (SELECT
  (SELECT id FROM event_names WHERE name='view_item') a, (SELECT id FROM event_names WHERE name='add_to_cart') b,
  (SELECT id FROM event_names WHERE name='begin_checkout') c, (SELECT id FROM event_names WHERE name='purchase') d),
e AS (SELECT user_id u, name_id n, time_us t FROM events, ids WHERE name_id IN (ids.a, ids.b, ids.c, ids.d)),
s1 AS (SELECT u, t AS t1 FROM e, ids WHERE n = ids.a),
s2 AS (SELECT s1.u, s1.t1, MIN(e.t) AS t2 FROM s1 JOIN e ON e.u = s1.u AND e.t >= s1.t1 AND e.t <= s1.t1 + ?1, ids
       WHERE e.n = ids.b GROUP BY s1.u, s1.t1),
s3 AS (SELECT s2.u, s2.t1, MIN(e.t) AS t3 FROM s2 JOIN e ON e.u = s2.u AND e.t >= s2.t2 AND e.t <= s2.t1 + ?1, ids
       WHERE e.n = ids.c GROUP BY s2.u, s2.t1),
s4 AS (SELECT s3.u FROM s3 JOIN e ON e.u = s3.u AND e.t >= s3.t3 AND e.t <= s3.t1 + ?1, ids WHERE e.n = ids.d)
SELECT (SELECT COUNT(DISTINCT u) FROM s1), (SELECT COUNT(DISTINCT u) FROM s2),
       (SELECT COUNT(DISTINCT u) FROM s3), (SELECT COUNT(DISTINCT u) FROM s4)`

// BenchmarkFunnel4StepsSQL answers BenchmarkFunnel4Steps in SQLite, for the
// ratio of the two: how much the snapshot saves over SQL.
func BenchmarkFunnel4StepsSQL(b *testing.B) {
	st := benchStore(b)
	l := benchLog(b)
	want, err := analysis.Funnel(l, spec.Funnel{Steps: fourSteps})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var c [4]int
		if err := st.DB().QueryRow(funnelSQL, spec.DefaultWindow).Scan(&c[0], &c[1], &c[2], &c[3]); err != nil {
			b.Fatal(err)
		}
		for j := range c {
			if c[j] != want.Steps[j].Count {
				b.Fatalf("SQL step %d: %d, engine %d", j+1, c[j], want.Steps[j].Count)
			}
		}
	}
}
