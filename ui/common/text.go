package common

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Fit pads or cuts s to exactly n columns; a cut ends in "…".
func Fit(s string, n int) string {
	w := lipgloss.Width(s)
	if w <= n {
		return s + strings.Repeat(" ", n-w)
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > n {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// FitPieces joins as many of pieces, in order, as fit in w columns.
func FitPieces(pieces []string, sep string, w int) string {
	out := ""
	for _, p := range pieces {
		next := p
		if out != "" {
			next = out + sep + p
		}
		if lipgloss.Width(next) > w {
			break
		}
		out = next
	}
	return out
}

// Wrap breaks s into lines of w columns (10 at the least).
func Wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(10, w)).Render(s)
}
