package main

import (
	"context"
	"fmt"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type funnelFlags struct {
	analysisFlags
	steps, window, order, count, gap, by, segment string
	exclude                                       []string
	top                                           int
}

// funnelCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func funnelCommand(g *globals) (*cobra.Command, *funnelFlags) {
	f := &funnelFlags{}
	cmd := analysisCommand(&cobra.Command{
		Use:   "funnel --steps \"a,b,c\" [flags]",
		Short: "Count how many users (or sessions) reach each step of a funnel",
		Long: `Count how many users reach each step, in order, within the conversion window
(docs/semantics.md: a later first-step event restarts the clock; events with equal
times may be read in funnel order; one event never fills two steps).

Step syntax: name, name[key=value], name[key!=value], name[key~substring], several
conditions joined by &; quote names holding commas or brackets: "a, b".`,
		Example: `  funnelscope funnel --steps "view_item,add_to_cart,begin_checkout,purchase"
  funnelscope funnel --steps "view_item,purchase" --by device --format md
  funnelscope funnel --steps "landing_page_view,purchase[value!=0]" --window 14d --where utm_source=google
  funnelscope funnel --steps "view_item,add_to_cart" --order any --count sessions`,
	}, g, &f.analysisFlags, f.spec, computeFunnel, funnelView)
	fl := cmd.Flags()
	fl.StringVar(&f.steps, "steps", "", "comma-separated steps (required)")
	f.registerShape(fl)
	fl.StringVar(&f.by, "by", "", "break down by this property (value on the first step-1 event)")
	fl.IntVar(&f.top, "top", 10, "with --by: segments shown before (other)")
	cmd.MarkFlagRequired("steps")
	return cmd, f
}

// Flag defaults shared by every command that reads a funnel or sessions.
const (
	defaultWindowFlag     = "7d"
	defaultSessionGapFlag = "30m"
	sessionGapUsage       = "inactivity that ends a session (without export session ids)"
)

// registerShape declares the flags that shape a funnel (window, order,
// count, session gap, exclusions): funnel and trends share them.
func (f *funnelFlags) registerShape(fl *pflag.FlagSet) {
	fl.StringVar(&f.window, "window", defaultWindowFlag, "conversion window from the first step: 30m, 1h, 7d, 2w")
	fl.StringVar(&f.order, "order", "strict", "strict (steps in sequence) or any")
	fl.StringVar(&f.count, "count", "users", "users or sessions")
	fl.StringVar(&f.gap, "session-gap", defaultSessionGapFlag, sessionGapUsage)
	fl.StringArrayVar(&f.exclude, "exclude", nil, "drop chains with this event between the first and last step (repeatable; EVENT@N ends at step N)")
	fl.StringVar(&f.segment, "segment", "", segmentUsage)
}

// segmentUsage describes --segment, which every funnel command takes.
const segmentUsage = "only the units of one breakdown segment, e.g. device=mobile (value on the first step-1 event)"

// spec builds the funnel spec from the flags.
func (f *funnelFlags) spec() (spec.Funnel, error) {
	var fs spec.Funnel
	var err error
	if fs.Steps, err = spec.ParseSteps(f.steps); err != nil {
		return fs, err
	}
	if fs.Window, err = spec.ParseDuration(f.window); err != nil {
		return fs, fmt.Errorf("--window: %w", err)
	}
	if fs.SessionGap, err = spec.ParseDuration(f.gap); err != nil {
		return fs, fmt.Errorf("--session-gap: %w", err)
	}
	switch f.order {
	case "strict", "ordered":
	case "any":
		fs.Order = spec.AnyOrder
	default:
		return fs, fmt.Errorf("--order %q: use strict or any", f.order)
	}
	switch f.count {
	case "users":
	case "sessions":
		fs.Count = spec.Sessions
	default:
		return fs, fmt.Errorf("--count %q: use users or sessions", f.count)
	}
	if fs.Exclude, err = parseExclusions(f.exclude); err != nil {
		return fs, err
	}
	if fs.Segment, err = spec.ParseSegment(f.segment); err != nil {
		return fs, fmt.Errorf("--segment: %w", err)
	}
	fs.By, fs.Top = f.by, f.top
	fs.Where, fs.From, fs.To, err = f.filters()
	return fs, err
}

// parseExclusions reads the --exclude flags given, nil when none is.
func parseExclusions(xs []string) ([]spec.Exclusion, error) {
	var exs []spec.Exclusion
	for _, x := range xs {
		ex, err := spec.ParseExclusion(x)
		if err != nil {
			return nil, fmt.Errorf("--exclude: %w", err)
		}
		exs = append(exs, ex)
	}
	return exs, nil
}

// funnelResult is a funnel and, split by --by, its segments.
type funnelResult struct {
	res  *analysis.FunnelResult
	segs []analysis.Segment
	by   bool
}

// computeFunnel runs the breakdown when the spec names a property to
// split by, else the plain funnel.
func computeFunnel(ctx context.Context, e engine.Engine, fs spec.Funnel) (funnelResult, error) {
	if fs.By == "" {
		res, err := e.Funnel(ctx, fs)
		return funnelResult{res: res}, err
	}
	res, segs, err := e.Breakdown(ctx, fs)
	return funnelResult{res, segs, true}, err
}

var funnelView = view[funnelResult]{
	json:  func(r funnelResult) any { return report.FunnelJSON(r.res, r.segs) },
	table: plain(func(r funnelResult) report.Table { return report.FunnelTable(r.res, r.segs, r.by) }),
	// The explorer shows the same line under its bars.
	footer: func(r funnelResult) string { return report.SessionSplitLine(r.res.Sessions) },
}
