package spec

import "time"

// PathsArgs renders p as the flags of funnelscope paths: --from or --to
// for the anchor, or, when AfterStep > 0, --after-step with the funnel's
// --steps and --window (the only funnel fields paths reads; the anchor and
// direction are then unused). The date range is --since/--until, because
// --from and --to name the anchor. Zero Depth, Top and SessionGap are
// left out, as the defaults they mean.
func PathsArgs(p Paths) []string {
	var a args
	switch {
	case p.AfterStep > 0:
		a.count("--after-step", p.AfterStep, 0)
		a.add("--steps", stepList(p.Funnel.Steps))
		a.duration("--window", p.Funnel.Window, DefaultWindow)
	case p.Direction == Backward:
		a.add("--to", p.Anchor.String())
	default:
		a.add("--from", p.Anchor.String())
	}
	a.count("--depth", p.Depth, DefaultPathDepth)
	a.count("--top", p.Top, DefaultPathTop)
	a.duration("--session-gap", p.SessionGap, defaultSessionGap)
	if p.Goal.Name != "" || len(p.Goal.Conds) > 0 {
		a.add("--goal", p.Goal.String())
	}
	a.filters(p.Where, p.From, p.To, "--since", "--until", time.UTC)
	return a
}
