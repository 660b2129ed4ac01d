// Package goal is the goal event a view asks for and keeps (drivers,
// attribution, events): the one picked in the goal picker, or, until one
// is picked, the funnel's default (spec.DefaultGoal); and the step those
// views offer the funnel, placed among the steps before the goal when the
// funnel ends with it. It does not know what the goal is for.
package goal

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/picker"
)

// Goal is a view's goal. The zero value follows the funnel.
type Goal struct {
	picked spec.Step // an empty Name follows the funnel
}

// Of is the goal for funnel f: the picked one, else f's default when the
// data (cat) has that event. ok is false when there is neither.
func (g *Goal) Of(f spec.Funnel, cat engine.Catalog) (s spec.Step, ok bool) {
	if g.picked.Name != "" {
		return g.picked, true
	}
	return spec.DefaultGoal(f, cat.HasEvent)
}

// Command is the command line of a goal view's spec: cmd with args, or,
// while there is no goal (ok false), how to choose one.
func Command(ok bool, cmd string, args []string) string {
	return common.Command(ok, cmd, args, "funnelscope "+cmd+" --goal EVENT   # press G to choose the goal")
}

// FollowsFunnel is true while the goal is f's last step because none was
// picked: the views say so beside the goal's name.
func (g *Goal) FollowsFunnel(f spec.Funnel) bool { return g.picked.Name == "" && len(f.Steps) >= 2 }

// Pick opens the goal picker in d, asking title over cat's events; the
// picked event becomes the goal, then then's command runs (a recompute).
func (g *Goal) Pick(d *dialog.Dialog, title string, cat engine.Catalog, then func() tea.Cmd) {
	d.Pick(title, picker.EventItems(cat), func(ev string) tea.Cmd {
		g.picked = spec.Step{Name: ev}
		return then()
	})
}

// AddStep asks the funnel view to add event ev to f: in front of goal
// when f ends with it (a micro-conversion on the way to it), else at the
// end; the status line says which step it became. Unless one was picked,
// goal is pinned first: it may be following f's last step, which the new
// step may become.
func (g *Goal) AddStep(f spec.Funnel, goal spec.Step, ev string) tea.Cmd {
	return g.AddStepTimed(f, goal, ev, nil)
}

// AddStepTimed is AddStep that places ev where converters usually did it,
// by toGoal: each event's median seconds from its first occurrence to the
// goal among converters (the drivers' MedianSeconds). See
// analysis.PlaceBeforeGoal.
func (g *Goal) AddStepTimed(f spec.Funnel, goal spec.Step, ev string, toGoal map[string]float64) tea.Cmd {
	if g.picked.Name == "" {
		g.picked = goal
	}
	steps := f.Steps
	before := len(steps) >= 2 && steps[len(steps)-1].String() == goal.String()
	n := len(steps) + 1
	if before {
		n = analysis.PlaceBeforeGoal(steps, ev, toGoal)
	}
	status := fmt.Sprintf("Added %s to the funnel as step %d: press 1 to see it", ev, n)
	if n < len(steps) { // short: the status line is one line at 80 columns
		status = fmt.Sprintf("Added %s as step %d, before %s, as converters do: press 1", ev, n, steps[n-1].Name)
	}
	add := func() tea.Msg { return common.AddStepMsg{Step: spec.Step{Name: ev}, BeforeLast: before, At: n} }
	return tea.Batch(add, common.Status(status, false))
}
