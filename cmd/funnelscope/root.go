package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
)

// globals are the flags every command shares.
type globals struct {
	db     string
	engine string // --engine, where the commands that take it have it (engine.go)
}

func newRootCmd() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "funnelscope",
		Short: "Explore conversion funnels of your event data, in the terminal",
		Long: `funnelscope loads event exports (CSV, TSV, NDJSON, JSON, and the export formats of
GA4/BigQuery, Mixpanel, Amplitude, Segment and PostHog) into one local SQLite file,
and shows which micro-conversions lead to the macro-conversion and where people drop off.

Open the explorer on --db:        funnelscope  (or funnelscope ui)
Start with the workshop sample:   funnelscope demo
Import and explore in one go:     funnelscope open events.csv
Import your own export:           funnelscope import events.csv
See what is in the database:      funnelscope info`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
	}
	def := os.Getenv(store.EnvDB)
	if def == "" {
		def = store.DefaultPath
	}
	root.PersistentFlags().StringVar(&g.db, "db", def, "database file (env "+store.EnvDB+")")
	ui := newUICmd(g)
	registerEngine(ui, g)
	root.RunE = ui.RunE // no command: open the explorer
	root.AddCommand(ui, newOpenCmd(), newImportCmd(g), newInfoCmd(g), newEventsCmd(g), newSampleCmd(g), newDemoCmd(g),
		commandOf(funnelCommand(g)), commandOf(pathsCommand(g)), commandOf(driversCommand(g)),
		commandOf(attributionCommand(g)), commandOf(microCommand(g)), commandOf(trendsCommand(g)), newServeCmd(g))
	root.AddCommand(newBenchCmd(g))
	root.AddCommand(newClickHouseCmd(g))
	return root
}

// commandOf drops the flags that the analysis commands' builders return
// beside the command for tests.
func commandOf[F any](cmd *cobra.Command, _ F) *cobra.Command { return cmd }

// open opens the database named by --db for writing, creating it if needed.
func (g *globals) open() (*store.Store, error) { return openStore(g.db, store.Options{}) }

// openExisting opens --db read-only but refuses to create it: read commands
// on a mistyped path should say so instead of showing an empty database.
func (g *globals) openExisting() (*store.Store, error) {
	if _, err := os.Stat(g.db); err != nil {
		return nil, noDatabaseError(g.db)
	}
	return openStore(g.db, store.Options{ReadOnly: true})
}

// openStore opens the database at path and says what to do when it is
// not one of funnelscope's, or holds nothing to read yet.
func openStore(path string, o store.Options) (*store.Store, error) {
	st, err := store.OpenWith(path, o)
	var nf *store.NotFunnelscopeError
	switch {
	case errors.As(err, &nf):
		return nil, fmt.Errorf("%w; pick another --db", err)
	case errors.Is(err, store.ErrEmpty):
		return nil, noDatabaseError(path)
	}
	return st, err
}

// closeStore closes st, which the command may have written to, when the
// command ends, adding a failure to *err: closing checkpoints the WAL, so
// a failed close can lose what the command already reported done.
func closeStore(st *store.Store, err *error) {
	if cerr := st.Close(); cerr != nil {
		*err = errors.Join(*err, fmt.Errorf("close %s: %w", st.Path(), cerr))
	}
}

type noDatabaseError string

func (e noDatabaseError) Error() string {
	return "no database at " + string(e) + ": import a file first (funnelscope import FILE), " +
		"point --db (or " + store.EnvDB + ") at one, or try funnelscope demo"
}
