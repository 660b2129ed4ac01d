package events

import tea "github.com/charmbracelet/bubbletea"

// rowsTop is the line of the first event: the title, then the header.
const rowsTop = 2

// click selects the event a left click lands on.
func (m *Model) click(msg tea.Msg) bool {
	return m.Click(msg, m.Result() != nil, rowsTop, 1)
}
