package main

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

type driversFlags struct {
	analysisFlags
	goalFlag
	minUsers int
}

// driversCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func driversCommand(g *globals) (*cobra.Command, *driversFlags) {
	f := &driversFlags{}
	cmd := analysisCommand(&cobra.Command{
		Use:   "drivers --goal EVENT [flags]",
		Short: "Rank the events that go with reaching a goal (micro-conversion impact)",
		Long: `For every event other than the goal, compare how often the users who did it convert
with how often the others do (docs/semantics.md, drivers). A converter "did X" only
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
	}, g, &f.analysisFlags, f.spec, method(engine.Engine.Drivers), driversView)
	f.registerGoal(cmd)
	cmd.Flags().IntVar(&f.minUsers, "min-users", spec.DefaultMinUsers, "list events done by fewer users last, marked \"few users\" (0: no threshold)")
	return cmd, f
}

func (f *driversFlags) spec() (spec.Drivers, error) {
	var d spec.Drivers
	var err error
	if d.Goal, err = f.parseGoal(); err != nil {
		return d, err
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

var driversView = view[*analysis.DriversResult]{
	json: report.DriversJSON, heading: report.DriversHeading, table: plain(report.DriversTable),
}
