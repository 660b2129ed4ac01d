package app

import tea "github.com/charmbracelet/bubbletea"

// bodyTop is the screen line where the view's drawing starts, below the
// header and the tab bar.
const bodyTop = 2

// clickView hands a left click on the view's area to the visible view,
// its Y counted from the view's first line, so that the view can select
// the row under it. Help, the command and dialogs take no clicks.
func (m *Model) clickView(msg tea.MouseMsg) tea.Cmd {
	if !m.viewHasMouse() {
		return nil
	}
	msg.Y -= bodyTop
	return m.toView(msg)
}

// viewHasMouse says whether the visible view takes the mouse: not while
// help, the command or a dialog covers it.
func (m *Model) viewHasMouse() bool {
	return m.overlay == noOverlay && !m.dialog.Open() && len(m.views) > 0
}
