package breakdown

import tea "github.com/charmbracelet/bubbletea"

// barsTop is the line of the first segment's bar: title, legend, blank.
const barsTop = 3

// click selects the segment whose bar a left click lands on.
func (m *Model) click(msg tea.Msg) bool {
	c, ok := msg.(tea.MouseMsg)
	return ok && !m.dialog.Open() && m.result() != nil && m.list.Click(c, barsTop)
}
