package breakdown

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// drill is enter on a segment: the funnel filtered to that segment's
// units (a spec.Segment, --segment on the command line), in the Funnel
// view.
func (m *Model) drill() tea.Cmd {
	s := m.selected()
	if s == nil {
		return nil
	}
	if j, ok := m.pickedStep(); ok {
		return m.drillStep(*s, j)
	}
	if s.Value == analysis.OtherSegment {
		return common.Status("(other) gathers several values: enter on one of them filters to it", false)
	}
	seg := spec.Segment{Key: m.by, Value: s.Value}
	status := "funnel of " + common.Name(m.by) + " = " + common.Name(report.SegmentLabel(s.Value)) +
		" · R clears the segment"
	return func() tea.Msg { return common.DrillMsg{To: common.FunnelView, Segment: &seg, Status: status} }
}
