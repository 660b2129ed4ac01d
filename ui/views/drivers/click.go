package drivers

import tea "github.com/charmbracelet/bubbletea"

// rowsTop is the line of the first driver: the title, then the header.
const rowsTop = 2

// click selects the driver a left click lands on.
func (m *Model) click(msg tea.Msg) bool {
	return m.Click(msg, len(m.rows) > 0, rowsTop, 1)
}
