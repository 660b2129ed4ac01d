package breakdown

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// stepPick is a click on a row of the selected segment's step table: it
// selects that step of that segment, and enter then shows the segment's
// drop-outs at the step. Another segment selected forgets it.
type stepPick struct {
	segment string // the segment's value when the step was clicked
	index   int    // the step, from 0
	set     bool
	top     int // the line of the table's first row in the last View, -1 without it
}

// pickedStep is the step clicked in the selected segment's table.
func (m *Model) pickedStep() (int, bool) {
	s := m.selected()
	return m.step.index, m.step.set && s != nil && s.Value == m.step.segment
}

// clickStep selects the step whose row of the step table a left click
// lands on.
func (m *Model) clickStep(msg tea.Msg) bool {
	c, ok := msg.(tea.MouseMsg)
	s := m.selected()
	if !ok || s == nil || m.step.top < 0 || c.Action != tea.MouseActionPress || c.Button != tea.MouseButtonLeft {
		return false
	}
	j := c.Y - m.step.top
	if j < 0 || j >= len(s.Steps) {
		return false
	}
	m.step = stepPick{segment: s.Value, index: j, set: true, top: m.step.top}
	return true
}

// markStep draws the clicked step's row of table (its header first) in
// the selected style.
func (m *Model) markStep(table string) string {
	j, ok := m.pickedStep()
	if !ok {
		return table
	}
	lines := strings.Split(table, "\n")
	if j+1 < len(lines) {
		lines[j+1] = m.ctx.Theme.Selected.Render(lines[j+1])
	}
	return strings.Join(lines, "\n")
}

// drillStep is enter on step j of segment s's table: the paths of the
// segment's users who dropped at that step, the funnel filtered to the
// segment as a segment drill does.
func (m *Model) drillStep(s analysis.Segment, j int) tea.Cmd {
	if j == 0 {
		return common.Status("step 1 has no drop-outs: click a later step of the table, then enter", false)
	}
	if s.Value == analysis.OtherSegment {
		return common.Status("(other) gathers several values: select one of them first", false)
	}
	seg := spec.Segment{Key: m.by, Value: s.Value}
	status := fmt.Sprintf("paths of the %s of %s = %s who dropped at step %d", common.Count(s.Steps[j].Dropped),
		common.Name(m.by), common.Name(report.SegmentLabel(s.Value)), j+1)
	return func() tea.Msg {
		return common.DrillMsg{To: common.PathsView, AfterStep: j, Segment: &seg, Status: status}
	}
}
