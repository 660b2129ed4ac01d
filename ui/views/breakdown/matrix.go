package breakdown

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Sizes of the matrix's columns: names are cut so that a funnel of many
// steps still fits beside the bars.
const (
	matrixLabelW = 10
	matrixStepW  = 8
	matrixGap    = 2
	// minBesideBars is the narrowest bar chart worth keeping beside the
	// matrix; below it the matrix goes under the bars.
	minBesideBars = 60
)

// furthestMark marks the cell where a segment is furthest from all
// users, so the highlight survives NO_COLOR.
const furthestMark = "◆"

// matrix is the segments × steps grid of conversion from the previous
// step (its header says "from prev"), with each segment's median time to the last step. It is built
// when a result arrives (rows in display order), so View only picks the
// rows of the list's window.
type matrix struct {
	head  string   // step names and "median", over the columns
	rows  []string // one per segment, in display order
	all   string   // the all-users row the cells are compared to
	width int      // columns of every line
}

// newMatrix builds the grid of segs (in display order) against all;
// with medians it ends in each segment's median time to the last step.
func newMatrix(th *theme.Theme, all *analysis.FunnelResult, segs []analysis.Segment, medians bool) matrix {
	widths := make([]int, len(all.Steps))
	head := common.Fit("from prev", matrixLabelW)
	for j := 1; j < len(all.Steps); j++ {
		name := common.Cut(common.Name(all.Steps[j].Name), matrixStepW)
		widths[j] = max(lipgloss.Width(name), lipgloss.Width(furthestMark+"100.0%"))
		head += strings.Repeat(" ", matrixGap) + pad(name, widths[j], true)
	}
	if medians {
		head += strings.Repeat(" ", matrixGap) + pad("median", 6, true)
	}
	m := matrix{head: head, width: lipgloss.Width(head)}
	m.all = matrixRow(th, "all", all.Steps, nil, widths, medians)
	for _, s := range segs {
		m.rows = append(m.rows, matrixRow(th, report.SegmentLabel(s.Value), s.Steps, all.Steps, widths, medians))
	}
	return m
}

// matrixRow is one line of the grid: the label, each step's conversion
// from the previous one (the furthest from all marked and coloured when
// all is given) and, with withMedian, the median time to the last step.
func matrixRow(th *theme.Theme, label string, steps, all []analysis.StepResult, widths []int, withMedian bool) string {
	hot := -1
	if all != nil {
		hot = analysis.FurthestStep(steps, all)
	}
	row := common.Fit(common.Name(label), matrixLabelW)
	for j := 1; j < len(steps) && j < len(widths); j++ {
		row += strings.Repeat(" ", matrixGap) + cell(th, steps, all, j, j == hot, widths[j])
	}
	if !withMedian {
		return row
	}
	last := len(steps) - 1
	median, _ := report.StepTimes(last, steps[last])
	return row + strings.Repeat(" ", matrixGap) + pad(median, 6, true)
}

// cell renders step j's conversion from the previous step in w columns;
// "-" when nobody reached the previous step.
func cell(th *theme.Theme, steps, all []analysis.StepResult, j int, hot bool, w int) string {
	if steps[j-1].Count == 0 {
		return pad("-", w, true)
	}
	text := report.Percent(steps[j].ConvFromPrev)
	if !hot {
		return pad(text, w, true)
	}
	st := th.Good
	if steps[j].ConvFromPrev < all[j].ConvFromPrev {
		st = th.Bad
	}
	return pad(st.Render(furthestMark+text), w, true)
}

// besideBars says whether the matrix goes beside the bars (wide
// terminals) rather than under them.
func (m *Model) besideBars() bool {
	// In presenter mode the bars are two rows tall: the matrix goes under.
	return !m.ctx.Presenter && m.Width()-m.grid.width-matrixGap >= minBesideBars
}

// gridView is the matrix's lines for the segments in the list's window:
// the header, one row per segment drawn by the bars, and the all-users
// row.
func (m *Model) gridView() string {
	lines := []string{m.grid.head}
	for _, i := range m.list.Window() {
		lines = append(lines, m.grid.rows[i])
	}
	return strings.Join(append(lines, m.ctx.Theme.Dim.Render(m.grid.all)), "\n")
}
