// Package theme holds every lipgloss style of the TUI, built from one
// renderer so that each SSH session gets colours for its own terminal.
// Views and components take a *Theme; they never pick colours themselves.
package theme

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Theme is the set of styles of one terminal.
type Theme struct {
	R *lipgloss.Renderer

	Header, HeaderDim    lipgloss.Style
	Tab, ActiveTab       lipgloss.Style
	Status, StatusError  lipgloss.Style
	Title, Dim, Bold     lipgloss.Style
	Selected, Cursor     lipgloss.Style
	Good, Bad, Warn      lipgloss.Style
	Bar, BarAlt, BarHot  lipgloss.Style
	Border, Box, Overlay lipgloss.Style
	Key                  lipgloss.Style

	// Accent and Muted are the colours charts draw with.
	Accent, Muted, Hot lipgloss.TerminalColor
}

// Adaptive colours: the first of each pair is for light backgrounds.
var (
	accent = lipgloss.AdaptiveColor{Light: "#3B5BDB", Dark: "#74C0FC"}
	muted  = lipgloss.AdaptiveColor{Light: "#868E96", Dark: "#868E96"}
	hot    = lipgloss.AdaptiveColor{Light: "#C92A2A", Dark: "#FF8787"}
	good   = lipgloss.AdaptiveColor{Light: "#2B8A3E", Dark: "#8CE99A"}
	warn   = lipgloss.AdaptiveColor{Light: "#E67700", Dark: "#FFD43B"}
	fg     = lipgloss.AdaptiveColor{Light: "#212529", Dark: "#F1F3F5"}
	bgSel  = lipgloss.AdaptiveColor{Light: "#D0EBFF", Dark: "#1C3D5A"}
	bar2   = lipgloss.AdaptiveColor{Light: "#A5D8FF", Dark: "#1971C2"}
)

// New builds the theme for renderer r (lipgloss.DefaultRenderer() when nil).
// With noColor the renderer draws no colours at all (NO_COLOR).
func New(r *lipgloss.Renderer, noColor bool) *Theme {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if noColor {
		r.SetColorProfile(termenv.Ascii)
	}
	s := r.NewStyle
	t := &Theme{R: r, Accent: accent, Muted: muted, Hot: hot}
	t.Header = s().Bold(true).Foreground(accent)
	t.HeaderDim = s().Foreground(muted)
	t.Tab = s().Padding(0, 1).Foreground(muted)
	t.ActiveTab = s().Padding(0, 1).Bold(true).Underline(true).Foreground(accent)
	t.Status = s().Foreground(muted)
	t.StatusError = s().Bold(true).Foreground(hot)
	t.Title = s().Bold(true).Foreground(fg)
	t.Dim = s().Foreground(muted)
	t.Bold = s().Bold(true)
	t.Selected = s().Bold(true).Background(bgSel).Foreground(fg)
	t.Cursor = s().Bold(true).Foreground(accent)
	t.Good = s().Foreground(good)
	t.Bad = s().Foreground(hot)
	t.Warn = s().Foreground(warn)
	t.Bar = s().Foreground(accent)
	t.BarAlt = s().Foreground(bar2)
	t.BarHot = s().Foreground(hot)
	t.Border = s().Foreground(muted)
	t.Box = s().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1)
	t.Overlay = s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)
	t.Key = s().Bold(true).Foreground(accent)
	return t
}
