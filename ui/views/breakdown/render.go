package breakdown

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// chrome is the lines above the segments: title, legend, blank. The
// selected segment's steps go below them only when there is room left.
const chrome = 3

// fitList gives the list the lines the chrome and the matrix leave:
// beside the bars the matrix needs one more line (its all-users row),
// under them a blank line, its header, the same rows and that row.
func (m *Model) fitList() {
	room := m.Height() - chrome
	switch {
	case m.grid.rows == nil:
		m.list.Fit(room)
	case m.besideBars():
		m.list.Fit(room - 1)
	case m.ctx.Presenter: // bars two rows tall, then the matrix's rows
		m.list.Fit((room - 3) / 3)
	default:
		m.list.Fit((room - 3) / 2)
	}
}

// View implements common.View.
func (m *Model) View() string {
	var body string
	switch {
	case m.dialog.Open():
		body = m.dialog.View()
	case len(m.Funnel().Steps) < 2:
		body = m.Note("A breakdown splits a funnel by a property. Build a funnel of at least two steps first: press 1, then a to add steps.")
	case m.by == "":
		body = m.Note("Press p to pick the property to break the funnel down by (device, country, utm_source…).")
	default:
		body = m.page()
	}
	return m.Clip(body)
}

// page is the header, the segment bars and, when there is room, the
// selected segment's steps.
func (m *Model) page() string {
	th := m.ctx.Theme
	m.step.top = -1 // until the step table is drawn
	status := m.job.StatusIn(m.ctx, "computed in ")
	head := th.Title.Render("Breakdown by "+m.by) + "  " + status
	if err := m.job.Err(); err != nil {
		return head + "\n\n" + th.StatusError.Render(common.Wrap(err.Error(), m.Width()))
	}
	r := m.result()
	if r == nil {
		return head
	}
	order := "conversion"
	if m.bySize {
		order = "size"
	}
	all := r.all.Steps
	unit := report.UnitName(r.all.Unit)
	head = th.Title.Render("Breakdown by "+m.by) + "  " +
		fmt.Sprintf("all: %s of %s %s convert", report.Percent(all[len(all)-1].ConvFromStart), common.Count(all[0].Count), unit) +
		"  " + status
	pieces := []string{"sorted by " + order + " (S)", "p property", "▲▼ * differs from the rest (p<0.05)",
		furthestMark + " step furthest from all",
		"[95% CI]", "n " + unit + " at step 1", "↑↓ segment"}
	if m.ctx.Presenter { // a room reads the differences, not the statistics
		pieces = []string{"sorted by " + order, "▲▼ differs from the rest", furthestMark + " step furthest from all"}
	}
	legend := common.FitPieces(pieces, "  ·  ", m.Width())
	out := head + "\n" + th.Dim.Render(legend) + "\n"
	if len(m.order) == 0 {
		return out + "\n" + th.Dim.Render(fmt.Sprintf("No %s reached the first step.", unit))
	}
	if note := noValueNote(r, m.by); note != "" {
		out += th.Warn.Render(common.Wrap(note, m.Width())) + "\n"
	}
	out += m.barsAndGrid()
	rest := m.Height() - lipgloss.Height(out) - 1
	if t := m.steps(); t != "" && rest >= lipgloss.Height(t) {
		m.step.top = lipgloss.Height(out) + 3 // a blank line, the title, the header
		out += "\n\n" + t
	}
	return out
}

// maxBarsWidth caps the segment chart on wide terminals.
const maxBarsWidth = 110

// bars draws one bar per segment in the list's window: the overall
// conversion, its interval, the segment's size and, when it differs from
// the rest, * and the p-value. Columns and the bars' scale are sized over
// every segment, so scrolling or filtering moves nothing.
func (m *Model) bars(width int) string {
	th := m.ctx.Theme
	wide := width >= 72 && !m.ctx.Presenter // the interval column
	segs := m.Segments()
	all := m.result().all.Steps
	overall := all[len(all)-1].ConvFromStart
	cols := make([][4]string, len(segs))
	for i, s := range segs {
		last := s.Steps[len(s.Steps)-1]
		cols[i][0] = report.Percent(last.ConvFromStart)
		cols[i][1] = "[" + report.CI(last.CIStart) + "]"
		cols[i][2] = "n=" + common.Count(size(s))
		if s.Significant {
			dir := "▲"
			if last.ConvFromStart < overall {
				dir = "▼"
			}
			cols[i][3] = fmt.Sprintf("%s * %s", dir, report.PValueLabel(s.PValue))
			if m.ctx.Presenter {
				cols[i][3] = dir
			}
		}
	}
	var widths [4]int
	labelW, full := 0, 0.0
	for i, c := range cols {
		for j := range c {
			widths[j] = max(widths[j], lipgloss.Width(c[j]))
		}
		labelW, full = max(labelW, lipgloss.Width(common.Name(report.SegmentLabel(segs[i].Value)))), max(full, conversion(segs[i]))
	}
	sel := m.list.Selected()
	var bs []bars.Bar
	for _, i := range m.list.Window() {
		s := segs[i]
		c := cols[i]
		note := pad(c[0], widths[0], true)
		if wide {
			note += " " + pad(c[1], widths[1], false)
		}
		note += "  " + pad(c[2], widths[2], true)
		if c[3] != "" {
			st := th.Good
			if conversion(s) < overall {
				st = th.Bad
			}
			note += "  " + st.Render(c[3])
		}
		mark := "  "
		if i == sel {
			mark = "▸ "
		}
		b := bars.Bar{Label: mark + common.Fit(common.Name(report.SegmentLabel(s.Value)), labelW), Value: conversion(s), Note: note}
		if s.Significant && conversion(s) < overall {
			b.Tone = bars.Hot
		}
		bs = append(bs, b)
	}
	// Beyond maxBarsWidth the notes would drift far from short labels.
	chart := bars.Render(th, bs, nil, min(width, maxBarsWidth), full).View()
	if m.ctx.Presenter {
		return tallBars(th, bs, chart, min(width, maxBarsWidth), full)
	}
	return chart
}

