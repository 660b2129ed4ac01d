// Package trends is the trends view of the TUI (not built yet: a placeholder that
// keeps the tab in place).
package trends

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// Name is the view's title and the tag of its results.
const Name = "Trends"

// Model is the trends view.
type Model struct {
	ctx    *common.Context
	w, h   int
	funnel spec.Funnel
}

// New returns the view.
func New(ctx *common.Context) *Model { return &Model{ctx: ctx} }

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Activate implements common.View.
func (m *Model) Activate() tea.Cmd { return nil }

// Capturing implements common.View.
func (m *Model) Capturing() bool { return false }

// Keys implements common.View.
func (m *Model) Keys() []key.Binding { return nil }

// Command implements common.View.
func (m *Model) Command() string { return "" }

// Export implements common.View.
func (m *Model) Export(format string) (string, error) { return "", fmt.Errorf("not built yet") }

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	if f, ok := msg.(common.FunnelMsg); ok {
		m.funnel = f.Funnel
	}
	return m, nil
}

// View implements common.View.
func (m *Model) View() string { return m.ctx.Theme.Dim.Render("The trends view is not built yet.") }
