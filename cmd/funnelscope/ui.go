package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/saved"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/ui/app"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newUICmd(g *globals) *cobra.Command {
	cmd, _ := uiCommand(g)
	return cmd
}

// uiCommand builds the command and returns its view flags as well, so
// that tests can parse arguments into a state without a terminal.
func uiCommand(g *globals) (*cobra.Command, *viewFlags) {
	var v *viewFlags
	cmd := &cobra.Command{
		Use:   "ui",
		Short: "Open the interactive funnel explorer on the database (also: funnelscope with no command)",
		Long: `Open the interactive funnel explorer (TUI) on --db.

` + explorerKeysHelp + `

The flags open a given view: the funnel flags of funnelscope funnel, --tab, and the tab's
options as the analysis commands name them; y shows the ui command of the view on screen.
Without them the explorer reopens the view it showed last on this database (kept in the
database per user; never written to a read-only file or directory).`,
		Example: `  funnelscope ui --steps view_item,add_to_cart,purchase --tab breakdown --by device
  funnelscope ui --steps view_item,purchase --tab paths --anchor add_to_cart --direction backward`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if g.remote() {
				return runEngineTUI(cmd, g)
			}
			if _, err := os.Stat(g.db); err != nil {
				// No database yet: the explorer's empty screen says how to
				// import, and no file is created by merely looking.
				return runEmptyTUI(cmd, g.db)
			}
			return runTUI(cmd, g.db, nil, nil, v)
		},
	}
	v = registerView(cmd)
	return cmd, v
}

// runTUI opens the TUI on the database at path; before, when not nil,
// runs first inside the TUI's loading screen (open imports files there)
// and the database is opened for writing. Without it the database is
// opened read-only, and for writing only to save a funnel. The explorer
// starts on the funnel start, or when it is empty on the one the data
// suggests; the view flags v, and the state kept in the database, say
// which view it opens on.
func runTUI(cmd *cobra.Command, path string, before func(context.Context, *store.Store, func(app.Progress)) error,
	start []spec.Step, v *viewFlags) (err error) {
	if err := needTerminal(); err != nil {
		return err
	}
	opts := store.Options{ReadOnly: before == nil}
	st, err := openStore(path, opts)
	if err != nil {
		return err
	}
	defer closeStore(st, &err) // imports write to it
	var sv common.SavedFunnels = saved.New(st)
	if opts.ReadOnly {
		sv = savedOnDemand{saved.ReadOnly(st), path}
	}
	load := func(ctx context.Context, report func(app.Progress)) (engine.Engine, error) {
		if before != nil {
			if err := before(ctx, st, report); err != nil {
				return nil, err
			}
		}
		report(app.Progress{Stage: "loading the analysis snapshot"})
		return localEngine(ctx, st)
	}
	o := app.Options{Load: load, Saved: sv, Steps: start}
	if err := viewOptions(cmd.Context(), st, v, &o); err != nil {
		return err
	}
	return runExplorer(cmd, path, o)
}

// savedOnDemand lists and opens saved funnels through the explorer's
// read-only store, and opens the database for writing only to save one:
// exploring without saving writes nothing.
type savedOnDemand struct {
	*saved.Funnels // read-only: its List and Load serve, its Save is replaced
	path           string
}

// Save stores f as name through a writable open of the database, which
// stamps a database from before the marker (store.ApplicationID).
func (s savedOnDemand) Save(ctx context.Context, name string, f spec.Funnel) error {
	return s.writing(func(w *saved.Funnels) error { return w.Save(ctx, name, f) })
}

// Rename renames a saved funnel through a writable open, as Save does.
func (s savedOnDemand) Rename(ctx context.Context, from, to string) error {
	return s.writing(func(w *saved.Funnels) error { return w.Rename(ctx, from, to) })
}

// Delete removes a saved funnel through a writable open, as Save does.
func (s savedOnDemand) Delete(ctx context.Context, name string) error {
	return s.writing(func(w *saved.Funnels) error { return w.Delete(ctx, name) })
}

