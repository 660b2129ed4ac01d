package drivers

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/components/listview"
)

// rowsTop is the line of the first driver: the title, then the header.
const rowsTop = 2

// click selects the driver a left click lands on.
func (m *Model) click(msg tea.Msg) bool {
	return listview.Click(msg, &m.dialog, &m.list, len(m.rows) > 0, rowsTop, 1)
}
