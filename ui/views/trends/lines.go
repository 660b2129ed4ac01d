package trends

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/linechart"
	"github.com/funnelscope/funnelscope/ui/components/picker"
)

// Lines beside the overall rate: l cycles overall, per step (each step's
// conversion from the previous one) and per segment of a property (p
// picks it). The analysis computes the lines; this file only draws them.

// defaultBy is the property the segment lines start on: device, as the
// breakdown view's, when the data has it.
func defaultBy(ctx *common.Context) string {
	if ctx.Engine.HasKey("device") {
		return "device"
	}
	return ""
}

// LinesToOverall is how many presses of l bring the view back to the
// overall line (the tour sets the view by keys).
func (m *Model) LinesToOverall() int { return (3 - int(m.lines)) % 3 }

// nextLines moves to the next kind of lines; segments without a property
// ask for one first.
func (m *Model) nextLines() tea.Cmd {
	m.lines = (m.lines + 1) % 3
	if m.lines == spec.SegmentLines && m.by == "" {
		m.pickBy()
		return nil
	}
	m.buildChart()
	return m.compute()
}

// pickBy asks for the property of the segment lines, and shows them.
func (m *Model) pickBy() {
	m.dialog.Pick("Trend lines per segment of", picker.KeyItems(m.ctx.Engine), func(p string) tea.Cmd {
		m.by, m.lines = p, spec.SegmentLines
		m.buildChart()
		return m.compute()
	})
}

// linesTitle says what the lines are, for the heading.
func linesTitle(res *analysis.TrendsResult) string {
	switch res.Lines {
	case spec.StepLines:
		return "per step, each from the previous step"
	case spec.SegmentLines:
		return "per " + common.Name(res.By) + ", first step to last"
	}
	return ""
}

// seriesData sets the chart's lines from the result's series: the first
// in braille, the others each in its own rune; lo and hi widen to them.
func seriesData(d *linechart.Data, res *analysis.TrendsResult, lo, hi *float64) {
	for i, s := range res.Series {
		var ps []linechart.Point
		for p, period := range res.Periods {
			if r, ok := s.Rate(p); ok {
				ps = append(ps, linechart.Point{Time: period.Start, Value: r})
				*lo, *hi = min(*lo, r), max(*hi, r)
			}
		}
		if i == 0 {
			d.Line = ps
			continue
		}
		if i-1 < len(linechart.SeriesRunes) {
			d.Extra = append(d.Extra, linechart.Series{Points: ps, Rune: linechart.SeriesRunes[i-1]})
		}
	}
}

// seriesLegend names each line with its rune, in pieces FitPieces drops
// from the end when the width is short.
func seriesLegend(res *analysis.TrendsResult) []string {
	var out []string
	for i, s := range res.Series {
		name := common.Name(report.SegmentLabel(s.Name))
		switch {
		case i == 0:
			out = append(out, "⠉⠒ "+name)
		case i-1 < len(linechart.SeriesRunes):
			out = append(out, fmt.Sprintf("%c %s", linechart.SeriesRunes[i-1], name))
		}
	}
	return out
}

// linesHint is the heading's piece on the lines: what l shows now.
func linesHint(res *analysis.TrendsResult) string {
	if t := linesTitle(res); t != "" {
		return "l lines: " + t
	}
	return "l lines: overall"
}
