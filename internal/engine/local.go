package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Local answers specs from an in-memory snapshot with internal/analysis.
// The analyses cannot be interrupted yet: ctx is checked before each one
// starts, so a cancelled caller starts nothing new.
type Local struct {
	log    *snapshot.Log
	events []NameCount // Events' answer, built once at New
	keys   []string
}

// NewLocal returns the engine over l, which must not change afterwards.
func NewLocal(l *snapshot.Log) *Local {
	e := &Local{log: l}
	counts := l.NameCounts()
	for id := 1; id < len(l.Names); id++ {
		e.events = append(e.events, NameCount{Name: l.Names[id], Count: counts[id]})
	}
	sort.SliceStable(e.events, func(i, j int) bool { return e.events[i].Count > e.events[j].Count })
	e.keys = slices.Clone(l.Keys[1:])
	sort.Strings(e.keys)
	return e
}

// Log is the snapshot the engine reads (for tests and the few callers
// that need the raw columns, such as the snapshot cache writer).
func (e *Local) Log() *snapshot.Log { return e.log }

// Summary implements Catalog.
func (e *Local) Summary() Summary {
	first, last := e.log.Range()
	return Summary{Events: e.log.NumEvents(), Users: e.log.NumUsers(), First: first, Last: last}
}

// Events implements Catalog; the caller must not modify the slice.
func (e *Local) Events() []NameCount { return e.events }

// Keys implements Catalog; the caller must not modify the slice.
func (e *Local) Keys() []string { return e.keys }

// HasEvent implements Catalog.
func (e *Local) HasEvent(name string) bool { _, ok := e.log.NameID(name); return ok }

// HasKey implements Catalog.
func (e *Local) HasKey(key string) bool { _, ok := e.log.KeyID(key); return ok }

// Values implements Catalog.
func (e *Local) Values(ctx context.Context, key string) ([]NameCount, error) {
	return run(ctx, func() ([]NameCount, error) { return e.values(key) })
}

func (e *Local) values(key string) ([]NameCount, error) {
	id, ok := e.log.KeyID(key)
	if !ok {
		return nil, fmt.Errorf("no property %q", key)
	}
	ids, counts, err := e.log.TopValues(id)
	if err != nil {
		return nil, fmt.Errorf("values of %s: %w", key, err)
	}
	out := make([]NameCount, len(ids))
	for i, v := range ids {
		out[i] = NameCount{Name: e.log.Values[v], Count: counts[i]}
	}
	return out, nil
}

// Funnel implements Engine.
func (e *Local) Funnel(ctx context.Context, f spec.Funnel) (*analysis.FunnelResult, error) {
	return run(ctx, func() (*analysis.FunnelResult, error) { return analysis.Funnel(e.log, f) })
}

// Breakdown implements Engine.
func (e *Local) Breakdown(ctx context.Context, f spec.Funnel) (*analysis.FunnelResult, []analysis.Segment, error) {
	var segs []analysis.Segment
	r, err := run(ctx, func() (r *analysis.FunnelResult, err error) {
		r, segs, err = analysis.Breakdown(e.log, f)
		return r, err
	})
	return r, segs, err
}

// Paths implements Engine.
func (e *Local) Paths(ctx context.Context, p spec.Paths) (*analysis.PathsResult, error) {
	return run(ctx, func() (*analysis.PathsResult, error) { return analysis.Paths(e.log, p) })
}

// Drivers implements Engine.
func (e *Local) Drivers(ctx context.Context, d spec.Drivers) (*analysis.DriversResult, error) {
	return run(ctx, func() (*analysis.DriversResult, error) { return analysis.Drivers(e.log, d) })
}

// Attribution implements Engine.
func (e *Local) Attribution(ctx context.Context, a spec.Attribution) (*analysis.AttributionResult, error) {
	return run(ctx, func() (*analysis.AttributionResult, error) { return analysis.Attribution(e.log, a) })
}

// Trends implements Engine.
func (e *Local) Trends(ctx context.Context, t spec.Trends) (*analysis.TrendsResult, error) {
	return run(ctx, func() (*analysis.TrendsResult, error) { return analysis.Trends(e.log, t) })
}

// Micro implements Engine.
func (e *Local) Micro(ctx context.Context, m spec.Micro) (*analysis.MicroResult, error) {
	return run(ctx, func() (*analysis.MicroResult, error) { return analysis.Micro(e.log, m) })
}

// Suggest implements Engine.
func (e *Local) Suggest(ctx context.Context) ([]spec.Step, error) {
	names, err := run(ctx, func() ([]string, error) { return analysis.SuggestFunnel(e.log) })
	if err != nil {
		return nil, fmt.Errorf("suggest a funnel: %w", err)
	}
	var steps []spec.Step
	for _, n := range names {
		steps = append(steps, spec.Step{Name: n})
	}
	return steps, nil
}

// run starts f unless ctx is already done. A panic in f, on the caller's
// goroutine, comes back as an *analysis.PanicError (the scan workers
// return theirs), so no analysis bug ends the process. Every method that
// computes goes through it: it is the engine's one recover boundary.
func run[R any](ctx context.Context, f func() (R, error)) (_ R, err error) {
	defer analysis.Catch(&err)
	if err := ctx.Err(); err != nil {
		var zero R
		return zero, err
	}
	return f()
}

var _ Engine = (*Local)(nil)
