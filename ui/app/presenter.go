package app

import (
	"github.com/charmbracelet/lipgloss"
)

// Presenter mode draws for the back of a room: the views read
// common.Context.Presenter and show big headline figures and taller bars,
// without intervals, p-values or timings. The app only flips the flag and
// has every view redraw at its size.

// presenterNote leads the status line while presenter mode is on.
const presenterNote = "presenter mode (P to leave)"

// tourHint leads the first screens of the sample until the tour starts.
const tourHint = "press ] for the next insight"

func (m *Model) togglePresenter() {
	m.ctx.Presenter = !m.ctx.Presenter
	m.resize() // views keep drawn charts per size: draw them again
}

// statusLead is what the status line says before the keys: presenter
// mode, or on the sample the way into the tour; "" otherwise.
func (m *Model) statusLead() string {
	switch {
	case m.ctx == nil:
		return ""
	case m.ctx.Presenter:
		return presenterNote
	case m.scene < 0 && m.onSample():
		return tourHint
	}
	return ""
}

// keysLine is the status line without a message: the lead, then as many
// keys as fit after it.
func (m *Model) keysLine() string {
	lead := m.statusLead()
	if lead == "" {
		return m.help.ShortHelpView(m.shortKeys())
	}
	lead = m.th.Warn.Render(lead)
	sep := m.th.Dim.Render(" · ")
	width := m.help.Width
	m.help.Width = max(1, m.w-lipgloss.Width(lead+sep))
	defer func() { m.help.Width = width }()
	return lead + sep + m.help.ShortHelpView(m.shortKeys())
}
