package main

import (
	"context"
	"errors"
	"io"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
)

// runAnalysis is what every analysis command does: build the spec from
// its flags, open the engine on --db, compute and show the result. Flag
// mistakes are reported before the database is opened.
func runAnalysis[S, R any](cmd *cobra.Command, g *globals, a *analysisFlags, parse func() (S, error),
	compute func(context.Context, engine.Engine, S) (R, error), v view[R]) (err error) {
	s, err := parse()
	if err != nil {
		return err
	}
	format, err := a.outputFormat()
	if err != nil {
		return err
	}
	e, st, err := g.openEngine(cmd)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	r, err := compute(cmd.Context(), e, s)
	if err != nil {
		return err
	}
	return v.write(cmd.OutOrStdout(), format, r)
}

// showFromStore is what info and events do: read a result from --db, which
// must exist, and show it in the format asked for.
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

// openEngine opens --db read-only and the engine over its snapshot. The
// caller closes the store when the command ends, not before: property
// columns are read from it on first use.
func (g *globals) openEngine(cmd *cobra.Command) (engine.Engine, *store.Store, error) {
	st, err := g.openExisting()
	if err != nil {
		return nil, nil, err
	}
	l, err := openSnapshot(cmd.Context(), st)
	if err != nil {
		_ = st.Close() // the open error is the one to report
		return nil, nil, err
	}
	return engine.NewLocal(l), st, nil
}

// openSnapshot is dataset.Open for the commands that only read: a cache
// that could not be written costs the next open a rebuild, nothing more.
func openSnapshot(ctx context.Context, st *store.Store) (*snapshot.Log, error) {
	l, err := dataset.Open(ctx, st)
	if ce := (*dataset.CacheError)(nil); errors.As(err, &ce) {
		return l, nil
	}
	return l, err
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
