// Package bars draws labelled horizontal bar charts (ntcharts) with a note
// after each bar and an optional line between bars, from plain data, and
// the same charts taller for presenter mode (Tall). Views hand it labels
// and values; they never touch chart internals.
package bars

import (
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/textsafe"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Tone picks a bar's colour.
type Tone int

// Bar tones.
const (
	Normal Tone = iota
	Alt
	Hot
)

// Bar is one bar.
type Bar struct {
	Label string
	Value float64
	Note  string // printed after the bar
	Tone  Tone
}

// Chart is a rendered chart; build it with Render and print View.
type Chart struct{ out string }

// View returns the rendered chart.
func (c Chart) View() string { return c.out }

// Render draws bars in width columns. between[i], when given, is printed
// on the line between bar i and bar i+1 (funnel conversion and drop-off),
// styled by the caller.
// full is the value of a full bar (0: the largest value).
func Render(th *theme.Theme, bs []Bar, between []string, width int, full float64) Chart {
	return Tall(th, bs, between, width, full, Room{Rows: 1})
}

// charted draws each bar's cells with ntcharts, barW wide, padded so
// that the notes after them line up.
func charted(th *theme.Theme, bs []Bar, barW, gap int, full float64) []string {
	if full = fullOf(bs, full); full <= 0 {
		full = 1
	}
	data := make([]barchart.BarData, len(bs))
	for i, b := range bs {
		data[i] = barchart.BarData{Label: b.Label, Values: []barchart.BarValue{{Name: b.Label, Value: b.Value, Style: style(th, b.Tone)}}}
	}
	h := (1+gap)*len(bs) - gap
	ch := barchart.New(barW, h, barchart.WithDataSet(data), barchart.WithHorizontalBars(),
		barchart.WithNoAxis(), barchart.WithNoAutoBarWidth(), barchart.WithBarWidth(1),
		barchart.WithBarGap(gap), barchart.WithNoAutoMaxValue(), barchart.WithMaxValue(full))
	ch.Draw()
	drawn := strings.Split(ch.View(), "\n")
	rows := make([]string, len(bs))
	for i := range bs {
		if (1+gap)*i < len(drawn) {
			rows[i] = drawn[(1+gap)*i]
		}
	}
	return rows
}

// fullOf is full, or when it is not above 0 the largest value of bs.
func fullOf(bs []Bar, full float64) float64 {
	if full <= 0 {
		for _, b := range bs {
			full = max(full, b.Value)
		}
	}
	return full
}

// style is the colour of tone.
func style(th *theme.Theme, tone Tone) lipgloss.Style {
	switch tone {
	case Alt:
		return th.BarAlt
	case Hot:
		return th.BarHot
	}
	return th.Bar
}

// shown returns bs with labels and notes as they are drawn, controls
// escaped (a label is often a name from the data), so that the columns
// are measured as drawn; styles the caller applied stay.
func shown(bs []Bar) []Bar {
	out := make([]Bar, len(bs))
	for i, b := range bs {
		b.Label, b.Note = textsafe.Styled(b.Label), textsafe.Styled(b.Note)
		out[i] = b
	}
	return out
}
