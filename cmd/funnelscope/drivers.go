package main

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

type driversFlags struct {
	analysisFlags
	goal     string
	minUsers int
}

func newDriversCmd(g *globals) *cobra.Command {
	f := &driversFlags{}
	cmd := &cobra.Command{
		Use:   "drivers --goal EVENT [flags]",
		Short: "Rank the events that go with reaching a goal (micro-conversion impact)",
		Long: `For every event other than the goal, compare how often the users who did it convert
with how often the others do (design.md section 4, "Drivers"). A converter "did X" only
when X came before their first goal event; a non-converter when they ever did X.

Per event: users with it and without it, the conversion rate of each group with a 95%
Wilson interval, lift = P(goal | X) / P(goal | not X), the p-value of a two-proportion
z-test, and the median time from the first X to the first goal event.

Rows are sorted by lift, highest first. Events done by fewer than --min-users users are
listed after all the others, marked "few users": their lift is mostly noise. Lift is
"inf" (JSON null) when no user without X converts, "-" (null) when it is undefined.
Association is not causation: a driver may only mark the users who were going to buy.`,
		Example: `  funnelscope drivers --goal purchase
  funnelscope drivers --goal purchase --where device=mobile --format md
  funnelscope drivers --goal "purchase[value!=0]" --min-users 100 --from 2026-09-01 --to 2026-10-01
  funnelscope drivers --goal signup --format json | jq '.drivers[:5]'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDrivers(cmd, g, f) },
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.goal, "goal", "", "the goal event, optionally with conditions: purchase[value!=0] (required)")
	fl.IntVar(&f.minUsers, "min-users", spec.DefaultMinUsers, "list events done by fewer users last, marked \"few users\" (0: no threshold)")
	cmd.MarkFlagRequired("goal")
	return cmd
}

func (f *driversFlags) spec() (spec.Drivers, error) {
	var d spec.Drivers
	var err error
	if d.Goal, err = spec.ParseStep(f.goal); err != nil {
		return d, fmt.Errorf("--goal: %w", err)
	}
	switch {
	case f.minUsers < 0:
		return d, fmt.Errorf("--min-users %d: use 0 or more", f.minUsers)
	case f.minUsers == 0:
		d.MinUsers = 1 // every listed event has at least one user
	default:
		d.MinUsers = f.minUsers
	}
	d.Where, d.From, d.To, err = f.filters()
	return d, err
}

func runDrivers(cmd *cobra.Command, g *globals, f *driversFlags) error {
	d, err := f.spec()
	if err != nil {
		return err
	}
	format, l, err := g.prepare(cmd, &f.analysisFlags)
	if err != nil {
		return err
	}
	res, err := analysis.Drivers(l, d)
	if err != nil {
		return err
	}
	return writeDrivers(cmd.OutOrStdout(), format, res)
}

type driverJSON struct {
	Event            string     `json:"event"`
	With             int        `json:"with"`
	WithConverted    int        `json:"with_converted"`
	Without          int        `json:"without"`
	WithoutConverted int        `json:"without_converted"`
	PWith            float64    `json:"p_with"`
	PWithout         float64    `json:"p_without"`
	CIWith           [2]float64 `json:"ci95_with"`
	CIWithout        [2]float64 `json:"ci95_without"`
	Lift             *float64   `json:"lift"` // null when infinite or undefined
	LiftInfinite     bool       `json:"lift_infinite,omitempty"`
	PValue           float64    `json:"p_value"`
	MedianSeconds    *float64   `json:"median_seconds_to_goal"` // null without converters with X
	LowSupport       bool       `json:"low_support"`
}

type driversJSON struct {
	Goal       string       `json:"goal"`
	Users      int          `json:"users"`
	Converters int          `json:"converters"`
	MinUsers   int          `json:"min_users"`
	Drivers    []driverJSON `json:"drivers"`
}

// finiteOrNil returns &x, or nil for NaN and infinities, which JSON cannot hold.
func finiteOrNil(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func writeDrivers(w io.Writer, format string, res *analysis.DriversResult) error {
	if format == "json" {
		out := driversJSON{Goal: res.Goal, Users: res.Users, Converters: res.Converters, MinUsers: res.MinUsers,
			Drivers: make([]driverJSON, 0, len(res.Drivers))}
		for _, d := range res.Drivers {
			j := driverJSON{Event: d.Event, With: d.With, WithConverted: d.WithConverted, Without: d.Without,
				WithoutConverted: d.WithoutConverted, PWith: d.PWith, PWithout: d.PWithout, CIWith: d.CIWith,
				CIWithout: d.CIWithout, Lift: finiteOrNil(d.Lift), LiftInfinite: math.IsInf(d.Lift, 1),
				PValue: d.PValue, LowSupport: d.LowSupport}
			if d.WithConverted > 0 {
				j.MedianSeconds = finiteOrNil(d.MedianSeconds)
			}
			out.Drivers = append(out.Drivers, j)
		}
		return report.JSON(w, out)
	}
	if format == "table" {
		fmt.Fprintf(w, "goal %s: %d of %d users convert (%s)\n\n", res.Goal, res.Converters, res.Users,
			pct(float64(res.Converters)/float64(max(1, res.Users))))
	}
	t := report.Table{
		Headers: []string{"event", "with", "converted", "rate", "95% CI", "without", "converted", "rate", "95% CI",
			"lift", "p-value", "median to goal", "note"},
		RightAlign: []bool{false, true, true, true, false, true, true, true, false, true, true, true, false},
	}
	for _, d := range res.Drivers {
		note, median := "", "-"
		if d.LowSupport {
			note = fmt.Sprintf("few users (< %d)", res.MinUsers)
		}
		if d.WithConverted > 0 {
			median = seconds(d.MedianSeconds)
			if d.MedianSeconds == 0 {
				median = "0s"
			}
		}
		t.Rows = append(t.Rows, []string{d.Event, strconv.Itoa(d.With), strconv.Itoa(d.WithConverted), pct(d.PWith),
			ciRange(d.CIWith), strconv.Itoa(d.Without), strconv.Itoa(d.WithoutConverted), pct(d.PWithout), ciRange(d.CIWithout),
			liftText(d.Lift), pValueText(d.PValue), median, note})
	}
	return t.Write(w, format)
}

func ciRange(c [2]float64) string { return fmt.Sprintf("%s-%s", pct(c[0]), pct(c[1])) }

// pValueText shows p-values below double precision's reach as a bound.
func pValueText(p float64) string {
	if p < 1e-16 {
		return "<1e-16"
	}
	return fmt.Sprintf("%.3g", p)
}

func liftText(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case math.IsInf(x, 1):
		return "inf"
	}
	return fmt.Sprintf("%.2fx", x)
}
