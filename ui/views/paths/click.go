package paths

import tea "github.com/charmbracelet/bubbletea"

// click selects the node a left click lands on in the single pane, under
// the heading, the summary and the column headers. The split panes take
// no clicks: their rows sit at two heights.
func (m *Model) click(msg tea.MouseMsg) bool {
	if m.dialog.Open() || m.result() == nil || m.split && m.result().Converters != nil {
		return false
	}
	m.tree.list.SetHeight(m.listRows())
	return m.tree.list.Click(msg, headLines+colsLine)
}