// tallBars is chart with each bar drawn twice as tall, for a room: the
// bars again without labels or notes (blanks of their widths, so that
// they scale alike), one under each line of chart.
func tallBars(th *theme.Theme, bs []bars.Bar, chart string, width int, full float64) string {
	blank := make([]bars.Bar, len(bs))
	for i, b := range bs {
		blank[i] = bars.Bar{Label: strings.Repeat(" ", lipgloss.Width(b.Label)), Value: b.Value,
			Note: strings.Repeat(" ", lipgloss.Width(b.Note)), Tone: b.Tone}
	}
	under := strings.Split(bars.Render(th, blank, nil, width, full).View(), "\n")
	var out []string
	for i, l := range strings.Split(chart, "\n") {
		out = append(out, l)
		if i < len(under) {
			out = append(out, strings.TrimRight(under[i], " "))
		}
	}
	return strings.Join(out, "\n")
}

// barsAndGrid is the bars of the list's window with its footer, and the
// matrix of the same rows: beside them on wide terminals (its header on
// the blank line above the bars), under them on narrow ones. It starts
// with that line.
func (m *Model) barsAndGrid() string {
	foot := ""
	if f := m.list.Footer(); f != "" {
		foot = "\n" + f
	}
	if !m.besideBars() {
		return "\n" + m.bars(m.Width()) + foot + "\n\n" + m.gridView()
	}
	left := "\n" + m.bars(m.Width()-m.grid.width-matrixGap) + foot
	left = lipgloss.NewStyle().PaddingRight(matrixGap).Render(left)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, m.gridView())
}

// steps is the selected segment's funnel, step by step, as the funnel
// view's table shows it; narrow terminals lose the interval column.
func (m *Model) steps() string {
	th := m.ctx.Theme
	s := m.selected()
	if s == nil {
		return ""
	}
	wide := m.Width() >= 90 && !m.ctx.Presenter // the interval column
	headers := []string{"#", "step", "count", "from start", "from prev", "dropped", "median"}
	right := []bool{true, false, true, true, true, true, true}
	if wide {
		headers = []string{"#", "step", "count", "from start", "95% CI", "from prev", "dropped", "median"}
		right = []bool{true, false, true, true, false, true, true, true}
	}
	rows := make([][]string, len(s.Steps))
	for i, st := range s.Steps {
		name := common.Cut(common.Name(st.Name), 24)
		row := []string{fmt.Sprint(i + 1), name, common.Count(st.Count), report.Percent(st.ConvFromStart)}
		if wide {
			row = append(row, report.CI(st.CIStart))
		}
		row = append(row, report.Percent(st.ConvFromPrev), common.Count(st.Dropped))
		if !m.ctx.Presenter { // a room reads the rates, not the timings
			median, _ := report.StepTimes(i, st)
			row = append(row, median)
		}
		rows[i] = row
	}
	if m.ctx.Presenter {
		headers, right = headers[:len(headers)-1], right[:len(right)-1]
	}
	title := th.Title.Render(fmt.Sprintf("%s = %s, step by step", common.Name(m.by), common.Name(report.SegmentLabel(s.Value))))
	return title + "\n" + m.markStep(common.TextTable(headers, rows, right))
}

// pad aligns s in n columns, to the right for numbers.
func pad(s string, n int, right bool) string {
	gap := strings.Repeat(" ", max(0, n-lipgloss.Width(s)))
	if right {
		return gap + s
	}
	return s + gap
}

// noValueNote explains a breakdown whose every unit is "(none)": the
// first step's events never carry the property (order_id on view_item),
// which one "(none)" bar alone does not say.
func noValueNote(r *result, by string) string {
	if len(r.segs) != 1 || r.segs[0].Value != "" || len(r.f.Steps) == 0 {
		return ""
	}
	return fmt.Sprintf("No %s event carries %s, so every unit is (none): press p for a property that %s events have.",
		common.Name(r.f.Steps[0].Name), common.Name(by), common.Name(r.f.Steps[0].Name))
}
