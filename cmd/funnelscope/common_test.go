package main

// Round trips of the command lines the TUI shows (spec.FunnelArgs, ...):
// parsed with the command's own flags, they must give the spec back.

import (
	"reflect"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

// parseWith parses args with a fresh command's flags and builds its spec.
func parseWith[F any, S any](build func(*globals) (*cobra.Command, F), toSpec func(F) (S, error)) func([]string) (S, error) {
	return func(args []string) (S, error) {
		cmd, f := build(&globals{})
		if err := cmd.Flags().Parse(args); err != nil {
			var zero S
			return zero, err
		}
		return toSpec(f)
	}
}

var (
	parseFunnel      = parseWith(funnelCommand, (*funnelFlags).spec)
	parseTrends      = parseWith(trendsCommand, (*trendsFlags).spec)
	parseDrivers     = parseWith(driversCommand, (*driversFlags).spec)
	parseMicro       = parseWith(microCommand, (*microFlags).spec)
	parsePaths       = parseWith(pathsCommand, (*pathsFlags).spec)
	parseAttribution = parseWith(attributionCommand, (*attributionFlags).spec)
)

// roundTrip checks that want, rendered by render and parsed by parse,
// comes back equal, and names the command line when it does not.
func roundTrip[S any](t *testing.T, cmd, name string, s, want S, render func(S) []string, parse func([]string) (S, error)) {
	t.Helper()
	args := render(s)
	t.Logf("%s: %s", name, spec.CommandLine(cmd, args))
	got, err := parse(args)
	if err != nil {
		t.Errorf("%s: %s: %v", name, spec.CommandLine(cmd, args), err)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: %s\n got %+v\nwant %+v", name, spec.CommandLine(cmd, args), got, want)
	}
}

// specCase is a spec whose command line must parse back to it, and what
// the case is about.
type specCase[S any] struct {
	name string
	s    S
}

// roundTrips round-trips every case's spec through cmd's command line.
func roundTrips[S any](t *testing.T, cmd string, cases []specCase[S], render func(S) []string, parse func([]string) (S, error)) {
	t.Helper()
	for _, c := range cases {
		roundTrip(t, cmd, c.name, c.s, c.s, render, parse)
	}
}

const (
	minute = int64(60e6)
	hour   = 60 * minute
	day    = 24 * hour
)

var (
	sept1   = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	instant = time.Date(2026, 10, 1, 12, 30, 5, 123456000, time.UTC).UnixMicro()

	// Names that need the step syntax's quotes, the shell's, or both.
	oddSteps = []spec.Step{
		{Name: "a,b"},
		{Name: "x[y]", Conds: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}, {Key: "utm source", Op: spec.Ne, Value: "a&b"}}},
		{Name: "purchase", Conds: []spec.Cond{{Key: "value", Op: spec.Ne, Value: "0"}}},
	}
	oddWhere = []spec.Cond{
		{Key: "country", Op: spec.Ne, Value: "DE"},
		{Key: "page", Op: spec.Contains, Value: "/blog?q='it's'"},
		{Key: "-dash", Op: spec.Eq, Value: ""},
	}
	steps2 = []spec.Step{{Name: "view_item"}, {Name: "purchase"}}
)

func TestFunnelArgsParseBackToTheSpec(t *testing.T) {
	roundTrips(t, "funnel", []specCase[spec.Funnel]{
		{"defaults", spec.Funnel{Steps: steps2, Window: spec.DefaultWindow, SessionGap: 30 * minute, Top: 10}},
		{"every flag with names that need quotes", spec.Funnel{Steps: oddSteps, Window: 14 * day, Order: spec.AnyOrder,
			Count: spec.Sessions, SessionGap: hour, Exclude: []spec.Exclusion{
				{Event: spec.Step{Name: "signup@2"}},
				{Event: spec.Step{Name: "pricing", Conds: []spec.Cond{{Key: "plan", Op: spec.Eq, Value: "pro"}}}, To: 2},
				{Event: spec.Step{Name: "chat"}, To: 1},
			}, Where: oddWhere, From: sept1, To: instant, By: "utm source", Top: 3,
			Segment: spec.Segment{Key: "utm source", Value: "a&b"}}},
		{"a window of odd length and a negative top", spec.Funnel{Steps: steps2, Window: 90e6 + 1, SessionGap: 30 * minute, Top: -1}},
	}, spec.FunnelArgs, parseFunnel)
}

