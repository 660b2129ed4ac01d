package paths

import tea "github.com/charmbracelet/bubbletea"

// click selects the node a left click lands on: in the single pane,
// under the heading, the summary and the column headers; in the split
// panes, under each box's border, title and headers, the boxes side by
// side (their rows at one height) or one over the other.
func (m *Model) click(msg tea.MouseMsg) bool {
	if m.dialog.Open() || m.result() == nil {
		return false
	}
	n := m.listRows()
	m.tree.list.SetHeight(n)
	if !m.split || m.result().Converters == nil {
		return m.tree.list.Click(msg, headLines+colsLine)
	}
	top := headLines + boxLines - 1 + colsLine // the box's top border, title and headers
	shown := len(m.tree.list.Window())         // a box is as tall as its rows, not as n
	if m.w >= sideBySide || msg.Y < top+shown {
		return m.tree.list.Click(msg, top)
	}
	return m.tree.list.Click(msg, top+shown+boxLines+colsLine) // the second box, under the first
}