// writing runs change on the saved funnels of a writable open of the
// database, closed again before it returns.
func (s savedOnDemand) writing(change func(*saved.Funnels) error) (err error) {
	st, err := openStore(s.path, store.Options{})
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	return change(saved.New(st))
}

// runEmptyTUI shows the explorer's "no events yet" screen for a database
// that does not exist, without creating it.
func runEmptyTUI(cmd *cobra.Command, path string) error {
	if err := needTerminal(); err != nil {
		return err
	}
	empty := func(context.Context, func(app.Progress)) (engine.Engine, error) {
		return engine.NewLocal(snapshot.Empty()), nil
	}
	return runExplorer(cmd, path, app.Options{Load: empty})
}

// explorerGC collects garbage at 30% heap growth instead of 100% unless
// GOGC says otherwise: the snapshot is a few large columns the GC marks
// for free (they hold no pointers), so collecting more often costs little
// CPU and keeps the RSS of a process holding a snapshot (the explorer,
// serve, bench) near its live heap. At 10 M events, after every tab:
// 344 MB at 40%, 334 MB at 30%, the same warm timings (README,
// "Performance").
func explorerGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(explorerGOGC)
	}
}

// explorerGOGC is explorerGC's GC percent.
const explorerGOGC = 30

// runExplorer runs the explorer on the local database at path full
// screen in this terminal.
func runExplorer(cmd *cobra.Command, path string, o app.Options) error {
	o.DBName, o.DBArg, o.Local = filepath.Base(path), path, true
	o.NoColor = os.Getenv("NO_COLOR") != "" // https://no-color.org
	// Log lines written while the explorer owns the screen (a rejected
	// snapshot cache being rebuilt, say) would smear it: hold them and
	// print them once the terminal is back.
	var held bytes.Buffer
	defer holdLogs(&held)()
	explorerGC()
	p := tea.NewProgram(app.New(o), tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(cmd.Context()))
	_, err := p.Run()
	return err
}

// holdLogs sends the default logger to w until the returned function runs,
// which restores it and copies what was held to stderr.
func holdLogs(w *bytes.Buffer) func() {
	// slog.SetDefault also redirects the log package, and setting the
	// original default back does not undo that: restore both.
	prev, out, flags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(slog.New(slog.NewTextHandler(w, nil)))
	return func() {
		slog.SetDefault(prev)
		log.SetOutput(out)
		log.SetFlags(flags)
		_, _ = os.Stderr.Write(w.Bytes()) // stderr gone: nowhere to report it
	}
}

// needTerminal refuses to draw the explorer into a pipe.
func needTerminal() error {
	if !term.IsTerminal(int(os.Stdout.Fd())) || !term.IsTerminal(int(os.Stdin.Fd())) {
		return fmt.Errorf("the explorer needs a terminal; in scripts use the analysis commands " +
			"(funnelscope funnel --steps ..., funnelscope --help lists them)")
	}
	return nil
}

// explorerKeysHelp is the explorer's keys as ui, open and demo --help
// list them: the ones a newcomer needs, and ? for the rest.
const explorerKeysHelp = `In the explorer: build a funnel with a (add a step after the selected one), r (replace
its event), + (duplicate it), d (remove), u (undo), f (step filter), w (window),
o (order), c (count), e (exclusions); switch views with tab or 1-7 (funnel, breakdown,
paths, drivers, trends, attribution, events). enter drills down (a step: what its
drop-outs did instead; a segment: its funnel; a driver: its paths) and esc goes back;
on trends, l cycles the lines: overall, per step, per segment. ] and [ walk the tour of
the sample's insights; P is presenter mode for a room. g adds a global filter, D sets
dates, R resets them; y shows the view as a command, x exports it, s saves the funnel,
O opens a saved one. ? lists every key of the view on screen.`
