package drivers

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// drill is enter on a driver: its paths to the goal, from the driver's
// event, converters split from the rest, in the Paths view.
func (m *Model) drill() tea.Cmd {
	ev := m.Selected()
	g, ok := m.spec()
	if ev == "" || !ok {
		return common.Status("no driver selected: choose a goal with G first", false)
	}
	anchor, goal := spec.Step{Name: ev}, g.Goal
	status := "paths from " + common.Name(ev) + " to " + common.Name(goal.String())
	return func() tea.Msg {
		return common.DrillMsg{To: common.PathsView, Anchor: &anchor, Goal: &goal, Status: status}
	}
}
