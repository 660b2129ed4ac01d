package funnel

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// click selects the step a left click lands on: its line in the steps
// panel (the panel's title is line 0) or its row of the step table. The
// table's place depends on the panels' heights, so it is found on the
// screen last drawn, by its header; ok is false for any other click.
func (m *Model) click(msg tea.MouseMsg) (ok bool) {
	n := len(m.f.Steps)
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft || m.dialog.Open() || m.ctx.Presenter || n == 0 {
		return false
	}
	step := -1
	if msg.X < m.leftWidth() && msg.Y >= 1 && msg.Y <= n {
		step = msg.Y - 1
	}
	lines := strings.Split(m.viewOut, "\n")
	for i := 0; i < len(lines) && i < msg.Y && step < 0; i++ {
		if h := ansi.Strip(lines[i]); strings.HasPrefix(h, "#  step") && msg.Y-i-1 < n {
			step = msg.Y - i - 1
		}
	}
	if step < 0 {
		return false
	}
	m.cursor = step
	return true
}

// leftWidth is the width of the steps panel.
func (m *Model) leftWidth() int {
	if m.w >= 110 {
		return 36
	}
	return 30
}
