package main

import (
	"context"
	"errors"
	"io"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
)

// runAnalysis is what every analysis command does: build the spec from
// its flags, open the engine on --db, compute and show the result. Flag
// mistakes are reported before the database is opened.
func runAnalysis[S, R any](cmd *cobra.Command, g *globals, a *analysisFlags, parse func() (S, error),
	compute func(context.Context, engine.Engine, S) (R, error), v view[R]) error {
	s, err := parse()
	if err != nil {
		return err
	}
	if g.remote() {
		return runOnEngine(cmd, g, &a.outputFlags, func(ctx context.Context, e engine.Engine) (R, error) { return compute(ctx, e, s) }, v)
	}
	// The store stays open until the result is shown: property columns
	// are read from it on first use.
	return showFromStore(cmd, g, &a.outputFlags, func(ctx context.Context, st *store.Store) (R, error) {
		e, err := localEngine(ctx, st)
		if err != nil {
			var zero R
			return zero, err
		}
		return compute(ctx, e, s)
	}, v)
}

// showFromStore is what every command that reads --db and prints does
// (info, events, and each analysis through runAnalysis): read a result
// from --db, which must exist, and show it in the format asked for.
func showFromStore[R any](cmd *cobra.Command, g *globals, o *outputFlags,
	read func(context.Context, *store.Store) (R, error), v view[R]) (err error) {
	format, err := o.outputFormat()
	if err != nil {
		return err
	}
	st, err := g.openExisting()
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	r, err := read(cmd.Context(), st)
	if err != nil {
		return err
	}
	return v.write(cmd.OutOrStdout(), format, r)
}

// method adapts an Engine method expression (engine.Engine.Paths) to
// the compute of runAnalysis.
func method[S, R any](m func(engine.Engine, context.Context, S) (R, error)) func(context.Context, engine.Engine, S) (R, error) {
	return func(ctx context.Context, e engine.Engine, s S) (R, error) { return m(e, ctx, s) }
}

// localEngine is the engine over st's snapshot. A cache that could not
// be written is no error: it costs the next open a rebuild, nothing more.
func localEngine(ctx context.Context, st *store.Store) (engine.Engine, error) {
	l, err := dataset.Open(ctx, st)
	if ce := (*dataset.CacheError)(nil); err != nil && !errors.As(err, &ce) {
		return nil, err
	}
	return engine.NewLocal(l), nil
}

// view is how a command shows a result R in each output format: JSON is
// everything, CSV and Markdown are the table alone, and the text table
// for people comes after a heading that sums the result up.
type view[R any] struct {
	json    func(R) any
	heading func(R) string // nil: the table says it all
	// table is the rows; text is true for the terminal's table (not CSV
	// or Markdown), which may add columns drawn for the eye.
	table func(r R, text bool) report.Table
	// footer, in the terminal's table only, says what the rows cannot
	// ("" when there is nothing to add).
	footer func(R) string
}

// plain adapts a table that looks the same in every format.
func plain[R any](table func(R) report.Table) func(R, bool) report.Table {
	return func(r R, _ bool) report.Table { return table(r) }
}

func (v view[R]) write(w io.Writer, format string, r R) error {
	if err := v.writeBody(w, format, r); err != nil || format != "table" || v.footer == nil {
		return err
	}
	if f := v.footer(r); f != "" {
		_, err := io.WriteString(w, f+"\n")
		return err
	}
	return nil
}

func (v view[R]) writeBody(w io.Writer, format string, r R) error {
	if format == "json" {
		return report.JSON(w, v.json(r))
	}
	t := v.table(r, format == "table")
	if format != "table" || v.heading == nil {
		return t.Write(w, format)
	}
	if _, err := io.WriteString(w, v.heading(r)); err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		// The heading already counts what there is: an empty table
		// would only repeat it.
		return nil
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return t.Write(w, format)
}
