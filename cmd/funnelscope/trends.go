package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // --tz must work where the system has no zone database (Windows, scratch images)

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

// trendsFlags are the funnel's flags plus the period, time zone, baseline
// and the lines beside the overall rate; --by and --top are the segment
// lines' property and count here, not a breakdown's.
type trendsFlags struct {
	funnelFlags
	interval, tz, baseline, lines string
}

// trendsCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func trendsCommand(g *globals) (*cobra.Command, *trendsFlags) {
	f := &trendsFlags{}
	cmd := analysisCommand(&cobra.Command{
		Use:   "trends --steps \"a,b\" [--interval day|week] [--tz ZONE] [flags]",
		Short: "Show a funnel's conversion per day or week, marking periods outside the usual band",
		Long: `Compute the funnel per day or week of each user's (or session's) first step-1 event:
entered = units reaching step 1, converted = units reaching the last step, rate =
converted / entered. Every funnel flag applies (--window, --order, --count, --exclude,
--where, --from, --to), with the meanings of funnelscope funnel.

Periods are calendar days or weeks (starting Monday 00:00) in UTC, or in --tz (an IANA
name such as Europe/Berlin, or an offset such as +02:00). With --tz, a date-only --from
or --to is midnight in that zone. Periods run without gaps from the first period with
entries to the last; the ones between without entries are listed with zeros.

Band: the mean +/- 2 sample standard deviations of the rates of the previous periods
with entries: the latest --baseline of them (default 8), or all with --baseline all.
A period needs 3 such periods for a band; empty periods have no band and never count
in one. A period whose rate lies outside its band is marked (JSON outside_band).

The last periods are "incomplete" when their entrants' conversion windows end after
the last event (or --to): their rates can still rise, so a low mark there may be the
data ending rather than a real drop.

--lines adds lines beside the overall rate: steps gives each step's conversion from
the previous step per period; segments (with --by PROP) gives the funnel's conversion
per value of PROP on the first step-1 event, the --top largest segments and the rest
as (other). The table and CSV add a rate column per line; JSON a "lines" list per
period.`,
		Example: `  funnelscope trends --steps "view_item,purchase"
  funnelscope trends --steps "view_item,add_to_cart,purchase" --interval week --tz Europe/Berlin
  funnelscope trends --steps "landing_page_view,newsletter_signup" --baseline all --format md
  funnelscope trends --steps "view_item,purchase" --window 1d --where device=mobile --format json | jq '.periods[] | select(.outside_band)'
  funnelscope trends --steps "view_item,add_to_cart,purchase" --lines steps
  funnelscope trends --steps "view_item,purchase" --lines segments --by device --top 3`,
	}, g, &f.analysisFlags, f.spec, method(engine.Engine.Trends), trendsView)
	fl := cmd.Flags()
	fl.StringVar(&f.steps, "steps", "", "comma-separated steps (required); conversion is last over first")
	fl.StringVar(&f.interval, "interval", "day", "period: day or week (weeks start on Monday)")
	fl.StringVar(&f.tz, "tz", "UTC", "time zone of the calendar: Europe/Berlin, America/New_York, +05:30, ...")
	fl.StringVar(&f.baseline, "baseline", strconv.Itoa(spec.DefaultBaseline), "previous periods with entries that make the band (at least 3), or all")
	fl.StringVar(&f.lines, "lines", "overall", "lines beside the overall rate: overall, steps (each from the previous) or segments (of --by)")
	fl.StringVar(&f.by, "by", "", "with --lines segments: the property whose values make the lines (implies --lines segments)")
	fl.IntVar(&f.top, "top", spec.DefaultTrendTop, "with --lines segments: segments drawn before (other)")
	f.registerShape(fl)
	cmd.MarkFlagRequired("steps")
	return cmd, f
}

func (f *trendsFlags) spec() (spec.Trends, error) {
	var t spec.Trends
	var err error
	if t.Funnel, err = f.funnelFlags.spec(); err != nil {
		return t, err
	}
	t.Funnel.By, t.Funnel.Top = "", 0 // here they are the lines' (setLines)
	if t.Interval, err = spec.ParseInterval(f.interval); err != nil {
		return t, fmt.Errorf("--interval: %w", err)
	}
	if t.Location, err = spec.ParseZone(f.tz); err != nil {
		return t, fmt.Errorf("--tz: %w", err)
	}
	// A bare date names the day of the calendar the periods follow.
	for _, d := range []struct {
		flag, val string
		dst       *int64
	}{{"--from", f.from, &t.Funnel.From}, {"--to", f.to, &t.Funnel.To}} {
		if day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(d.val), t.Location); err == nil {
			*d.dst = day.UnixMicro()
		}
	}
	switch b := strings.ToLower(strings.TrimSpace(f.baseline)); b {
	case "all":
		t.Baseline = spec.AllBaseline
	default:
		n, err := strconv.Atoi(b)
		if err != nil || n < spec.MinBaseline {
			return t, fmt.Errorf("--baseline %q: give a number of periods, at least %d, or all", f.baseline, spec.MinBaseline)
		}
		t.Baseline = n
	}
	return t, f.setLines(&t)
}

// setLines reads --lines, --by and --top into t. --by alone means
// segment lines; segments without a property, or a property with other
// lines, is an error rather than a guess.
func (f *trendsFlags) setLines(t *spec.Trends) error {
	f.by = strings.TrimSpace(f.by)
	var err error
	if t.Lines, err = spec.ParseLines(f.lines); err != nil {
		return fmt.Errorf("--lines: %w", err)
	}
	switch {
	case f.by != "" && t.Lines == spec.OverallLine:
		t.Lines = spec.SegmentLines
	case f.by != "" && t.Lines != spec.SegmentLines:
		return fmt.Errorf("--by %s splits the lines per segment: use --lines segments, or drop --by", f.by)
	case f.by == "" && t.Lines == spec.SegmentLines:
		return fmt.Errorf("--lines segments: name the property to split by with --by, e.g. --by device")
	}
	if t.Lines == spec.SegmentLines {
		t.By, t.Top = f.by, f.top
	}
	return nil
}

// trendsView draws the rates as bars in the terminal's table only: CSV
// and Markdown stay data.
var trendsView = view[*analysis.TrendsResult]{
	json: report.TrendsJSON, heading: report.TrendsHeading, table: report.TrendsTable,
}
