// Package bars draws labelled horizontal bar charts (ntcharts) with a note
// after each bar and an optional line between bars, from plain data. Views
// hand it labels and values; they never touch chart internals.
package bars

import (
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/textsafe"
	"github.com/funnelscope/funnelscope/ui/common"
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
	if len(bs) == 0 || width < 10 {
		return Chart{}
	}
	bs = shown(bs)
	labelW, noteW := 0, 0
	for _, b := range bs {
		labelW = max(labelW, lipgloss.Width(b.Label))
		noteW = max(noteW, lipgloss.Width(b.Note))
	}
	labelW = min(labelW, width/3)
	barW := width - labelW - noteW - 3
	if barW < 5 {
		noteW, barW = 0, width-labelW-2
	}
	if full <= 0 {
		for _, b := range bs {
			full = max(full, b.Value)
		}
	}
	if full <= 0 {
		full = 1
	}
	data := make([]barchart.BarData, len(bs))
	for i, b := range bs {
		st := th.Bar
		switch b.Tone {
		case Alt:
			st = th.BarAlt
		case Hot:
			st = th.BarHot
		}
		data[i] = barchart.BarData{Label: b.Label, Values: []barchart.BarValue{{Name: b.Label, Value: b.Value, Style: st}}}
	}
	// Without notes between bars the bars sit on consecutive lines.
	gap := 1
	if between == nil {
		gap = 0
	}
	h := (1+gap)*len(bs) - gap
	ch := barchart.New(barW, h, barchart.WithDataSet(data), barchart.WithHorizontalBars(),
		barchart.WithNoAxis(), barchart.WithNoAutoBarWidth(), barchart.WithBarWidth(1),
		barchart.WithBarGap(gap), barchart.WithNoAutoMaxValue(), barchart.WithMaxValue(full))
	ch.Draw()
	rows := strings.Split(ch.View(), "\n")
	var b strings.Builder
	for i, bar := range bs {
		row := ""
		if (1+gap)*i < len(rows) {
			row = rows[(1+gap)*i]
		}
		label := common.Fit(bar.Label, labelW)
		b.WriteString(label + " " + row)
		if noteW > 0 {
			b.WriteString(" " + bar.Note)
		}
		if i < len(bs)-1 {
			b.WriteString("\n")
			if gap > 0 {
				if i < len(between) {
					b.WriteString(strings.Repeat(" ", labelW+1) + between[i])
				}
				b.WriteString("\n")
			}
		}
	}
	return Chart{out: b.String()}
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
