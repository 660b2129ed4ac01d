package trends

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/linechart"
)

// Lines around the chart: the two heading lines, the legend under it,
// and at most maxMarks lines of out-of-band and incomplete periods.
const (
	headLines = 2
	legLines  = 1
	maxMarks  = 4
)

// chartHeight is the chart's share of h lines: about half when a table
// of periods fits under it, else what the heading and marks leave.
func chartHeight(h int) int {
	if h >= 18 {
		return min(20, max(8, (h-headLines)/2))
	}
	return max(0, h-headLines-legLines-2)
}

// buildChart renders the chart of the current result at the current size.
func (m *Model) buildChart() {
	m.chart = ""
	res := m.Result()
	if res == nil || len(res.Periods) == 0 {
		return
	}
	ps := res.Periods
	d := linechart.Data{From: ps[0].Start, To: ps[len(ps)-1].Start, Step: ps[0].End.Sub(ps[0].Start),
		XLabel: func(t time.Time) string { return t.Format("Jan 02") }}
	lo, hi := 1.0, 0.0
	if len(res.Series) > 0 {
		seriesData(&d, res, &lo, &hi)
		ps = nil // the lines stand for the overall rate and its band
	}
	for _, p := range ps {
		if p.Entered == 0 {
			continue // no rate, rather than a rate of 0
		}
		d.Line = append(d.Line, linechart.Point{Time: p.Start, Value: p.Rate, Mark: mark(p)})
		lo, hi = min(lo, p.Rate), max(hi, p.Rate)
		if p.HasBand {
			d.Low = append(d.Low, linechart.Point{Time: p.Start, Value: p.BandLow})
			d.High = append(d.High, linechart.Point{Time: p.Start, Value: p.BandHigh})
			lo, hi = min(lo, p.BandLow), max(hi, p.BandHigh)
		}
	}
	// The axis spans the rates and bands with some room, not 0 to 100%:
	// week-to-week changes of a point or two are what the chart is for.
	pad := max(0.005, (hi-lo)*0.15)
	d.YMin, d.YMax = max(0, lo-pad), min(1, hi+pad)
	decimals := 0
	if d.YMax-d.YMin < 0.1 {
		decimals = 1 // a narrow axis would read 14%, 14%, 15%…
	}
	d.YLabel = func(v float64) string { return fmt.Sprintf("%.*f%%", decimals, 100*v) }
	m.chart = linechart.Render(m.ctx.Theme, d, m.Width(), chartHeight(m.Height()))
}

// mark is the chart's marker of a period: ▲ above its band, ▼ below.
func mark(p analysis.TrendPeriod) rune {
	switch {
	case !p.OutsideBand:
		return 0
	case p.Rate < p.BandLow:
		return linechart.Down
	default:
		return linechart.Up
	}
}

// legend names the chart's runes, in pieces that FitPieces drops from
// the end when the width is short; for a room (presenter) the band is
// named without its statistics.
func legend(res *analysis.TrendsResult, presenter bool) []string {
	if len(res.Series) > 0 {
		return seriesLegend(res)
	}
	if presenter {
		return []string{fmt.Sprintf("⠉⠒ rate %c", linechart.PointRune), fmt.Sprintf("%c usual range", linechart.BandRune),
			fmt.Sprintf("%c%c outside it", linechart.Up, linechart.Down)}
	}
	return []string{
		fmt.Sprintf("⠉⠒ rate %c", linechart.PointRune),
		fmt.Sprintf("%c band (mean ± 2 sd of the previous %d %ss)", linechart.BandRune, res.Baseline, res.Interval),
		fmt.Sprintf("%c%c outside", linechart.Up, linechart.Down),
	}
}

// View implements common.View.
func (m *Model) View() string {
	m.rowsTop = -1 // until the table is drawn
	var body string
	switch {
	case !m.ready():
		body = m.Note("Trends follow a funnel's conversion week by week. Build a funnel of at least two steps first: press 1, then a to add steps.")
	default:
		body = m.result()
	}
	return m.Clip(body)
}

