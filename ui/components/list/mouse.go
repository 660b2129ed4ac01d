package list

import tea "github.com/charmbracelet/bubbletea"

// WheelKey is the key a turn of the mouse wheel stands for: up or down
// one row, so that a view scrolls by wheel exactly as by arrows (in a
// dialog, the list or its own rows). ok is false for any other mouse
// event: clicks and motion are the view's or the app's.
func WheelKey(msg tea.MouseMsg) (k tea.KeyMsg, ok bool) {
	if msg.Action != tea.MouseActionPress {
		return tea.KeyMsg{}, false
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		return tea.KeyMsg{Type: tea.KeyUp}, true
	case tea.MouseButtonWheelDown:
		return tea.KeyMsg{Type: tea.KeyDown}, true
	}
	return tea.KeyMsg{}, false
}

// Click puts the cursor on the row a left click lands on, top being the
// line of the caller's drawing where the window's first row is (msg.Y
// counts lines of that drawing); ok is false for a click elsewhere or
// another mouse event.
func (m *Model) Click(msg tea.MouseMsg, top int) (ok bool) { return m.ClickTall(msg, top, 1) }

// ClickTall is Click on rows drawn lines tall each (presenter mode's
// bars are two).
func (m *Model) ClickTall(msg tea.MouseMsg, top, lines int) (ok bool) {
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft || msg.Y < top || lines < 1 {
		return false
	}
	row := (msg.Y - top) / lines
	if row >= len(m.Window()) {
		return false
	}
	m.cursor = m.offset + row
	return true
}
