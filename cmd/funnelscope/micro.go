package main

import (
	"fmt"
	"io"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

type microFlags struct {
	analysisFlags
	goal, gap string
}

func newMicroCmd(g *globals) *cobra.Command {
	cmd, _ := microCommand(g)
	return cmd
}

// microCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func microCommand(g *globals) (*cobra.Command, *microFlags) {
	f := &microFlags{}
	cmd := &cobra.Command{
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
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runMicro(cmd, g, f) },
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.goal, "goal", "", "the goal event, optionally with conditions: purchase[value!=0] (required)")
	fl.StringVar(&f.gap, "session-gap", defaultSessionGapFlag, sessionGapUsage)
	cmd.MarkFlagRequired("goal")
	return cmd, f
}

func (f *microFlags) spec() (spec.Micro, error) {
	var m spec.Micro
	var err error
	if m.Goal, err = spec.ParseStep(f.goal); err != nil {
		return m, fmt.Errorf("--goal: %w", err)
	}
	if m.SessionGap, err = spec.ParseDuration(f.gap); err != nil {
		return m, fmt.Errorf("--session-gap: %w", err)
	}
	if m.SessionGap == 0 {
		return m, fmt.Errorf("--session-gap: must be more than 0 (e.g. 30m)")
	}
	m.Where, m.From, m.To, err = f.filters()
	return m, err
}

func runMicro(cmd *cobra.Command, g *globals, f *microFlags) error {
	m, err := f.spec()
	if err != nil {
		return err
	}
	format, l, err := g.prepare(cmd, &f.analysisFlags)
	if err != nil {
		return err
	}
	res, err := analysis.Micro(l, m)
	if err != nil {
		return err
	}
	return writeMicro(cmd.OutOrStdout(), format, res)
}

func writeMicro(w io.Writer, format string, res *analysis.MicroResult) error {
	if format == "json" {
		return report.JSON(w, report.MicroJSON(res))
	}
	return writeTable(w, format, report.MicroHeading(res), report.MicroTable(res))
}
