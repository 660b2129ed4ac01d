package main

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

// pathsFlags are the paths command's flags. Its dates are --from/--to as
// in every command; --since/--until, their names before, stay as hidden
// aliases for a release.
type pathsFlags struct {
	analysisFlags
	anchor, direction, goal, steps, window, gap, segment string
	exclude                                              []string
	depth, top, afterStep                                int
}

// pathsCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func pathsCommand(g *globals) (*cobra.Command, *pathsFlags) {
	f := &pathsFlags{}
	cmd := analysisCommand(&cobra.Command{
		Use:   "paths --anchor EVENT [--direction backward] | --after-step N --steps \"a,b,c\" [flags]",
		Short: "Show the most frequent paths from or to an event, or of the users who dropped at a funnel step",
		Long: `Show the most frequent sequences of events that follow an event (--anchor) or lead to it
(--anchor with --direction backward), counted by users (docs/semantics.md, paths):

- A user's path starts at their first anchor event (after --where, --from, --to).
- It holds the anchor and the next events of its session (backward: the events before it,
  listed in time order, ending at the anchor). Events of other sessions are skipped.
- Consecutive events of one name make one node, and a path has at most --depth nodes,
  the anchor included. A path whose session runs out first ends with (end) (backward:
  begins with (start)).

With --goal, users are also split into converters (a goal event after their anchor
event, in any session) and non-converters, each with its own list; shares are of the
group's users.

With --after-step N --steps "a,b,c" (and the funnel's --window, --exclude, --segment):
the drop-outs of step N+1, the users who reached step N of that ordered funnel but not
step N+1 (its "dropped" column), and what they did instead: each path starts at their
step-N event (of the chain the funnel's time to convert reads) and runs over what they
did within --window after it, across sessions: a new session is a (new session) node.

--from and --to are the date range, as in every command; the anchor is --anchor.
Sessions follow the export's session ids, else end after --session-gap without events.
Anchor and goal take conditions like funnel steps: purchase[value!=0].`,
		Example: `  funnelscope paths --anchor landing_page_view
  funnelscope paths --anchor purchase --direction backward --depth 5 --format md
  funnelscope paths --anchor add_to_cart --goal purchase --top 5
  funnelscope paths --after-step 2 --steps "view_item,add_to_cart,purchase" --window 7d
  funnelscope paths --anchor "view_item[category=shoes]" --where device=mobile --from 2026-09-01 --format json`,
	}, g, &f.analysisFlags, f.spec, method(engine.Engine.Paths), pathsView)
	fl := cmd.Flags()
	fl.StringVar(&f.anchor, "anchor", "", "the event paths start at (forward) or end at (backward): its first occurrence per user")
	fl.StringVar(&f.direction, "direction", "forward", "forward (what follows the anchor) or backward (what leads to it)")
	fl.IntVar(&f.depth, "depth", spec.DefaultPathDepth, "nodes per path, the anchor included")
	fl.IntVar(&f.top, "top", spec.DefaultPathTop, "paths listed (per group with --goal)")
	fl.StringVar(&f.gap, "session-gap", defaultSessionGapFlag, sessionGapUsage)
	fl.StringVar(&f.goal, "goal", "", "split users by whether they did this event after their anchor event")
	fl.IntVar(&f.afterStep, "after-step", 0, "paths of the users who reached this step of --steps but not the next")
	fl.StringVar(&f.steps, "steps", "", "with --after-step: the funnel's comma-separated steps")
	fl.StringVar(&f.window, "window", defaultWindowFlag, "with --after-step: the funnel's conversion window, and how far the paths run")
	fl.StringArrayVar(&f.exclude, "exclude", nil, "with --after-step: the funnel's exclusions (repeatable; EVENT@N ends at step N)")
	fl.StringVar(&f.segment, "segment", "", "with --after-step: "+segmentUsage)
	// The names the dates had before --from/--to meant them everywhere.
	fl.StringVar(&f.from, "since", "", "old name of --from")
	fl.StringVar(&f.to, "until", "", "old name of --to")
	_ = fl.MarkHidden("since")
	_ = fl.MarkHidden("until")
	return cmd, f
}

