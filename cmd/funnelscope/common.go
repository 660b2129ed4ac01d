package main

import (
	"context"
	"fmt"
	"os"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// outputFlags is --format, declared and resolved the same way by every
// command that prints a result.
type outputFlags struct {
	format string
}

// registerFormat declares --format.
func (o *outputFlags) registerFormat(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.format, "format", "", "output: table|json|csv|md (default table on a terminal, else json)")
}

// outputFormat resolves --format: a table for people, JSON for pipes.
func (o *outputFlags) outputFormat() (string, error) {
	f := o.format
	if f == "" {
		f = "json"
		if term.IsTerminal(int(os.Stdout.Fd())) {
			f = "table"
		}
	}
	return f, report.CheckFormat(f, report.Formats...)
}

// analysisFlags are the flags every analysis command shares.
type analysisFlags struct {
	outputFlags
	where    []string
	from, to string
}

// register declares --format, --where and the date range, --from and --to.
func (a *analysisFlags) register(cmd *cobra.Command) {
	a.registerFormat(cmd)
	fl := cmd.Flags()
	fl.StringArrayVar(&a.where, "where", nil, "global filter key=value, key!=value or key~text (repeatable)")
	fl.StringVar(&a.from, "from", "", "first day or instant to include (e.g. 2026-09-01)")
	fl.StringVar(&a.to, "to", "", "day or instant to stop before (exclusive)")
}

// analysisCommand completes cmd, which has its help texts, as an analysis
// command: the shared flags, no arguments, and a run that shows
// compute(parse()) in view.
func analysisCommand[S, R any](cmd *cobra.Command, g *globals, a *analysisFlags, parse func() (S, error),
	compute func(context.Context, engine.Engine, S) (R, error), v view[R]) *cobra.Command {
	cmd.Args = cobra.NoArgs
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return runAnalysis(cmd, g, a, parse, compute, v) }
	a.register(cmd)
	registerEngine(cmd, g)
	return cmd
}

// storeCommand completes cmd, which has its help texts, as a command that
// shows what read finds in --db (info, events): --format, no arguments,
// and a run that shows read's result in view.
func storeCommand[R any](cmd *cobra.Command, g *globals, read func(context.Context, *store.Store) (R, error), v view[R]) *cobra.Command {
	var o outputFlags
	cmd.Args = cobra.NoArgs
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return showFromStore(cmd, g, &o, read, v) }
	o.registerFormat(cmd)
	return cmd
}

// goalFlag is the required --goal of drivers, micro and attribution.
type goalFlag struct {
	goal string
}

func (f *goalFlag) registerGoal(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.goal, "goal", "", "the goal event, optionally with conditions: purchase[value!=0] (required)")
	cmd.MarkFlagRequired("goal")
}

func (f *goalFlag) parseGoal() (spec.Step, error) {
	s, err := spec.ParseStep(f.goal)
	if err != nil {
		return s, fmt.Errorf("--goal: %w", err)
	}
	return s, nil
}

// filters parses --where, --from and --to.
func (a *analysisFlags) filters() (where []spec.Cond, from, to int64, err error) {
	for _, w := range a.where {
		c, err := spec.ParseCond(w)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("--where: %w", err)
		}
		where = append(where, c)
	}
	if from, err = parseInstant("--from", a.from); err != nil {
		return nil, 0, 0, err
	}
	to, err = parseInstant("--to", a.to)
	return where, from, to, err
}

// parsePositiveDuration reads a duration flag that must be more than 0.
func parsePositiveDuration(flag, s, example string) (int64, error) {
	d, err := spec.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", flag, err)
	}
	if d == 0 {
		return 0, fmt.Errorf("%s: must be more than 0 (e.g. %s)", flag, example)
	}
	return d, nil
}

// parseInstant reads a date-range flag ("" leaves that end open).
func parseInstant(flag, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	t, err := ingest.ParseTime(s, ingest.UnitAuto)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", flag, err)
	}
	return t, nil
}
