package spec

import "time"

// PathsArgs renders p as the flags of funnelscope paths: --anchor (with
// --direction backward), or, when AfterStep > 0, --after-step with the
// funnel's --steps, --window, --exclude and --segment (the funnel fields
// the drop-outs read; the anchor and direction are then unused). The date
// range is --from/--to, as in every command. Zero Depth, Top and
// SessionGap are left out, as the defaults they mean.
func PathsArgs(p Paths) []string {
	var a args
	if p.AfterStep > 0 {
		a.count("--after-step", p.AfterStep, 0)
		a.add("--steps", stepList(p.Funnel.Steps))
		a.duration("--window", p.Funnel.Window, DefaultWindow)
		a.unitFilters(p.Funnel)
	} else {
		a.add("--anchor", p.Anchor.String())
		if p.Direction == Backward {
			a.add("--direction", "backward")
		}
	}
	a.count("--depth", p.Depth, DefaultPathDepth)
	a.count("--top", p.Top, DefaultPathTop)
	a.duration("--session-gap", p.SessionGap, defaultSessionGap)
	if p.Goal.Name != "" || len(p.Goal.Conds) > 0 {
		a.add("--goal", p.Goal.String())
	}
	a.filters(p.Where, p.From, p.To, time.UTC)
	return a
}