func TestTrendsArgsParseBackToTheSpec(t *testing.T) {
	berlin, err := spec.ParseZone("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	india, _ := spec.ParseZone("+05:30")
	berlinMidnight := time.Date(2026, 9, 7, 0, 0, 0, 0, berlin).UnixMicro()
	base := spec.Funnel{Steps: steps2, Window: spec.DefaultWindow, SessionGap: 30 * minute}
	every := spec.Funnel{Steps: oddSteps, Window: day, Order: spec.AnyOrder, Count: spec.Sessions, SessionGap: hour,
		Exclude: []spec.Exclusion{{Event: spec.Step{Name: "chat"}, To: 2}}, Where: oddWhere,
		From: berlinMidnight, To: sept1, Segment: spec.Segment{Key: "device", Value: ""}} // UTC midnight is not midnight in Berlin: an instant
	dated := base
	dated.From, dated.To = instant, time.Date(2026, 11, 1, 0, 0, 0, 0, india).UnixMicro()
	roundTrips(t, "trends", []specCase[spec.Trends]{
		{"defaults", spec.Trends{Funnel: base, Location: time.UTC, Baseline: spec.DefaultBaseline}},
		{"weeks in Berlin over every baseline with every funnel flag", spec.Trends{Funnel: every, Interval: spec.Week,
			Location: berlin, Baseline: spec.AllBaseline}},
		{"a fixed offset and a short baseline", spec.Trends{Funnel: dated, Location: india, Baseline: 3}},
		{"lines per step", spec.Trends{Funnel: base, Location: time.UTC, Baseline: spec.DefaultBaseline, Lines: spec.StepLines}},
		{"lines per segment of an odd property, the default top", spec.Trends{Funnel: base, Location: time.UTC,
			Baseline: spec.DefaultBaseline, Lines: spec.SegmentLines, By: "utm source", Top: spec.DefaultTrendTop}},
		{"lines per segment, two of them", spec.Trends{Funnel: base, Location: time.UTC,
			Baseline: spec.DefaultBaseline, Lines: spec.SegmentLines, By: "device", Top: 2}},
	}, spec.TrendsArgs, parseTrends)
}

func TestDriversArgsParseBackToTheSpec(t *testing.T) {
	goal := spec.Step{Name: "purchase", Conds: []spec.Cond{{Key: "value", Op: spec.Ne, Value: "0"}}}
	roundTrips(t, "drivers", []specCase[spec.Drivers]{
		{"defaults", spec.Drivers{Goal: spec.Step{Name: "purchase"}, MinUsers: spec.DefaultMinUsers}},
		{"no threshold", spec.Drivers{Goal: spec.Step{Name: "a,b"}, MinUsers: 1}},
		{"every flag", spec.Drivers{Goal: goal, MinUsers: 100, Where: oddWhere, From: sept1, To: instant}},
	}, spec.DriversArgs, parseDrivers)
}

func TestMicroArgsParseBackToTheSpec(t *testing.T) {
	roundTrips(t, "micro", []specCase[spec.Micro]{
		{"defaults", spec.Micro{Goal: spec.Step{Name: "purchase"}, SessionGap: 30 * minute}},
		{"every flag", spec.Micro{Goal: oddSteps[1], SessionGap: hour + 1, Where: oddWhere, From: instant, To: sept1}},
	}, spec.MicroArgs, parseMicro)
}

func TestPathsArgsParseBackToTheSpec(t *testing.T) {
	roundTrips(t, "paths", []specCase[spec.Paths]{
		{"defaults", spec.Paths{Anchor: spec.Step{Name: "landing_page_view"}, Depth: spec.DefaultPathDepth,
			Top: spec.DefaultPathTop, SessionGap: 30 * minute}},
		{"backward with a goal and every flag", spec.Paths{Anchor: oddSteps[1], Direction: spec.Backward, Depth: 5, Top: 3,
			SessionGap: 2 * hour, Goal: oddSteps[2], Where: oddWhere, From: sept1, To: instant}},
		{"after a funnel step", spec.Paths{AfterStep: 2, Funnel: spec.Funnel{Steps: oddSteps, Window: day,
			Exclude: []spec.Exclusion{{Event: spec.Step{Name: "chat"}, To: 2}}, Segment: spec.Segment{Key: "device", Value: "mobile"}},
			Depth: spec.DefaultPathDepth, Top: spec.DefaultPathTop, SessionGap: 30 * minute, Goal: spec.Step{Name: "x[y]"}}},
	}, spec.PathsArgs, parsePaths)
}

func TestAttributionArgsParseBackToTheSpec(t *testing.T) {
	roundTrips(t, "attribution", []specCase[spec.Attribution]{
		{"defaults", spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_source", Model: spec.LastTouch,
			Lookback: spec.DefaultLookback, HalfLife: spec.DefaultHalfLife}},
		{"time decay without lookback and every flag", spec.Attribution{Goal: oddSteps[1], Touch: "utm source",
			Model: spec.TimeDecay, Lookback: spec.NoLookback, HalfLife: 3 * day, Where: oddWhere, From: sept1, To: instant}},
		{"first touch, the zero model", spec.Attribution{Goal: spec.Step{Name: "signup"}, Touch: "utm_medium",
			Model: spec.FirstTouch, Lookback: 90 * day, HalfLife: spec.DefaultHalfLife}},
		{"position", spec.Attribution{Goal: spec.Step{Name: "signup"}, Touch: "c", Model: spec.PositionBased,
			Lookback: spec.DefaultLookback, HalfLife: spec.DefaultHalfLife}},
	}, spec.AttributionArgs, parseAttribution)
}

