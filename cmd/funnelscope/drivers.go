package main

import (
	"fmt"
	"io"

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
	cmd, _ := driversCommand(g)
	return cmd
}

// driversCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func driversCommand(g *globals) (*cobra.Command, *driversFlags) {
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
	return cmd, f
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

func writeDrivers(w io.Writer, format string, res *analysis.DriversResult) error {
	if format == "json" {
		return report.JSON(w, report.DriversJSON(res))
	}
	return writeTable(w, format, report.DriversHeading(res), report.DriversTable(res))
}
