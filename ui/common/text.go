package common

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// The helpers below lay out text that may hold names from the data, so
// each shows control characters escaped (textsafe.Styled) before
// measuring: a view that draws names through them cannot let the data
// drive the terminal, and the widths it measures are the widths shown.
// Styles already applied with lipgloss pass, and newlines are escaped: each
// helper lays out one line.

// Fit pads or cuts s to exactly n columns; a cut ends in "…".
func Fit(s string, n int) string {
	s = textsafe.Styled(s)
	w := lipgloss.Width(s)
	if w <= n {
		return s + strings.Repeat(" ", n-w)
	}
	return cut(s, n)
}

// Cut shortens s to at most n terminal columns, ending in "…" when it had
// to cut; wide characters count as two.
func Cut(s string, n int) string { return cut(textsafe.Styled(s), n) }

// cut is Cut of text already escaped (Fit escapes once, then measures).
func cut(s string, n int) string { return ansi.Truncate(s, max(1, n), "…") }

// FitPieces joins as many of pieces, in order, as fit in w columns.
func FitPieces(pieces []string, sep string, w int) string {
	out := ""
	for _, p := range pieces {
		next := textsafe.Styled(p)
		if out != "" {
			next = out + sep + next
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
	return lipgloss.NewStyle().Width(max(10, w)).Render(textsafe.Styled(s))
}

// Name is a name from the data (event, property key or value, segment,
// touch, path node) made safe to show: every control character, style
// sequence included, as a visible escape. Views pass each name through it
// where it becomes display text, and measure widths on what it returns;
// Cut and Fit alone keep style sequences, which a name must never carry.
func Name(s string) string { return textsafe.Display(s) }
