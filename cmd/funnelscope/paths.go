package main

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

// pathsFlags are the paths command's flags. --from and --to name the
// anchor event here, so analysisFlags' date range is named --since/--until.
type pathsFlags struct {
	analysisFlags
	from, to, goal, steps, window, gap string
	depth, top, afterStep              int
}

// pathsCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func pathsCommand(g *globals) (*cobra.Command, *pathsFlags) {
	// --from and --to name the anchor here: the date range is --since/--until.
	f := &pathsFlags{analysisFlags: analysisFlags{fromFlag: "--since", toFlag: "--until"}}
	cmd := analysisCommand(&cobra.Command{
		Use:   "paths --from EVENT | --to EVENT | --after-step N --steps \"a,b,c\" [flags]",
		Short: "Show the most frequent paths from or to an event, within its session",
		Long: `Show the most frequent sequences of events that follow an event (--from) or lead to it
(--to), counted by users (docs/semantics.md, paths):

- A user's path starts at their first anchor event (after --where, --since, --until).
- It holds the anchor and the next events of its session (--to: the events before it,
  listed in time order, ending at the anchor). Events of other sessions are skipped.
- Consecutive events of one name make one node, and a path has at most --depth nodes,
  the anchor included. A path whose session runs out first ends with (end) (--to:
  begins with (start)).

With --goal, users are also split into converters (a goal event after their anchor
event, in any session) and non-converters, each with its own list; shares are of the
group's users.

With --after-step N --steps "a,b,c": the users who reached step N of that funnel (ordered,
--window) but not step N+1, and what they did next: each path starts at the step-N
event of the user's latest chain, as the funnel's time to convert reads it.

Sessions follow the export's session ids, else end after --session-gap without events.
Anchor and goal take conditions like funnel steps: purchase[value!=0].`,
		Example: `  funnelscope paths --from landing_page_view
  funnelscope paths --to purchase --depth 5 --format md
  funnelscope paths --from add_to_cart --goal purchase --top 5
  funnelscope paths --after-step 2 --steps "view_item,add_to_cart,purchase"
  funnelscope paths --from "view_item[category=shoes]" --where device=mobile --since 2026-09-01 --format json`,
	}, g, &f.analysisFlags, f.spec, method(engine.Engine.Paths), pathsView)
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "paths that start at this event (its first occurrence per user)")
	fl.StringVar(&f.to, "to", "", "paths that end at this event (its first occurrence per user)")
	fl.IntVar(&f.depth, "depth", spec.DefaultPathDepth, "nodes per path, the anchor included")
	fl.IntVar(&f.top, "top", spec.DefaultPathTop, "paths listed (per group with --goal)")
	fl.StringVar(&f.gap, "session-gap", defaultSessionGapFlag, sessionGapUsage)
	fl.StringVar(&f.goal, "goal", "", "split users by whether they did this event after their anchor event")
	fl.IntVar(&f.afterStep, "after-step", 0, "paths of the users who reached this step of --steps but not the next")
	fl.StringVar(&f.steps, "steps", "", "with --after-step: the funnel's comma-separated steps")
	fl.StringVar(&f.window, "window", defaultWindowFlag, "with --after-step: the funnel's conversion window")
	return cmd, f
}

// spec builds the paths spec from the flags.
func (f *pathsFlags) spec() (spec.Paths, error) {
	var p spec.Paths
	var err error
	anchors := 0
	for _, s := range []string{f.from, f.to} {
		if s != "" {
			anchors++
		}
	}
	switch {
	case f.afterStep != 0 && anchors > 0:
		return p, fmt.Errorf("--after-step starts the paths at the funnel step: drop --from and --to")
	case f.afterStep != 0 && f.steps == "":
		return p, fmt.Errorf("--after-step %d: give the funnel with --steps \"a,b,c\"", f.afterStep)
	case f.afterStep == 0 && f.steps != "":
		return p, fmt.Errorf("--steps: say after which step with --after-step N")
	case f.afterStep == 0 && anchors != 1:
		return p, fmt.Errorf("give one anchor: --from EVENT (what follows it) or --to EVENT (what leads to it)")
	case f.depth < 1:
		return p, fmt.Errorf("--depth %d: use 1 or more", f.depth)
	case f.top < 1:
		return p, fmt.Errorf("--top %d: use 1 or more", f.top)
	}
	switch {
	case f.from != "":
		if p.Anchor, err = spec.ParseStep(f.from); err != nil {
			return p, fmt.Errorf("--from: %w", err)
		}
	case f.to != "":
		if p.Anchor, err = spec.ParseStep(f.to); err != nil {
			return p, fmt.Errorf("--to: %w", err)
		}
		p.Direction = spec.Backward
	default:
		p.AfterStep = f.afterStep
		if p.Funnel.Steps, err = spec.ParseSteps(f.steps); err != nil {
			return p, fmt.Errorf("--steps: %w", err)
		}
		if k := len(p.Funnel.Steps); f.afterStep < 1 || f.afterStep >= k {
			return p, fmt.Errorf("--after-step %d: the funnel has %d steps; use 1 to %d, so that there is a next step to drop before",
				f.afterStep, k, max(1, k-1))
		}
		if p.Funnel.Window, err = spec.ParseDuration(f.window); err != nil {
			return p, fmt.Errorf("--window: %w", err)
		}
	}
	if f.goal != "" {
		if p.Goal, err = spec.ParseStep(f.goal); err != nil {
			return p, fmt.Errorf("--goal: %w", err)
		}
	}
	if p.SessionGap, err = spec.ParseDuration(f.gap); err != nil {
		return p, fmt.Errorf("--session-gap: %w", err)
	}
	p.Depth, p.Top = f.depth, f.top
	p.Where, p.From, p.To, err = f.filters()
	return p, err
}

var pathsView = view[*analysis.PathsResult]{
	json: report.PathsJSON, heading: report.PathsHeading, table: plain(report.PathsTable),
}
