// Package common holds what every view of the TUI shares: the session's
// context (data, theme, permissions), the messages views send upward
// (heavy work leaves the UI goroutine through ui/components/job), and the
// layout helpers that show data escaped.
package common

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// SavedFunnels keeps named funnels (internal/saved implements it).
type SavedFunnels interface {
	Save(ctx context.Context, name string, f spec.Funnel) error
	List(ctx context.Context) ([]spec.SavedEntry, error)
	Load(ctx context.Context, name string) (spec.Funnel, error)
	Rename(ctx context.Context, from, to string) error
	Delete(ctx context.Context, name string) error
}

// Context is one TUI session's shared, read-only state.
type Context struct {
	// Engine answers every analysis and describes the data (its catalog).
	Engine engine.Engine
	Theme  *theme.Theme
	// Saved holds named funnels; nil when this session may not open or
	// save them.
	Saved SavedFunnels
	// Local is false over SSH: nothing is written on the server's disk.
	Local bool
	// Presenter draws for a room (P toggles it; the app sets it, the
	// views only read it): big headline figures, taller bars, and no
	// intervals, p-values or timings.
	Presenter bool
}

// View is one tab of the TUI. Views hold only UI state and talk upward
// with messages.
type View interface {
	Title() string
	SetSize(w, h int)
	Update(msg tea.Msg) (View, tea.Cmd)
	View() string
	// Activate is called when the view becomes visible (it may recompute).
	Activate() tea.Cmd
	// Capturing is true while a picker or prompt takes every key.
	Capturing() bool
	// Keys lists the view's own bindings for help.
	Keys() []key.Binding
	// Command is the funnelscope command line reproducing the view.
	Command() string
	// Export renders the current result as "csv" or "md".
	Export(format string) (string, error)
}

// FunnelMsg carries the funnel being built to every view: the funnel view
// sends it when the spec changes; global filters and dates live in it.
type FunnelMsg struct{ Funnel spec.Funnel }

// AddStepMsg asks the funnel view to add a step (e.g. from drivers): at
// the end, or just before the last step when BeforeLast (a micro-conversion
// added in front of the goal the funnel ends with).
type AddStepMsg struct {
	Step       spec.Step
	BeforeLast bool
	// At, when above 0, is the 1-based step the new one becomes; it wins
	// over BeforeLast (drivers place an event where converters did it).
	At int
}

// StatusMsg shows a line in the status bar for a few seconds.
type StatusMsg struct {
	Text  string
	Error bool
}

// ResultMsg answers a job (ui/components/job): the view named View checks
// Gen against its latest request and drops answers to older specs.
type ResultMsg struct {
	View  string
	Gen   int
	Value any
	Err   error
	Took  time.Duration
}

// Status returns a command that shows text in the status line.
func Status(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Error: isErr} }
}

// GlobalsMsg sets the global filters and date range (µs, 0 = open) of
// every analysis; the funnel view folds them into its spec.
type GlobalsMsg struct {
	Where    []spec.Cond
	From, To int64
}

// LoadFunnelMsg replaces the funnel being built (a saved funnel reopened).
type LoadFunnelMsg struct{ Funnel spec.Funnel }

// RenderTable writes t as "csv" or "md" into a string.
func RenderTable(t report.Table, format string) (string, error) {
	var b strings.Builder
	if err := t.Write(&b, format); err != nil {
		return "", err
	}
	return b.String(), nil
}
