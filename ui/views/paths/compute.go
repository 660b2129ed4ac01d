package paths

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// computed is a paths result with each group's users per tree node, so
// that panes can show any node's count for any group in O(1).
type computed struct {
	*analysis.PathsResult
	// conv and non map a node key (see nodeKey) to its users among the
	// converters and non-converters; nil without a goal.
	conv, non map[string]int
}

// sep joins node names into a key; no event name holds it.
const sep = "\x1f"

func nodeKey(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + sep + name
}

// parentKey is the key of a node's parent ("" for a first-level node).
func parentKey(k string) string {
	if i := strings.LastIndex(k, sep); i >= 0 {
		return k[:i]
	}
	return ""
}

// counts maps every node of g's tree to its users.
func counts(g *analysis.PathGroup) map[string]int {
	if g == nil {
		return nil
	}
	out := map[string]int{}
	var walk func(parent string, ns []analysis.PathNode)
	walk = func(parent string, ns []analysis.PathNode) {
		for _, n := range ns {
			k := nodeKey(parent, n.Name)
			out[k] = n.Count
			walk(k, n.Children)
		}
	}
	walk("", g.Tree.Children)
	return out
}

// anchorStep is the anchor in use: the pick, else the funnel's first step,
// else the most frequent event (ok is false on an empty log).
func (m *Model) anchorStep() (spec.Step, bool) {
	switch {
	case m.anchor != nil:
		return *m.anchor, true
	case len(m.funnel.Steps) > 0:
		return m.funnel.Steps[0], true
	}
	if evs := m.ctx.Engine.Events(); len(evs) > 0 {
		return spec.Step{Name: evs[0].Name}, true
	}
	return spec.Step{}, false
}

// goalStep is the goal in use: the pick (possibly none), else the funnel's
// last step when the funnel has two or more.
func (m *Model) goalStep() spec.Step {
	switch {
	case m.goal != nil:
		return *m.goal
	case len(m.funnel.Steps) >= 2:
		return m.funnel.Steps[len(m.funnel.Steps)-1]
	}
	return spec.Step{}
}

// spec builds the paths spec the view shows, with the funnel's global
// filters and date range; ok is false when there is nothing to anchor on.
func (m *Model) spec() (p spec.Paths, ok bool) {
	p = spec.Paths{Direction: m.dir, Depth: m.depth, Goal: m.goalStep(),
		Where: m.funnel.Where, From: m.funnel.From, To: m.funnel.To}
	if m.afterStep > 0 {
		// What the CLI's --steps, --window, --exclude and --segment
		// carry, so that the command line reproduces the view; drop-outs
		// are of an ordered funnel of users whatever the funnel view
		// counts (docs/semantics.md, "Drop-outs").
		p.AfterStep, p.SessionGap = m.afterStep, m.funnel.SessionGap
		p.Funnel = spec.Funnel{Steps: m.funnel.Steps, Window: m.funnel.Window, Exclude: m.funnel.Exclude,
			Segment: m.funnel.Segment}
		if p.Funnel.Window == 0 {
			p.Funnel.Window = spec.DefaultWindow
		}
		p.Direction = spec.Forward
		return p, true
	}
	p.Anchor, ok = m.anchorStep()
	return p, ok
}

// recompute starts computing the current spec unless the job has it; a
// result for an older one is dropped by its generation.
func (m *Model) recompute() tea.Cmd {
	p, ok := m.spec()
	m.shown, m.shownOK = p, ok
	if !ok {
		m.job.Stop()
		m.tree.load(nil)
		return nil
	}
	e := m.ctx.Engine
	return m.job.Run(spec.CommandLine("paths", spec.PathsArgs(p)), func(ctx context.Context) (*computed, error) {
		res, err := e.Paths(ctx, p)
		if err != nil {
			return nil, err
		}
		c := &computed{PathsResult: res}
		if res.Converters != nil {
			c.conv, c.non = counts(res.Converters), counts(res.NonConverters)
		}
		return c, nil
	})
}
