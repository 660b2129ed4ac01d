package funnel

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// drill is enter on a step row: the paths of the users who dropped at
// that step, in the Paths view (docs/semantics.md, "Drop-outs").
func (m *Model) drill() tea.Cmd {
	if m.cursor == 0 {
		return common.Status("step 1 has no drop-outs: select a later step (↓), then enter", false)
	}
	step := m.cursor + 1
	what := fmt.Sprintf("paths of those who reached step %d but not step %d", step-1, step)
	if res := m.Current(); res != nil && m.cursor < len(res.Steps) {
		what = fmt.Sprintf("paths of the %s who dropped at step %d", common.Count(res.Steps[m.cursor].Dropped), step)
	}
	if m.f.Order != spec.Ordered || m.f.Count != spec.Users {
		what += " (as users in step order)"
	}
	return func() tea.Msg {
		return common.DrillMsg{To: common.PathsView, AfterStep: step - 1, Status: what}
	}
}

// DrillState implements common.Drillable: a drill changes the funnel's
// segment filter only.
func (m *Model) DrillState() any { return m.f.Segment }

// RestoreDrill implements common.Drillable.
func (m *Model) RestoreDrill(state any) tea.Cmd {
	s, ok := state.(spec.Segment)
	if !ok || s == m.f.Segment {
		return nil
	}
	return m.setSegment(s)
}

// setSegment filters the funnel to segment s (zero: every unit).
func (m *Model) setSegment(s spec.Segment) tea.Cmd {
	m.f.Segment = s
	return m.changed()
}