// spec builds the paths spec from the flags.
func (f *pathsFlags) spec() (spec.Paths, error) {
	p := spec.Paths{Depth: f.depth, Top: f.top}
	if err := f.check(); err != nil {
		return p, err
	}
	var err error
	if f.afterStep == 0 {
		if p.Anchor, err = spec.ParseStep(f.anchor); err != nil {
			return p, fmt.Errorf("--anchor: %w", err)
		}
		if p.Direction, err = spec.ParseDirection(f.direction); err != nil {
			return p, fmt.Errorf("--direction %q: %w", f.direction, err)
		}
	} else if err = f.dropOuts(&p); err != nil {
		return p, err
	}
	if f.goal != "" {
		if p.Goal, err = spec.ParseStep(f.goal); err != nil {
			return p, fmt.Errorf("--goal: %w", err)
		}
	}
	if p.SessionGap, err = spec.ParseDuration(f.gap); err != nil {
		return p, fmt.Errorf("--session-gap: %w", err)
	}
	p.Where, p.From, p.To, err = f.dates()
	return p, err
}

// check refuses flags that do not go together.
func (f *pathsFlags) check() error {
	switch {
	case f.afterStep != 0 && f.anchor != "":
		return fmt.Errorf("--after-step starts the paths at the funnel step: drop --anchor")
	case f.afterStep != 0 && f.steps == "":
		return fmt.Errorf("--after-step %d: give the funnel with --steps \"a,b,c\"", f.afterStep)
	case f.afterStep == 0 && (f.steps != "" || len(f.exclude) > 0 || f.segment != ""):
		return fmt.Errorf("--steps, --exclude and --segment describe the funnel of --after-step N: say after which step")
	case f.afterStep == 0 && f.anchor == "":
		if _, _, _, err := f.dates(); err != nil {
			return err // paths --from EVENT, as before --anchor
		}
		return fmt.Errorf("give the anchor: --anchor EVENT (what follows it; --direction backward: what leads to it)")
	case !validDirection(f.direction):
		return fmt.Errorf("--direction %q: use forward or backward", f.direction)
	case f.depth < 1:
		return fmt.Errorf("--depth %d: use 1 or more", f.depth)
	case f.top < 1:
		return fmt.Errorf("--top %d: use 1 or more", f.top)
	}
	return nil
}

// dates parses --where and the date range. --from and --to named the
// anchor before --anchor did: an event name there gets a pointer to
// --anchor rather than a bare "not a date".
func (f *pathsFlags) dates() ([]spec.Cond, int64, int64, error) {
	where, from, to, err := f.filters()
	if err == nil {
		return where, from, to, nil
	}
	for _, d := range []struct{ flag, val, dir string }{{"--from", f.from, ""}, {"--to", f.to, " --direction backward"}} {
		if d.val != "" {
			if _, e := parseInstant(d.flag, d.val); e != nil {
				return nil, 0, 0, fmt.Errorf("%s %q is not a date: --from/--to are the date range in paths too; "+
					"give the anchor event with --anchor %s%s", d.flag, d.val, d.val, d.dir)
			}
		}
	}
	return nil, 0, 0, err
}

// dropOuts fills the funnel of --after-step.
func (f *pathsFlags) dropOuts(p *spec.Paths) error {
	var err error
	p.AfterStep = f.afterStep
	if p.Funnel.Steps, err = spec.ParseSteps(f.steps); err != nil {
		return fmt.Errorf("--steps: %w", err)
	}
	if k := len(p.Funnel.Steps); f.afterStep < 1 || f.afterStep >= k {
		return fmt.Errorf("--after-step %d: the funnel has %d steps; use 1 to %d, so that there is a next step to drop before",
			f.afterStep, k, max(1, k-1))
	}
	if p.Funnel.Window, err = spec.ParseDuration(f.window); err != nil {
		return fmt.Errorf("--window: %w", err)
	}
	if p.Funnel.Exclude, err = parseExclusions(f.exclude); err != nil {
		return err
	}
	if p.Funnel.Segment, err = spec.ParseSegment(f.segment); err != nil {
		return fmt.Errorf("--segment: %w", err)
	}
	return nil
}

var pathsView = view[*analysis.PathsResult]{
	json: report.PathsJSON, heading: report.PathsHeading, table: plain(report.PathsTable),
}

// validDirection says whether --direction names a direction.
func validDirection(s string) bool {
	_, err := spec.ParseDirection(s)
	return err == nil
}
