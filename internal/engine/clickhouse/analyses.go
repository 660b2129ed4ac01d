package chengine

import (
	"context"
	"reflect"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Drivers and micro run in SQL and send counts (drivers.go, micro.go).
// Every other analysis streams its selection into a snapshot and asks
// engine.Local over it: the numbers are the local engine's by
// construction, and ClickHouse does the filtering (or, for funnels, the
// funnel itself) that makes the stream small (docs/semantics.md, "On
// ClickHouse").

// compute streams sel and asks f of the local engine over it.
func compute[R any](ctx context.Context, e *Engine, sel selection, f func(*engine.Local) (R, error)) (R, error) {
	sel.idsOnly = e.cat.noIDs == 0
	return answer(ctx, e, sel.sql(), sel.span, f)
}

// answer streams the rows of sql (as load reads them) and asks f of the
// local engine over them. A panic while streaming comes back as an
// error, as one in an analysis does.
func answer[R any](ctx context.Context, e *Engine, sql string, span bool, f func(*engine.Local) (R, error)) (_ R, err error) {
	defer engine.Catch(&err)
	l, err := e.load(ctx, sql, span)
	if err != nil {
		var zero R
		return zero, err
	}
	return f(engine.NewLocal(l))
}

// funnelSelection keeps the events a funnel reads: its steps and
// exclusions, after the filters, and each user's first kept event for
// the first-session split. A funnel with options this engine does not
// know yet keeps every event that passes the filters instead.
func funnelSelection(f spec.Funnel) selection {
	split := f.Order != spec.AnyOrder && f.Count == spec.Users
	sel := selection{where: f.Where, from: f.From, to: f.To, sessions: split || f.Count == spec.Sessions, gap: f.SessionGap}
	if !known(f) {
		return sel
	}
	sel.names, sel.firstKept = []string{}, split
	sel.noProps = len(f.Where) == 0 && f.By == "" && f.Segment.IsZero()
	for _, s := range f.Steps {
		sel.names = append(sel.names, s.Name)
		sel.noProps = sel.noProps && len(s.Conds) == 0
	}
	for _, x := range f.Exclude {
		sel.names = append(sel.names, x.Event.Name)
		sel.noProps = sel.noProps && len(x.Event.Conds) == 0
	}
	return sel
}

// knownPaths is known for paths: an option added later may give paths
// to users without an anchor event.
func knownPaths(p spec.Paths) bool {
	k := spec.Paths{Anchor: plainStep(p.Anchor), Direction: p.Direction, Depth: p.Depth, Top: p.Top, SessionGap: p.SessionGap,
		Goal: p.Goal, AfterStep: p.AfterStep, Funnel: p.Funnel, Where: p.Where, From: p.From, To: p.To}
	return known(p.Funnel) && reflect.DeepEqual(k, p)
}

// plainStep is st with only the fields stepMatch reads.
func plainStep(st spec.Step) spec.Step { return spec.Step{Name: st.Name, Conds: st.Conds} }

// known reports whether f sets only the fields that funnelSelection and
// onServer read: an option added to spec.Funnel, spec.Step or
// spec.Exclusion later (alternatives, optional steps, ...) may need other
// events, so until this engine learns it, such a funnel streams them all.
func known(f spec.Funnel) bool {
	k := spec.Funnel{Window: f.Window, Order: f.Order, Count: f.Count, SessionGap: f.SessionGap, Where: f.Where,
		From: f.From, To: f.To, By: f.By, Top: f.Top, Segment: f.Segment}
	if f.Steps != nil {
		k.Steps = []spec.Step{}
	}
	if f.Exclude != nil {
		k.Exclude = []spec.Exclusion{}
	}
	for _, st := range f.Steps {
		k.Steps = append(k.Steps, plainStep(st))
	}
	for _, x := range f.Exclude {
		k.Exclude = append(k.Exclude, spec.Exclusion{Event: plainStep(x.Event), To: x.To})
	}
	return reflect.DeepEqual(k, f)
}

// serverFunnel is funnelSelection, with the funnel itself run on the
// server when it can be (witness.go).
func serverFunnel(f spec.Funnel) selection {
	sel := funnelSelection(f)
	if onServer(f) && sel.names != nil {
		sel.steps, sel.window = f.Steps, f.Window
	}
	return sel
}

// Funnel implements engine.Engine.
func (e *Engine) Funnel(ctx context.Context, f spec.Funnel) (*analysis.FunnelResult, error) {
	return compute(ctx, e, serverFunnel(f), func(l *engine.Local) (*analysis.FunnelResult, error) {
		return l.Funnel(ctx, f)
	})
}

// Breakdown implements engine.Engine.
func (e *Engine) Breakdown(ctx context.Context, f spec.Funnel) (*analysis.FunnelResult, []analysis.Segment, error) {
	var segs []analysis.Segment
	r, err := compute(ctx, e, serverFunnel(f), func(l *engine.Local) (r *analysis.FunnelResult, err error) {
		r, segs, err = l.Breakdown(ctx, f)
		return r, err
	})
	return r, segs, err
}

// Trends implements engine.Engine. A trend is its funnel per period of
// each unit's first step-1 event, which the funnel's selection keeps (a
// witness when the server runs the funnel), so it streams what the
// funnel does, with properties when segment lines read them. The
// calendar runs to the last event of the whole table (the newest period
// may still rise), which the selection may leave out: span adds it back.
func (e *Engine) Trends(ctx context.Context, t spec.Trends) (*analysis.TrendsResult, error) {
	sel := serverFunnel(t.Funnel)
	sel.noProps = sel.noProps && t.By == ""
	sel.span = true
	return compute(ctx, e, sel, func(l *engine.Local) (*analysis.TrendsResult, error) { return l.Trends(ctx, t) })
}

// Paths implements engine.Engine: every event that passes the filters
// can be a path node, but only users with an anchor (or, after a funnel
// step, a step-1 event) have paths. On a large table it streams the
// users in passes over shares of them and adds up the trees
// (analysis.MergePaths), so that memory stays bounded.
func (e *Engine) Paths(ctx context.Context, p spec.Paths) (*analysis.PathsResult, error) {
	sel := selection{where: p.Where, from: p.From, to: p.To, sessions: true, gap: p.SessionGap}
	if knownPaths(p) {
		sel.only = &p.Anchor
		if p.AfterStep > 0 && len(p.Funnel.Steps) > 0 {
			sel.only = &p.Funnel.Steps[0]
		}
	}
	ask := func(l *engine.Local) (*analysis.PathsResult, error) { return l.Paths(ctx, p) }
	if !e.pathsInPasses(p) {
		return compute(ctx, e, sel, ask)
	}
	parts, err := inPasses(ctx, e, sel, ask)
	if err != nil {
		return nil, err
	}
	return analysis.MergePaths(parts, p), nil
}

// pathsInPasses reports whether paths may run in passes over ranges of
// the users: not for a spec with options this engine does not know (they
// may not merge), nor when an event bears the name of a node that closes
// a path, which two merged trees could not tell apart.
func (e *Engine) pathsInPasses(p spec.Paths) bool {
	for _, n := range []string{analysis.EndNode, analysis.StartNode, analysis.SessionNode} {
		if e.cat.hasName[n] {
			return false
		}
	}
	return knownPaths(p)
}

// Drivers implements engine.Engine, in SQL when it can (drivers.go).
func (e *Engine) Drivers(ctx context.Context, d spec.Drivers) (*analysis.DriversResult, error) {
	if r, ok, err := e.sqlDrivers(ctx, d); ok {
		return r, err
	}
	sel := selection{where: d.Where, from: d.From, to: d.To}
	return compute(ctx, e, sel, func(l *engine.Local) (*analysis.DriversResult, error) { return l.Drivers(ctx, d) })
}

// Attribution implements engine.Engine: only touch and goal events count
// (attribution.go).
func (e *Engine) Attribution(ctx context.Context, a spec.Attribution) (*analysis.AttributionResult, error) {
	local, ok := e.compactAttribution(a)
	ask := func(l *engine.Local) (*analysis.AttributionResult, error) { return l.Attribution(ctx, local) }
	if ok {
		return answer(ctx, e, attributionSQL(a), false, ask)
	}
	return compute(ctx, e, selection{where: a.Where, from: a.From, to: a.To}, ask)
}

// Micro implements engine.Engine, in SQL when it can (micro.go).
func (e *Engine) Micro(ctx context.Context, m spec.Micro) (*analysis.MicroResult, error) {
	if r, ok, err := e.sqlMicro(ctx, m); ok {
		return r, err
	}
	sel := selection{where: m.Where, from: m.From, to: m.To, sessions: true, gap: m.SessionGap}
	return compute(ctx, e, sel, func(l *engine.Local) (*analysis.MicroResult, error) { return l.Micro(ctx, m) })
}

// Suggest implements engine.Engine: it reads every event, unfiltered
// (its rule counts each name's events, and those that end a session), but
// no property, so events come without theirs.
func (e *Engine) Suggest(ctx context.Context) ([]spec.Step, error) {
	return compute(ctx, e, selection{noProps: true}, func(l *engine.Local) ([]spec.Step, error) { return l.Suggest(ctx) })
}