// The TUI builds specs with zero fields for the defaults; their command
// lines leave those flags out, and the CLI then fills in the same defaults
// the analysis would.
func TestZeroFieldsComeBackAsTheDefaultsTheyMean(t *testing.T) {
	goal := spec.Step{Name: "purchase"}
	roundTrip(t, "funnel", "funnel", spec.Funnel{Steps: steps2},
		spec.Funnel{Steps: steps2, Window: spec.DefaultWindow, SessionGap: 30 * minute, Top: 10}, spec.FunnelArgs, parseFunnel)
	roundTrip(t, "trends", "trends", spec.Trends{Funnel: spec.Funnel{Steps: steps2}},
		spec.Trends{Funnel: spec.Funnel{Steps: steps2, Window: spec.DefaultWindow, SessionGap: 30 * minute},
			Location: time.UTC, Baseline: spec.DefaultBaseline}, spec.TrendsArgs, parseTrends)
	roundTrip(t, "drivers", "drivers", spec.Drivers{Goal: goal},
		spec.Drivers{Goal: goal, MinUsers: spec.DefaultMinUsers}, spec.DriversArgs, parseDrivers)
	roundTrip(t, "micro", "micro", spec.Micro{Goal: goal},
		spec.Micro{Goal: goal, SessionGap: 30 * minute}, spec.MicroArgs, parseMicro)
	roundTrip(t, "paths", "paths", spec.Paths{Anchor: goal},
		spec.Paths{Anchor: goal, Depth: spec.DefaultPathDepth, Top: spec.DefaultPathTop, SessionGap: 30 * minute},
		spec.PathsArgs, parsePaths)
	roundTrip(t, "attribution", "attribution", spec.Attribution{Goal: goal, Touch: "utm_source", Model: spec.LastTouch},
		spec.Attribution{Goal: goal, Touch: "utm_source", Model: spec.LastTouch, Lookback: spec.DefaultLookback,
			HalfLife: spec.DefaultHalfLife}, spec.AttributionArgs, parseAttribution)
}
