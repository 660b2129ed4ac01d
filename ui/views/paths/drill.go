package paths

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// drillState is what a drill changes in the view (common.Drillable).
type drillState struct {
	anchor, goal *spec.Step
	dir          spec.Direction
	afterStep    int
	split        bool
}

// DrillState implements common.Drillable.
func (m *Model) DrillState() any {
	return drillState{anchor: m.anchor, goal: m.goal, dir: m.dir, afterStep: m.afterStep, split: m.split}
}

// RestoreDrill implements common.Drillable: the view recomputes when it
// is next activated, which esc does when it shows the view.
func (m *Model) RestoreDrill(state any) tea.Cmd {
	if s, ok := state.(drillState); ok {
		m.anchor, m.goal, m.dir, m.afterStep, m.split = s.anchor, s.goal, s.dir, s.afterStep, s.split
	}
	return nil
}

// drilled takes a drill aimed at this view: the drop-outs of a funnel
// step, or a new anchor (from a path node, or a driver with its goal).
func (m *Model) drilled(msg common.DrillMsg) {
	switch {
	case msg.To != Name:
	case msg.AfterStep > 0:
		m.afterStep = msg.AfterStep
	case msg.Anchor != nil:
		a := *msg.Anchor
		m.anchor, m.afterStep = &a, 0
		if msg.Goal != nil {
			g := *msg.Goal
			m.goal, m.dir, m.split = &g, spec.Forward, true
		}
	}
}

// reanchor is enter on a node: the tree starts (or, backward, ends) at
// that node's event instead.
func (m *Model) reanchor() tea.Cmd {
	k := m.tree.selected()
	if k == "" {
		return nil
	}
	i := m.tree.find(k)
	name := m.tree.rows[i].name
	switch name {
	case analysis.EndNode, analysis.StartNode, analysis.SessionNode:
		return common.Status(name+" is not an event: enter on an event re-anchors the paths there", false)
	}
	st := spec.Step{Name: name}
	how := "paths from "
	if m.dir == spec.Backward && m.afterStep == 0 {
		how = "paths to "
	}
	return func() tea.Msg {
		return common.DrillMsg{To: Name, Anchor: &st, Status: how + common.Name(name)}
	}
}
