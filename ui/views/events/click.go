package events

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/components/listview"
)

// rowsTop is the line of the first event: the title, then the header.
const rowsTop = 2

// click selects the event a left click lands on.
func (m *Model) click(msg tea.Msg) bool {
	return listview.Click(msg, &m.dialog, &m.list, m.Result() != nil, rowsTop, 1)
}
