package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/progress"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

type importFlags struct {
	opts                                   ingest.Options
	columns, timeUnit, maxField, timeRange string
	quiet                                  bool
}

func newImportCmd(g *globals) *cobra.Command {
	f := &importFlags{}
	cmd := &cobra.Command{
		Use:   "import [flags] FILE...",
		Short: "Import event exports into the database",
		Long: `Import event exports into the database (--db). Each file is imported in one
transaction: interrupted, it leaves the database exactly as before.

The format is found from the content (gzip is unwrapped first): GA4/Firebase BigQuery
rows, Mixpanel raw export, Amplitude export, Segment track calls, PostHog events, or
plain CSV/TSV/NDJSON/JSON. In plain files the user, event and time columns are found
by common names (user_id, distinct_id, event, event_name, timestamp, ...); name them
with --user-col, --event-col and --time-col when they are called something else.
Every other column becomes a property.

Events already stored (same insert/message id, or same user, name, time and
properties) are skipped, so importing a file twice changes nothing.

Bad rows are skipped and named (FILE:LINE), or stop the file with --strict: among
them records longer than --max-field, JSON nested deeper than --max-depth, rows
holding a NUL byte, and times outside --time-range. Text that is not UTF-8 is
repaired (each bad byte run becomes U+FFFD) and counted.

The exit status is 1 when a file could not be imported, else 0. When the events are
in but the analysis cache cannot be written afterwards (a full disk), the command
says so and exits 0: the cache is rebuilt on the next open.`,
		Example: `  funnelscope import events.csv
  funnelscope import export-2024-*.ndjson.gz
  funnelscope import --user-col fullVisitorId --event-col hit_type --time-col event_timestamp_ms hits.csv
  funnelscope import --no-header --columns user_id,event,timestamp,page data.tsv
  cat events.ndjson | funnelscope import -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runImport(cmd, g, f, args) },
	}
	f.register(cmd.Flags())
	fl := cmd.Flags()
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress bar")
	registerEngine(cmd, g)
	return cmd
}

// register declares the flags that say how to read the files.
func (f *importFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.opts.Format, "format", "auto", "input format: "+strings.Join(ingest.Formats, "|"))
	fl.StringVar(&f.opts.Columns.User, "user-col", "", "column holding the user id")
	fl.StringVar(&f.opts.Columns.Event, "event-col", "", "column holding the event name")
	fl.StringVar(&f.opts.Columns.Time, "time-col", "", "column holding the timestamp")
	fl.StringVar(&f.opts.Columns.Session, "session-col", "", "column holding the session id")
	fl.StringVar(&f.opts.Columns.InsertID, "insert-id-col", "", "column holding a unique event id (for dedup)")
	fl.BoolVar(&f.opts.NoHeader, "no-header", false, "CSV/TSV without a header row (use with --columns)")
	fl.StringVar(&f.columns, "columns", "", "comma-separated column names for --no-header files")
	fl.StringVar(&f.timeUnit, "time-unit", "auto", "unit of numeric timestamps: auto|s|ms|us|ns")
	fl.StringVar(&f.opts.Explode, "explode", "", "JSON: array field whose elements are the events (parent fields are copied to each)")
	fl.BoolVar(&f.opts.Strict, "strict", false, "stop at the first bad row and import nothing of that file")
	fl.StringVar(&f.maxField, "max-field", humanize.IBytes(ingest.DefaultMaxField),
		"largest record (and so field) to read, e.g. 64MiB; a longer row is rejected unread")
	fl.IntVar(&f.opts.MaxDepth, "max-depth", ingest.DefaultMaxDepth,
		fmt.Sprintf("deepest nesting of a JSON record, at most %d; a deeper row is rejected", ingest.DefaultMaxDepth))
	fl.StringVar(&f.timeRange, "time-range", "",
		"event times to accept, FROM..TO (default 1990-01-01 to a year from now; e.g. 1970-01-01..2100-01-01)")
}

// options resolves the flags into importer options.
func (f *importFlags) options() (ingest.Options, error) {
	unit, err := ingest.ParseTimeUnit(f.timeUnit)
	if err != nil {
		return f.opts, err
	}
	f.opts.TimeUnit = unit
	if f.opts.MaxField, err = parseSize(f.maxField); err != nil {
		return f.opts, fmt.Errorf("--max-field: %w", err)
	}
	if f.timeRange != "" {
		if f.opts.TimeRange, err = ingest.ParseTimeRange(f.timeRange); err != nil {
			return f.opts, fmt.Errorf("--time-range: %w", err)
		}
	}
	if f.columns != "" {
		f.opts.ColumnNames = strings.Split(f.columns, ",")
	}
	return f.opts, f.opts.Validate()
}

// parseSize reads a byte count such as 16MiB, 64MB or 1048576.
func parseSize(s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil {
		return 0, err
	}
	if n == 0 || n > math.MaxInt64 {
		return 0, fmt.Errorf("%q: want a size above zero", s)
	}
	return int64(n), nil
}

func runImport(cmd *cobra.Command, g *globals, f *importFlags, files []string) (err error) {
	opts, err := f.options()
	if err != nil {
		return err
	}
	if g.remote() {
		return importToEngine(cmd, g, opts, f.quiet, files)
	}
	st, err := g.open()
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	limitImportMemory()
	im := &ingest.Importer{Store: st, Options: opts}
	failed, imported := importFiles(cmd.Context(), files, importBar(f.quiet, &im.Progress), im.ImportFile)
	if imported > 0 && cmd.Context().Err() == nil {
		// The importer's dictionaries are done with: let the snapshot
		// build reuse their memory rather than add to it.
		im = nil
		runtime.GC()
		if err := refreshSnapshot(cmd, st, imported, f.quiet); err != nil {
			return err
		}
	}
	if failed > 0 {
		return exitCode(1)
	}
	return nil
}

// importBar is a progress bar on standard error, fed through *report,
// when that is a terminal and the bar is not turned off; else nil.
func importBar(quiet bool, report *func(ingest.Progress)) *progress.Bar {
	if quiet || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	bar := progress.New(os.Stderr)
	*report = func(p ingest.Progress) { bar.Update(p.File, p.BytesRead, p.Total, p.Events, p.Elapsed) }
	return bar
}

// importFiles imports each file through importFile, ending bar (nil for
// none) after each and reporting its result or error, until the context
// is interrupted: the local import's loop and import --engine's. It
// returns how many files failed and how many events went in.
func importFiles(ctx context.Context, files []string, bar *progress.Bar,
	importFile func(context.Context, string) (ingest.Result, error)) (failed int, imported int64) {
	for _, file := range files {
		res, err := importFile(ctx, file)
		if bar != nil {
			bar.Done()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "funnelscope:", err)
			failed++
			if ctx.Err() != nil {
				break
			}
			continue
		}
		printImportResult(res)
		imported += res.Imported
		if res.Failed() {
			failed++
		}
	}
	return failed, imported
}

// refreshSnapshot rebuilds the analysis snapshot cached in the store after
// imported events went in, so the next analysis opens at once instead of
// scanning every event. The events are committed by then: when only the
// cache cannot be written (a full disk) it says so and succeeds, because
// the next open rebuilds the cache.
func refreshSnapshot(cmd *cobra.Command, st *store.Store, imported int64, quiet bool) error {
	start := time.Now()
	err := dataset.Refresh(cmd.Context(), st)
	if ce := (*dataset.CacheError)(nil); errors.As(err, &ce) {
		fmt.Fprintf(cmd.ErrOrStderr(), "imported %d events; the analysis cache could not be written (%v): "+
			"it will be rebuilt on next open\n", imported, ce.Err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("imported %d events, but the analysis snapshot could not be built: %w", imported, err)
	}
	if !quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "analysis snapshot rebuilt in %.2fs\n", time.Since(start).Seconds())
	}
	return nil
}

func printImportResult(res ingest.Result) {
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, "  "+e.Error())
	}
	if more := res.Rejected - int64(len(res.Errors)); more > 0 {
		fmt.Fprintf(os.Stderr, "  ... and %d more rejected rows\n", more)
	}
	secs := res.Duration.Seconds()
	rate := ""
	if secs > 0 {
		rate = fmt.Sprintf(", %.0f ev/s", float64(res.Imported+res.Duplicates)/secs)
	}
	if res.BadTimes > 0 {
		fmt.Fprintf(os.Stderr, "  %d rejected rows have times outside %s: --time-range FROM..TO widens it\n",
			res.BadTimes, res.TimeRange)
	}
	more := ""
	if res.Skipped > 0 {
		more = fmt.Sprintf(", %d skipped (not events)", res.Skipped)
	}
	if res.Repaired > 0 {
		more += fmt.Sprintf(", %d with invalid UTF-8 repaired", res.Repaired)
	}
	fmt.Fprintf(os.Stderr, "%s: imported %d, duplicate %d, rejected %d%s in %.2fs (%s%s)\n",
		res.File, res.Imported, res.Duplicates, res.Rejected, more, secs, res.Format, rate)
}
