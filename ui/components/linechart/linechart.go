// Package linechart draws a time series (ntcharts' time-series line chart,
// in braille, with a marker on each point when there is room) and an
// optional band around it in dashes, from plain data and a size. The line
// and the band differ by rune, not only by colour, so they stay apart
// under NO_COLOR.
// Views hand it points and get a string back; they never touch chart
// internals, so the chart library can be swapped here alone.
package linechart

import (
	"math"
	"strconv"
	"time"

	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Point is one value at one time.
type Point struct {
	Time  time.Time
	Value float64
	// Mark, when set, is drawn on the line at the point whatever the
	// room (▲ ▼ for a value outside its band).
	Mark rune
}

// Runes of the chart, for the legends of the views that draw one.
const (
	PointRune = '•' // a point of the line, when each point has columns to spare
	BandRune  = '┄' // the band's edges
	Up        = '▲' // Mark of a point above its band
	Down      = '▼' // Mark of a point below its band
)

// Data is what a chart shows.
type Data struct {
	// From and To are the time axis; the chart never guesses them, as
	// ntcharts would anchor an unset range at time.Now().
	From, To time.Time
	// Line is the series; Low and High, when given, are the band's edges,
	// drawn muted in BandRune where the line leaves room.
	Line, Low, High []Point
	// YMin and YMax bound the value axis (YMax 0: the largest value,
	// with some room). Points outside are drawn at the bound.
	YMin, YMax float64
	// YLabel formats the value axis (nil: %g).
	YLabel func(v float64) string
	// XLabel formats the time axis (nil: month/day).
	XLabel func(t time.Time) string
	// Extra are more lines, each drawn in its own rune (a trail of
	// markers) so that they stay apart under NO_COLOR.
	Extra []Series
	// Step, when set, is the spacing of the points (a day, a week): the
	// chart narrows by a few columns so that each step spans whole
	// columns and the time labels fall on steps, not between them, when
	// that costs at most an eighth of the width.
	Step time.Duration
}

// Series is an extra line of a chart and the rune that draws it.
type Series struct {
	Points []Point
	Rune   rune
}

// SeriesRunes are distinct runes for extra lines, in order: a view names
// them in its legend.
var SeriesRunes = []rune{'○', '◆', '□', '×', '△', '+'}

// extraStyle colours extra line i (the runes tell them apart without).
func extraStyle(th *theme.Theme, i int) lipgloss.Style {
	return []lipgloss.Style{th.BarAlt, th.Warn, th.Good, th.Bad, th.Key, th.Title}[i%6]
}

// minLabelGap is the columns a time label and its gap need.
const minLabelGap = 8

// lineSet is the name of the line's data set, the only one ntcharts
// draws: the band and the marks are drawn on its canvas afterwards.
const lineSet = "line"

// pointGap is the columns per step from which each point gets a marker:
// closer markers would hide the line between them.
const pointGap = 3

// Render draws d in w columns and h lines ("" when there is no room or no
// point to draw).
func Render(th *theme.Theme, d Data, w, h int) string {
	if w < 20 || h < 4 || len(d.Line) == 0 {
		return ""
	}
	from, to := d.From, d.To
	// The chart's resolution is the second; a range under one second
	// would divide by zero.
	if !to.After(from.Add(time.Second)) {
		to = from.Add(time.Second)
	}
	ymax := d.YMax
	if ymax <= 0 {
		for _, ps := range [][]Point{d.Line, d.High} {
			for _, p := range ps {
				ymax = max(ymax, p.Value)
			}
		}
		ymax *= 1.15
	}
	if ymax <= d.YMin {
		ymax = d.YMin + 1
	}
	ylabel := d.YLabel
	if ylabel == nil {
		ylabel = trimFloat
	}
	xlabel := d.XLabel
	if xlabel == nil {
		xlabel = func(t time.Time) string { return t.Format("01/02") }
	}
	loc := from.Location()
	muted := th.Dim
	build := func(w, xstep int) timeserieslinechart.Model {
		ch := timeserieslinechart.New(w, h,
			timeserieslinechart.WithTimeRange(from, to),
			timeserieslinechart.WithYRange(d.YMin, ymax),
			timeserieslinechart.WithXYSteps(xstep, 2),
			timeserieslinechart.WithAxesStyles(muted, muted),
			timeserieslinechart.WithXLabelFormatter(func(_ int, v float64) string {
				// Labels are computed in float seconds: round so that a
				// midnight does not read as the day before.
				return xlabel(time.Unix(int64(math.Round(v/60))*60, 0).In(loc))
			}),
			timeserieslinechart.WithYLabelFormatter(func(_ int, v float64) string { return ylabel(v) }),
			timeserieslinechart.WithDataSetStyle(lineSet, th.Bar),
		)
		// Points beyond the ranges set above would stretch them (auto
		// range is on by default) and move the axes the caller asked for.
		ch.AutoMinX, ch.AutoMaxX, ch.AutoMinY, ch.AutoMaxY = false, false, false, false
		return ch
	}
	ch := build(w, max(minLabelGap, w/8))
	perStep := 0 // columns per step, 0 when the points are not evenly spaced
	if n := int(to.Sub(from) / max(d.Step, time.Second)); d.Step > 0 && n > 0 {
		gw := ch.GraphWidth()
		perStep = gw / n
		// Not at any cost: a day chart would lose up to half its width.
		if perStep >= 1 && gw-perStep*n <= gw/8 {
			// perStep columns per step; a label every few steps.
			every := (minLabelGap + perStep - 1) / perStep
			ch = build(w-(gw-perStep*n), perStep*every)
		}
	}
	clamp := func(p Point) Point {
		p.Value = min(max(p.Value, d.YMin), ymax)
		return p
	}
	for _, p := range d.Line {
		ch.PushDataSet(lineSet, timeserieslinechart.TimePoint{Time: p.Time, Value: clamp(p).Value})
	}
	ch.DrawBrailleDataSets([]string{lineSet})
	o := overlay{ch: &ch, clamp: clamp}
	o.trail(d.Low, BandRune, muted)
	o.trail(d.High, BandRune, muted)
	for i, x := range d.Extra {
		o.trail(x.Points, x.Rune, extraStyle(th, i))
	}
	o.marks(th, d.Line, perStep >= pointGap)
	o.lastLabel(xlabel(d.To), muted)
	return ch.View()
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }
