// Package linechart draws a time series (ntcharts' time-series line chart,
// in braille) with an optional band around it, from plain data and a size.
// Views hand it points and get a string back; they never touch chart
// internals, so the chart library can be swapped here alone.
package linechart

import (
	"math"
	"strconv"
	"time"

	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Point is one value at one time.
type Point struct {
	Time  time.Time
	Value float64
}

// Data is what a chart shows.
type Data struct {
	// From and To are the time axis; the chart never guesses them, as
	// ntcharts would anchor an unset range at time.Now().
	From, To time.Time
	// Line is the series; Low and High, when given, are the band's edges,
	// drawn muted under the line.
	Line, Low, High []Point
	// YMin and YMax bound the value axis (YMax 0: the largest value,
	// with some room). Points outside are drawn at the bound.
	YMin, YMax float64
	// YLabel formats the value axis (nil: %g).
	YLabel func(v float64) string
	// XLabel formats the time axis (nil: month/day).
	XLabel func(t time.Time) string
	// Step, when set, is the spacing of the points (a day, a week): the
	// chart narrows by a few columns so that each step spans whole
	// columns and the time labels fall on steps, not between them, when
	// that costs at most an eighth of the width.
	Step time.Duration
}

// minLabelGap is the columns a time label and its gap need.
const minLabelGap = 8

// Dataset names: DrawBrailleAll draws in name order and the last drawn
// colours a shared cell, so the line's name sorts after the band's.
const (
	lowSet  = "a-low"
	highSet = "b-high"
	lineSet = "c-line"
)

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
			timeserieslinechart.WithDataSetStyle(lowSet, muted),
			timeserieslinechart.WithDataSetStyle(highSet, muted),
		)
		// Points beyond the ranges set above would stretch them (auto
		// range is on by default) and move the axes the caller asked for.
		ch.AutoMinX, ch.AutoMaxX, ch.AutoMinY, ch.AutoMaxY = false, false, false, false
		return ch
	}
	ch := build(w, max(minLabelGap, w/8))
	if n := int(to.Sub(from) / max(d.Step, time.Second)); d.Step > 0 && n > 0 {
		// Not at any cost: a day chart would lose up to half its width.
		if gw, k := ch.GraphWidth(), ch.GraphWidth()/n; k >= 1 && gw-k*n <= gw/8 {
			// k columns per step; a label every few steps.
			every := (minLabelGap + k - 1) / k
			ch = build(w-(gw-k*n), k*every)
		}
	}
	push := func(name string, ps []Point) {
		for _, p := range ps {
			ch.PushDataSet(name, timeserieslinechart.TimePoint{Time: p.Time, Value: min(max(p.Value, d.YMin), ymax)})
		}
	}
	push(lowSet, d.Low)
	push(highSet, d.High)
	push(lineSet, d.Line)
	// Braille rather than line runes: a data set that starts late (the
	// band needs a few periods first) would otherwise be drawn as a flat
	// line along the axis before its first point.
	ch.DrawBrailleAll()
	return ch.View()
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }
