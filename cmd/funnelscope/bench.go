package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/sample"
	"github.com/spf13/cobra"
)

type benchFlags struct {
	outputFlags
	users  int
	db     string
	events string
	warm   int
}

func newBenchCmd(g *globals) *cobra.Command {
	f := &benchFlags{}
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure import, memory, open and every analysis on a dataset",
		Long: `Measure funnelscope on one dataset and print one row per figure: the import rate
and its peak memory, the snapshot build, the open time, then each analysis (funnel,
breakdown, paths, drivers, attribution, trends, suggest) the first time after opening
and warm (the median of --runs more runs), the events the funnel read, the Go heap per
event and the process's peak resident memory (VmHWM).

The dataset is the sample of --users users generated into a temporary database
(default), an export file imported into one (--events), or an existing database
(--db, opened read-only: no import is measured). Temporary databases are removed.

The funnel is view_item → add_to_cart → begin_checkout → purchase (7 days) and the
breakdown is by device when the data has them, else the suggested funnel and the
first property. From the open on, the garbage collector runs as in the explorer (GOGC
30 unless set). Run it on an otherwise idle machine: the figures are wall-clock.`,
		Example: `  funnelscope bench --users 20000
  funnelscope bench --users 746000 --format md    # the README's 10 M events
  funnelscope bench --events export.ndjson.gz
  funnelscope bench --db big.db --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The global --db names an existing database only when given.
			if cmd.Flag("db").Changed {
				f.db = g.db
			}
			return runBench(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.users, "users", 20000, "sample users to generate (about 13.5 events each)")
	fl.StringVar(&f.events, "events", "", "import this export file instead of generating the sample")
	fl.IntVar(&f.warm, "runs", 5, "warm runs per analysis (their median is reported)")
	cmd.Flags().StringVar(&f.format, "format", "", "output: table|json|md (default table on a terminal, else json)")
	return cmd
}

// benchRow is one measured figure.
type benchRow struct {
	What  string  `json:"what"`
	First float64 `json:"first_ms,omitempty"` // ms, the first run after opening
	Warm  float64 `json:"warm_ms,omitempty"`  // ms, median of the warm runs
	Value string  `json:"value,omitempty"`    // a figure that is no duration
}

// benchResult is what bench prints.
type benchResult struct {
	Dataset string     `json:"dataset"`
	Events  int        `json:"events"`
	Users   int        `json:"users"`
	Go      string     `json:"go"`
	CPUs    int        `json:"cpus"`
	Rows    []benchRow `json:"rows"`
}

func runBench(cmd *cobra.Command, f *benchFlags) error {
	format, err := f.outputFormat()
	if err == nil {
		err = report.CheckFormat(format, "table", "json", "md")
	}
	if err != nil {
		return err
	}
	if f.db != "" && f.events != "" {
		return fmt.Errorf("--db and --events exclude each other: bench imports --events into a database of its own")
	}
	if f.warm < 1 {
		return fmt.Errorf("--runs must be at least 1")
	}
	res, err := benchDataset(cmd, f)
	if err != nil {
		return err
	}
	return benchView.write(cmd.OutOrStdout(), format, res)
}

// benchDataset fills (or takes) the database, then measures it.
func benchDataset(cmd *cobra.Command, f *benchFlags) (*benchResult, error) {
	ctx := cmd.Context()
	res := &benchResult{Go: runtime.Version(), CPUs: runtime.GOMAXPROCS(0)}
	path := f.db
	if path == "" {
		dir, err := os.MkdirTemp("", "funnelscope-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "bench.db")
		if err := benchImport(ctx, f, path, res); err != nil {
			return nil, err
		}
	} else {
		res.Dataset = f.db
	}
	return res, benchAnalyses(ctx, path, f.warm, res)
}

// benchImport imports the dataset into a new database at path and builds
// its snapshot, recording their times and peak memory.
func benchImport(ctx context.Context, f *benchFlags, path string, res *benchResult) (err error) {
	st, err := openStore(path, store.Options{})
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	resetPeakRSS()
	start := time.Now()
	var r ingest.Result
	if f.events != "" {
		res.Dataset = f.events
		r, err = (&ingest.Importer{Store: st}).ImportFile(ctx, f.events)
	} else {
		cfg := sample.Config{Users: f.users, Seed: 1}
		res.Dataset = sampleName(cfg)
		r, err = loadSample(ctx, st, cfg)
	}
	if err != nil {
		return fmt.Errorf("bench: import: %w", err)
	}
	secs := time.Since(start).Seconds()
	res.add(benchRow{What: "import", First: secs * 1000,
		Value: fmt.Sprintf("%d events, %.0f k ev/s", r.Imported, float64(r.RowsRead)/secs/1000)})
	res.add(benchRow{What: "import peak RSS", Value: mib(peakRSS())})
	runtime.GC()
	resetPeakRSS()
	start = time.Now()
	if _, err := dataset.Open(ctx, st); err != nil {
		return fmt.Errorf("bench: snapshot: %w", err)
	}
	res.add(benchRow{What: "snapshot build", First: ms(start), Value: mib(peakRSS()) + " peak RSS"})
	return nil
}

// benchAnalyses opens the database as the explorer does and times every
// analysis, first and warm.
func benchAnalyses(ctx context.Context, path string, runs int, res *benchResult) (err error) {
	// What the import left is returned to the system, and the GC runs as
	// in the explorer, so the figures from here on are the explorer's.
	debug.FreeOSMemory()
	explorerGC()
	resetPeakRSS()
	start := time.Now()
	st, err := openStore(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	log, _, err := dataset.Load(ctx, st)
	if err != nil {
		return fmt.Errorf("bench: open: %w", err)
	}
	res.add(benchRow{What: "open", First: ms(start), Value: mib(procStatus("VmRSS:")) + " RSS, " + mib(peakRSS()) + " peak"})
	res.Events, res.Users = log.NumEvents(), log.NumUsers()
	e := engine.NewLocal(log)
	for _, a := range benchSpecs(ctx, e) {
		first, err := timed(func() error { return a.run(ctx, e) })
		if err != nil {
			return fmt.Errorf("bench: %s: %w", a.name, err)
		}
		warm := make([]float64, runs)
		for i := range warm {
			warm[i], _ = timed(func() error { return a.run(ctx, e) })
		}
		slices.Sort(warm)
		res.add(benchRow{What: a.name, First: first, Warm: warm[runs/2], Value: a.note()})
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	runtime.KeepAlive(e) // the snapshot is what the figures measure
	perEvent := func(b int64) string {
		return fmt.Sprintf("%s, %.1f bytes/event", mib(b), float64(b)/float64(max(1, res.Events)))
	}
	res.add(benchRow{What: "Go heap after every analysis", Value: perEvent(int64(m.HeapInuse))})
	res.add(benchRow{What: "RSS after every analysis", Value: perEvent(procStatus("VmRSS:"))})
	res.add(benchRow{What: "peak RSS since open", Value: mib(peakRSS())})
	return nil
}

// benchSpec is one analysis bench runs; note describes its last run.
type benchSpec struct {
	name string
	run  func(context.Context, engine.Engine) error
	note func() string
}

// benchSpecs returns the analyses to time on e: the sample's funnel when
// the data has its events, else the suggested one.
func benchSpecs(ctx context.Context, e *engine.Local) []benchSpec {
	f := benchFunnel(ctx, e)
	goal := f.Steps[len(f.Steps)-1]
	touch := benchKey(e, "utm_source")
	var read int
	none := func() string { return "" }
	return []benchSpec{
		{"funnel " + stepNames(f.Steps), func(ctx context.Context, e engine.Engine) error {
			r, err := e.Funnel(ctx, f)
			if err == nil {
				read = r.EventsRead
			}
			return err
		}, func() string { return fmt.Sprintf("%d events read", read) }},
		{"breakdown by " + f.By, func(ctx context.Context, e engine.Engine) error {
			_, _, err := e.Breakdown(ctx, f)
			return err
		}, none},
		{"paths after " + f.Steps[0].Name, func(ctx context.Context, e engine.Engine) error {
			_, err := e.Paths(ctx, spec.Paths{Anchor: f.Steps[0]})
			return err
		}, none},
		{"drivers of " + goal.Name, func(ctx context.Context, e engine.Engine) error {
			_, err := e.Drivers(ctx, spec.Drivers{Goal: goal})
			return err
		}, none},
		{"attribution by " + touch, func(ctx context.Context, e engine.Engine) error {
			_, err := e.Attribution(ctx, spec.Attribution{Goal: goal, Touch: touch})
			return err
		}, none},
		{"trends", func(ctx context.Context, e engine.Engine) error {
			_, err := e.Trends(ctx, spec.Trends{Funnel: f})
			return err
		}, none},
		{"suggest", func(ctx context.Context, e engine.Engine) error {
			_, err := e.Suggest(ctx)
			return err
		}, none},
	}
}

// benchFunnel is the funnel when every step is in the data, else
// the suggested funnel; broken down by device, or the first property.
func benchFunnel(ctx context.Context, e *engine.Local) spec.Funnel {
	f := spec.Funnel{Window: 7 * 24 * 3600 * 1e6, By: benchKey(e, "device")}
	for _, n := range []string{"view_item", "add_to_cart", "begin_checkout", "purchase"} {
		f.Steps = append(f.Steps, spec.Step{Name: n})
		if !e.HasEvent(n) {
			f.Steps, _ = e.Suggest(ctx)
			break
		}
	}
	if len(f.Steps) == 0 {
		f.Steps = []spec.Step{{Name: e.Events()[0].Name}}
	}
	return f
}

// benchKey is key when the data has it, else its first property.
func benchKey(e *engine.Local, key string) string {
	if e.HasKey(key) || len(e.Keys()) == 0 {
		return key
	}
	return e.Keys()[0]
}

func stepNames(steps []spec.Step) string {
	var names []string
	for _, s := range steps {
		names = append(names, s.Name)
	}
	return strings.Join(names, " → ")
}

func (r *benchResult) add(row benchRow) { r.Rows = append(r.Rows, row) }

// timed runs f and returns how long it took in ms.
func timed(f func() error) (float64, error) {
	start := time.Now()
	err := f()
	return ms(start), err
}

func ms(start time.Time) float64 { return float64(time.Since(start).Microseconds()) / 1000 }

func mib(bytes int64) string { return fmt.Sprintf("%.0f MiB", float64(bytes)/(1<<20)) }

// peakRSS is the process's peak resident memory in bytes: VmHWM, which
// resetPeakRSS can lower, else getrusage's lifetime maximum.
func peakRSS() int64 {
	if b := procStatus("VmHWM:"); b > 0 {
		return b
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0 // unknown: the report says 0 rather than fail the bench
	}
	return ru.Maxrss << 10 // kB on Linux
}

// procStatus is a field of /proc/self/status in bytes, 0 where there is none.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// resetPeakRSS starts a new VmHWM period, so each phase reports its own
// peak; where the kernel cannot, the peaks are the process's so far.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

var benchView = view[*benchResult]{
	json:  func(r *benchResult) any { return r },
	table: plain(benchTable),
}

// benchTable starts with the dataset and the machine, so that a table
// pasted alone (the README's) says what it measured.
func benchTable(r *benchResult) report.Table {
	t := report.Table{Headers: []string{"what", "first ms", "warm ms", ""}, RightAlign: []bool{false, true, true, false}}
	t.Rows = append(t.Rows, []string{"dataset", "", "", fmt.Sprintf("%s: %d events, %d users", r.Dataset, r.Events, r.Users)},
		[]string{"machine", "", "", fmt.Sprintf("%s, %d CPUs", r.Go, r.CPUs)})
	for _, row := range r.Rows {
		t.Rows = append(t.Rows, []string{row.What, msCell(row.First), msCell(row.Warm), row.Value})
	}
	return t
}

func msCell(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
