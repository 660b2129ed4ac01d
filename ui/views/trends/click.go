package trends

import tea "github.com/charmbracelet/bubbletea"

// click selects the period of the table a left click lands on; the
// table's place depends on the chart and the marks above it, so View
// notes where its rows start.
func (m *Model) click(msg tea.Msg) bool {
	return m.Click(msg, m.rowsTop > 0 && m.Result() != nil, m.rowsTop, 1)
}
