package attribution

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/components/listview"
)

// rowsTop is the line of the first touch value: title, model, blank, the
// columns' header.
const rowsTop = 4

// click selects the touch value a left click lands on.
func (m *Model) click(msg tea.Msg) bool {
	return listview.Click(msg, &m.dialog, &m.list, m.result() != nil, rowsTop, 1)
}
