// Package prompt asks for one line of text (a funnel's name, a date, a
// window): enter accepts, esc cancels.
package prompt

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Result is the answer; Cancelled when esc was pressed.
type Result struct {
	Value     string
	Cancelled bool
}

// Model is a one-line prompt.
type Model struct {
	th    *theme.Theme
	title string
	hint  string
	input textinput.Model
	width int
}

// New returns a focused prompt holding value.
func New(th *theme.Theme, title, hint, value string) Model {
	in := textinput.New()
	in.Prompt = "> "
	in.SetValue(value)
	in.CursorEnd()
	// A static cursor: no blink ticks, so no redraws while idle (cheap
	// over SSH with a room full of sessions).
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return Model{th: th, title: title, hint: hint, input: in, width: 50}
}

// SetWidth sets the box width.
func (m *Model) SetWidth(w int) {
	m.width = max(20, w)
	m.input.Width = m.width - 8
}

// Update handles a key; a non-nil Result ends the prompt.
func (m Model) Update(msg tea.Msg) (Model, *Result, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch k.Type {
		case tea.KeyEnter:
			return m, &Result{Value: m.input.Value()}, nil
		case tea.KeyEsc:
			return m, &Result{Cancelled: true}, nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, nil, cmd
}

// View renders the prompt box.
func (m Model) View() string {
	body := m.th.Title.Render(m.title) + "\n" + m.input.View()
	if m.hint != "" {
		body += "\n" + m.th.Dim.Render(m.hint)
	}
	return m.th.Overlay.Width(m.width - 2).Render(body)
}
