package main

import (
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

type microFlags struct {
	analysisFlags
	goalFlag
	gap string
}

// microCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func microCommand(g *globals) (*cobra.Command, *microFlags) {
	f := &microFlags{}
	cmd := analysisCommand(&cobra.Command{
		Use:   "micro --goal EVENT [flags]",
		Short: "Summarise every event as a micro-conversion of a goal: reach per user and per session",
		Long: `List every event name with how many times it happened, how many users and sessions
had it, the share of all users and of all sessions that had it, and the micro-to-macro
ratio: its events per goal event. Every goal event counts as a conversion there, not
only each user's first, so a ratio of 3 means three of these per purchase.

Sorted by users, most first. Sessions end after --session-gap without events unless the
export gave session ids. Use drivers to see which of these go with converting.`,
		Example: `  funnelscope micro --goal purchase
  funnelscope micro --goal purchase --session-gap 1h --where device=mobile --format csv`,
	}, g, &f.analysisFlags, f.spec, method(engine.Engine.Micro), microView)
	f.registerGoal(cmd)
	cmd.Flags().StringVar(&f.gap, "session-gap", defaultSessionGapFlag, sessionGapUsage)
	return cmd, f
}

func (f *microFlags) spec() (spec.Micro, error) {
	var m spec.Micro
	var err error
	if m.Goal, err = f.parseGoal(); err != nil {
		return m, err
	}
	if m.SessionGap, err = parsePositiveDuration("--session-gap", f.gap, "30m"); err != nil {
		return m, err
	}
	m.Where, m.From, m.To, err = f.filters()
	return m, err
}

var microView = view[*analysis.MicroResult]{
	json: report.MicroJSON, heading: report.MicroHeading, table: plain(report.MicroTable),
}
