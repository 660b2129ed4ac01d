package attribution

import tea "github.com/charmbracelet/bubbletea"

// rowsTop is the line of the first touch value: title, model, blank, the
// columns' header.
const rowsTop = 4

// click selects the touch value a left click lands on.
func (m *Model) click(msg tea.Msg) bool {
	return m.Click(msg, m.result() != nil, rowsTop, 1)
}
