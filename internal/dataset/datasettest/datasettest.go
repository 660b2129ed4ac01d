// Package datasettest builds snapshots in memory, straight from events or
// from the workshop sample, for the tests and benchmarks of everything
// above the snapshot. It is kept out of package dataset so that the
// program does not link the sample generator and the importer through it.
package datasettest

import (
	"context"
	"testing"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/propblob"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
	"github.com/funnelscope/funnelscope/sample"
)

// FromEvents builds a snapshot straight from events, without a store:
// for tests and benchmarks of everything above the snapshot. emit calls
// add once per event (ingest.Event values may be reused by the caller).
func FromEvents(emit func(add func(*ingest.Event) error) error) (*snapshot.Log, error) {
	dicts := [5][]string{{""}, {""}, {""}, {""}, {""}}
	ids := [5]map[string]int32{{}, {}, {}, {}, {}}
	id := func(k int, s string) int32 {
		if v, ok := ids[k][s]; ok {
			return v
		}
		v := int32(len(dicts[k]))
		ids[k][s] = v
		dicts[k] = append(dicts[k], s)
		return v
	}
	var pairs []propblob.Pair
	var blob []byte
	var b snapshot.Builder
	err := emit(func(e *ingest.Event) error {
		pairs = pairs[:0]
		for _, p := range e.Props {
			pairs = append(pairs, propblob.Pair{Key: int64(id(2, p.Key)), Value: int64(id(3, p.Value))})
		}
		propblob.Sort(pairs)
		blob = propblob.Append(blob[:0], pairs)
		sess := int32(0)
		if e.Session != "" {
			sess = id(4, e.Session)
		}
		b.Add(id(0, e.User), id(1, e.Name), e.Time, sess, blob)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b.Build(dicts[0], dicts[1], dicts[2], dicts[3]), nil
}

// Sample builds the snapshot of the workshop sample with cfg in memory.
func Sample(cfg sample.Config) (*snapshot.Log, error) {
	return FromEvents(func(add func(*ingest.Event) error) error { return sample.Generate(cfg, add) })
}

// SampleStore is a new store in tb's temporary directory holding the
// workshop sample's events for users users (seed 5), for tests that read
// the snapshot through a store.
func SampleStore(tb testing.TB, users int) *store.Store {
	tb.Helper()
	st := storetest.Temp(tb)
	im := &ingest.Importer{Store: st}
	_, err := im.ImportEvents(context.Background(), "sample", func(emit func(*ingest.Event) error) error {
		return sample.Generate(sample.Config{Users: users, Seed: 5}, emit)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return st
}
