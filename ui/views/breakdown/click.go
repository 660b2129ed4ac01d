package breakdown

import tea "github.com/charmbracelet/bubbletea"

// barsTop is the line of the first segment's bar: title, legend, blank.
const barsTop = 3

// click selects the segment whose bar, or whose row of the matrix, a
// left click lands on, or a step of the selected segment's table: beside the bars the matrix's rows are the bars'
// lines; under them they start after the bars, the list's footer, a
// blank line and the matrix's header.
func (m *Model) click(msg tea.Msg) bool {
	per := 1
	if m.ctx.Presenter {
		per = 2 // tallBars
	}
	ready := m.result() != nil
	if m.Click(msg, ready, barsTop, per) {
		return true
	}
	if m.clickStep(msg) {
		return true
	}
	if m.besideBars() {
		return false
	}
	top := barsTop + per*len(m.list.Window()) + 2
	if m.list.Footer() != "" {
		top++
	}
	return m.Click(msg, ready, top, 1)
}
