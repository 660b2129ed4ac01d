// Package engine is the one seam between the front ends (CLI commands, the
// TUI, exports) and whatever answers analysis specs: today the in-memory
// snapshot (Local), later ClickHouse. Front ends reach analyses only
// through Engine; an implementation must give the numbers that
// docs/semantics.md defines. It holds no UI and no output formatting.
package engine

import (
	"context"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Engine answers every analysis spec over one dataset. Implementations
// are safe for concurrent use: the TUI runs one computation per view at a
// time, and an SSH server many sessions at once.
type Engine interface {
	Catalog
	Funnel(ctx context.Context, f spec.Funnel) (*analysis.FunnelResult, error)
	// Breakdown is the funnel f split by f.By: the whole and its segments.
	Breakdown(ctx context.Context, f spec.Funnel) (*analysis.FunnelResult, []analysis.Segment, error)
	Paths(ctx context.Context, p spec.Paths) (*analysis.PathsResult, error)
	Drivers(ctx context.Context, d spec.Drivers) (*analysis.DriversResult, error)
	Attribution(ctx context.Context, a spec.Attribution) (*analysis.AttributionResult, error)
	Trends(ctx context.Context, t spec.Trends) (*analysis.TrendsResult, error)
	Micro(ctx context.Context, m spec.Micro) (*analysis.MicroResult, error)
	// Suggest is the funnel the data suggests to someone who has not
	// built one (docs/semantics.md, "Suggested funnel"): 2 to 5 steps,
	// goal last, or none when nothing stands out.
	Suggest(ctx context.Context) ([]spec.Step, error)
}

// Catalog describes what a dataset holds: its size, its events, property
// keys and values. Pickers, headers and defaults read it. Summary, Events,
// Keys, HasEvent and HasKey answer at once (the header calls them on every
// frame); Values may take a while (it can decode a whole column).
type Catalog interface {
	Summary() Summary
	// Events lists event names, most frequent first (ties by name).
	Events() []NameCount
	// Keys lists property keys, alphabetically.
	Keys() []string
	// Values lists the values of key, most frequent first; an error when
	// no event has key.
	Values(ctx context.Context, key string) ([]NameCount, error)
	HasEvent(name string) bool
	HasKey(key string) bool
}

// Summary is the size and time span of a dataset.
type Summary struct {
	Events, Users int
	// First and Last are the first and last event times, µs since the
	// epoch (0, 0 when there are no events).
	First, Last int64
}

// NameCount is an event name or property value with how many events carry it.
type NameCount struct {
	Name  string
	Count int
}

// Catch is analysis.Catch, for the front ends, which reach analysis code
// only through an Engine: deferred directly (defer engine.Catch(&err)) on
// a goroutine that calls an Engine, it turns a panic there into an error
// asking for a bug report. It is a variable, not a wrapper, because only
// the deferred function itself can recover.
var Catch = analysis.Catch
