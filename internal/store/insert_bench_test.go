package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/propblob"
)

// BenchmarkInsertEvents measures the writer alone: rows already encoded.
func BenchmarkInsertEvents(b *testing.B) {
	const n = 200_000
	r := rand.New(rand.NewPCG(1, 2))
	rows := make([]Row, n)
	var dict []DictEntry
	for i := int64(1); i <= n/15+1; i++ {
		dict = append(dict, DictEntry{DictUsers, i, "u" + time.Duration(i).String()})
	}
	for i := int64(1); i <= 10; i++ {
		dict = append(dict, DictEntry{DictNames, i, "n" + time.Duration(i).String()})
	}
	for i := range rows {
		props := propblob.Append(nil, []propblob.Pair{{Key: 1, Value: 2}, {Key: 2, Value: 5}, {Key: 3, Value: int64(r.IntN(40) + 10)}, {Key: 4, Value: 3}, {Key: 5, Value: 4}, {Key: 6, Value: 7}, {Key: 7, Value: int64(1 + i%2)}})
		rows[i] = Row{User: int64(i/15 + 1), Name: int64(r.IntN(9) + 1), Time: int64(i) * 1000, Dedup: int64(r.Uint64()), Props: props}
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := Open(filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tx, err := st.BeginImport(ctx, ImportMeta{File: "x", Format: "csv", Started: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		if err := tx.AddDict(ctx, dict); err != nil {
			b.Fatal(err)
		}
		for j := 0; j < n; j += 2048 {
			if err := tx.InsertEvents(ctx, rows[j:min(n, j+2048)]); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(ctx, ImportStats{Finished: time.Now()}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}