func (m *Model) result() string {
	th := m.ctx.Theme
	status := m.job.StatusIn(m.ctx, "computed in ")
	head := th.Title.Render("Conversion per "+m.interval.String()) + "  " + status
	if err := m.job.Err(); err != nil {
		return head + "\n\n" + th.StatusError.Render(common.Wrap(err.Error(), m.Width()))
	}
	res := m.Result()
	if res == nil {
		return head
	}
	unit := report.UnitName(res.Unit)
	head = th.Title.Render("Conversion per "+res.Interval.String()) + "  " +
		fmt.Sprintf("%s of %s %s", report.PercentOf(res.Converted, res.Entered), common.Count(res.Entered), unit) +
		"  " + status
	cal := "days in " + res.Location.String()
	if res.Interval == spec.Week {
		cal = "weeks from Monday, " + res.Location.String()
	}
	out := head + "\n" + th.Dim.Render(common.FitPieces([]string{"i day/week", linesHint(res), cal}, "  ·  ", m.Width()))
	switch len(res.Periods) {
	case 0:
		return out + "\n\n" + th.Dim.Render(fmt.Sprintf("No %s reached the first step.", unit))
	case 1:
		out += "\n\n" + th.Warn.Render(common.Wrap(onePeriod(res.Interval), m.Width())) + "\n"
	default:
		if m.chart != "" {
			out += "\n" + m.chart + "\n" + th.Dim.Render(common.FitPieces(legend(res, m.ctx.Presenter), "  ", m.Width()))
		}
	}
	if marks := m.marks(); marks != "" && len(res.Series) == 0 {
		out += "\n" + marks
	}
	if rest := m.Height() - lipgloss.Height(out) - 1; rest >= 3 {
		m.rowsTop = lipgloss.Height(out) + 2 // a blank line and the heading
		out += "\n\n" + m.table(rest)
	}
	return out
}

// onePeriod says why a single period draws no chart, and what to try.
func onePeriod(i spec.Interval) string {
	if i == spec.Week {
		return "one period only: trends need two or more; try i for days"
	}
	return "one period only: trends need two or more, and the data spans a single day"
}

// marks lists the periods outside their band, ▲ above and ▼ below, the
// latest first, and says which periods are incomplete.
func (m *Model) marks() string {
	th := m.ctx.Theme
	res := m.Result()
	ps := res.Periods
	var lines []string
	outside := 0
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if !p.OutsideBand {
			continue
		}
		outside++
		if len(lines) >= maxMarks-1 {
			continue
		}
		st, side := th.Good, "above"
		if mark(p) == linechart.Down {
			st, side = th.Bad, "below"
		}
		line := fmt.Sprintf("%c %s  %s %s the band %s–%s", mark(p), p.Start.Format(time.DateOnly),
			report.Percent(p.Rate), side, report.Percent(p.BandLow), report.Percent(p.BandHigh))
		if m.ctx.Presenter { // the band's edges are an interval: a room reads the side
			line = fmt.Sprintf("%c %s  %s, %s the usual range", mark(p), p.Start.Format(time.DateOnly), report.Percent(p.Rate), side)
		}
		if p.Incomplete {
			line += " (incomplete)"
		}
		lines = append(lines, st.Render(line))
	}
	if more := outside - len(lines); more > 0 {
		lines = append(lines, th.Dim.Render(fmt.Sprintf("… and %d more outside the band (see the table)", more)))
	}
	if n := incomplete(ps); n > 0 {
		what := fmt.Sprintf("the last %d %ss are", n, res.Interval)
		if n == 1 {
			what = "the last " + res.Interval.String() + " is"
		}
		lines = append(lines, th.Warn.Render(fmt.Sprintf("◌ %s incomplete: windows still open, rates can rise", what)))
	}
	return strings.Join(lines, "\n")
}

// incomplete counts the trailing incomplete periods.
func incomplete(ps []analysis.TrendPeriod) int {
	n := 0
	for i := len(ps) - 1; i >= 0 && ps[i].Incomplete; i-- {
		n++
	}
	return n
}

// table shows the periods that fit in h lines, newest last as in the
// chart; the list scrolls to the others and says how many are hidden.
func (m *Model) table(h int) string {
	m.list.SetHeight(h - 2) // the heading and the list's footer
	lines := []string{m.tableHead}
	sel := m.list.Selected()
	for _, r := range m.list.Window() {
		line := m.tableRows[r]
		if r == sel && (m.list.Len() > m.list.Height() || m.list.Filter() != "") {
			line = m.ctx.Theme.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	return strings.Join(m.list.WithFooter(lines), "\n")
}
