package app

import tea "github.com/charmbracelet/bubbletea"

// bodyTop is the screen line where the view's drawing starts, below the
// header and the tab bar.
const bodyTop = 2

// clickView hands a left click on the view's area to the visible view,
// its Y counted from the view's first line, so that the view can select
// the row under it. Help, the command and dialogs take no clicks.
func (m *Model) clickView(msg tea.MouseMsg) tea.Cmd {
	if m.overlay != noOverlay || m.dialog.Open() || len(m.views) == 0 {
		return nil
	}
	msg.Y -= bodyTop
	nv, cmd := m.views[m.active].Update(msg)
	m.views[m.active] = nv
	return cmd
}
