package paths

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// Lines the view spends around the rows.
const (
	headLines = 2 // title, summary
	colsLine  = 1 // column headers
	boxLines  = 3 // a pane's border (2) and title
	crumbMin  = 14
)

// sideBySide is the width from which the split panes sit side by side.
const sideBySide = 100

// View implements common.View.
func (m *Model) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	parts := []string{m.heading(), m.summary()}
	switch {
	case m.dialog.Open():
		parts = append(parts, m.dialog.View())
	case m.job.Err() != nil:
		parts = append(parts, m.ctx.Theme.StatusError.Render(common.Wrap(m.job.Err().Error(), m.w-2)))
	case m.result() == nil:
	case m.split && m.result().Converters != nil:
		parts = append(parts, m.splitPanes())
	default:
		parts = append(parts, m.pane(m.w, m.listRows(), all))
	}
	if !m.dialog.Open() && m.result() != nil && m.h >= crumbMin {
		if f := m.tree.list.Footer(); m.tree.list.Filter() != "" || m.tree.list.Filtering() {
			parts = append(parts, f) // the filter, in the crumb's place
		} else {
			parts = append(parts, m.crumb())
		}
	}
	// The parts fit by construction; the clip is a guard for names longer
	// than any terminal.
	return lipgloss.NewStyle().MaxWidth(m.w).MaxHeight(m.h).Render(strings.Join(parts, "\n"))
}

// listRows is how many tree rows fit in one pane (both panes scroll
// together, so it is also the step for page up and down).
func (m *Model) listRows() int {
	room := m.h - headLines
	if m.h >= crumbMin {
		room--
	}
	if !m.split || m.result() == nil || m.result().Converters == nil {
		return max(1, room-colsLine)
	}
	if m.w < sideBySide {
		room /= 2 // two panes, one over the other
	}
	return max(1, room-boxLines-colsLine)
}

func (m *Model) heading() string {
	th := m.ctx.Theme
	var title, how string
	p, ok := m.shown, m.shownOK
	switch {
	case !ok:
		title = "Paths"
	case p.AfterStep > 0:
		title = fmt.Sprintf("Dropped at step %d of %d", p.AfterStep+1, len(p.Funnel.Steps))
		how = "what they did instead, within the window"
	case p.Direction == spec.Backward:
		title, how = "Paths to "+common.Name(p.Anchor.String()), "what led there"
	default:
		title, how = "Paths from "+common.Name(p.Anchor.String()), "what came next"
	}
	// Two spaces part the status from the title: inside the dimmed time,
	// before the spinner.
	status := m.job.StatusIn(m.ctx, "  ")
	if m.job.Busy() {
		status = "  " + status
	}
	// Narrow terminals lose the explanation before the depth and status.
	title = common.Fit(title, max(10, min(lipgloss.Width(title), m.w-lipgloss.Width(status)-10)))
	for _, extra := range []string{fmt.Sprintf("  %s · depth %d", how, m.depth), fmt.Sprintf("  depth %d", m.depth), ""} {
		if lipgloss.Width(title+extra+status) <= m.w {
			return th.Title.Render(title) + th.Dim.Render(extra) + status
		}
	}
	return th.Title.Render(title) + status
}

func (m *Model) summary() string {
	th := m.ctx.Theme
	p, ok := m.shown, m.shownOK
	if !ok {
		return th.Dim.Render("No events to anchor on.")
	}
	var s []string
	if p.AfterStep > 0 {
		st := p.Funnel.Steps
		s = append(s, fmt.Sprintf("reached %s, not %s", common.Name(st[p.AfterStep-1].String()), common.Name(st[p.AfterStep].String())))
		if !p.Funnel.Segment.IsZero() {
			s = append(s, "segment "+common.Name(p.Funnel.Segment.String()))
		}
	}
	if m.result() != nil {
		s = append(s, common.Count(m.result().Users)+" users", plural(m.result().Distinct, "distinct path"))
	}
	if g := common.Name(p.Goal.String()); p.Goal.Name != "" {
		if m.result() != nil && m.result().Converters != nil {
			g += " " + report.PercentOf(m.result().Converters.Users, m.result().Users) + " converted"
		}
		s = append(s, "goal "+g)
	}
	if m.result() != nil && m.result().Users == 0 {
		s = []string{"Nobody matches: try another anchor (a), step (n) or fewer filters"}
	}
	// Parts go in order of importance: keep those that fit.
	line := common.FitPieces(s, " · ", m.w)
	if line == "" && len(s) > 0 {
		line = common.Fit(s[0], m.w)
	}
	return th.Dim.Render(line)
}

// crumb spells out the selected path in time order with its users.
func (m *Model) crumb() string {
	r := m.tree.list.Selected()
	if r < 0 {
		return ""
	}
	row := m.tree.rows[r]
	return m.ctx.Theme.Dim.Render("› " + m.tree.path(m.result().Direction == spec.Backward) +
		"  " + common.Count(row.count) + " users")
}

// splitPanes draws converters and non-converters side by side, or one over
// the other when the terminal is narrow; their rows line up.
func (m *Model) splitPanes() string {
	th := m.ctx.Theme
	n := m.listRows()
	goal := common.Name(m.result().Goal)
	box := func(w int, g group) string {
		users := m.result().Converters.Users
		title := "Converters · did " + goal
		if g == nonConverters {
			users, title = m.result().NonConverters.Users, "Non-converters · no "+goal
		}
		title = th.Title.Render(title) + th.Dim.Render("  "+common.Count(users)+" users")
		inner := w - th.Box.GetHorizontalFrameSize()
		return th.Box.Width(inner + th.Box.GetHorizontalPadding()).Render(
			lipgloss.NewStyle().MaxWidth(inner).Render(title) + "\n" + m.pane(inner, n, g))
	}
	if m.w < sideBySide {
		return box(m.w, converters) + "\n" + box(m.w, nonConverters)
	}
	// Equal widths, so both panes get the same columns and bars compare.
	lw := (m.w - 1) / 2
	return lipgloss.JoinHorizontal(lipgloss.Top, box(lw, converters), " ", box(lw, nonConverters))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return common.Count(n) + " " + what + "s"
}
