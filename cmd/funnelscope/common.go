package main

import (
	"fmt"
	"io"
	"os"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// analysisFlags are the flags every analysis command shares.
type analysisFlags struct {
	format           string
	where            []string
	from, to         string
	fromFlag, toFlag string // the date flags' names, for errors
}

func (a *analysisFlags) register(cmd *cobra.Command) {
	a.registerOutput(cmd)
	a.registerDates(cmd, "from", "to")
}

// registerOutput declares --format and --where.
func (a *analysisFlags) registerOutput(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&a.format, "format", "", "output: table|json|csv|md (default table on a terminal, else json)")
	fl.StringArrayVar(&a.where, "where", nil, "global filter key=value, key!=value or key~text (repeatable)")
}

// registerDates declares the date range under the given flag names (paths
// uses --since/--until: its --from and --to are anchors).
func (a *analysisFlags) registerDates(cmd *cobra.Command, from, to string) {
	fl := cmd.Flags()
	fl.StringVar(&a.from, from, "", "first day or instant to include (e.g. 2026-09-01)")
	fl.StringVar(&a.to, to, "", "day or instant to stop before (exclusive)")
	a.fromFlag, a.toFlag = "--"+from, "--"+to
}

// outputFormat resolves --format: a table for people, JSON for pipes.
func (a *analysisFlags) outputFormat() (string, error) {
	f := a.format
	if f == "" {
		f = "json"
		if term.IsTerminal(int(os.Stdout.Fd())) {
			f = "table"
		}
	}
	return f, report.CheckFormat(f, report.Formats...)
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
	if from, err = parseInstant(a.fromFlag, a.from); err != nil {
		return nil, 0, 0, err
	}
	to, err = parseInstant(a.toFlag, a.to)
	return where, from, to, err
}

// prepare resolves the output format, then opens the snapshot: the two
// steps every analysis command takes once its spec is parsed.
func (g *globals) prepare(cmd *cobra.Command, a *analysisFlags) (string, *snapshot.Log, error) {
	format, err := a.outputFormat()
	if err != nil {
		return "", nil, err
	}
	l, err := g.openLog(cmd)
	return format, l, err
}

// openLog opens --db and its snapshot. The store stays open until the
// command ends, because property columns are read from it on first use.
func (g *globals) openLog(cmd *cobra.Command) (*snapshot.Log, error) {
	st, err := g.openExisting()
	if err != nil {
		return nil, err
	}
	cobra.OnFinalize(func() { st.Close() })
	return dataset.Open(cmd.Context(), st)
}

// writeTable writes t in format, after heading when format is the text
// table: the heading is for people, CSV and Markdown stay plain tables.
func writeTable(w io.Writer, format, heading string, t report.Table) error {
	if format == "table" && heading != "" {
		if _, err := io.WriteString(w, heading+"\n"); err != nil {
			return err
		}
	}
	return t.Write(w, format)
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
