package linechart

import (
	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// overlay draws on a chart's canvas after ntcharts drew the line: the
// band, the point markers and the last period's label.
type overlay struct {
	ch    *timeserieslinechart.Model
	clamp func(Point) Point
}

// cell is the cell that holds p's braille dot, scaled as ntcharts scales
// the line (rescaleData, then DrawBrailleDataSets), so that a marker
// sits on the line rather than a row off it.
func (o overlay) cell(p Point) canvas.Point {
	p = o.clamp(p)
	gw, gh := o.ch.GraphWidth(), o.ch.GraphHeight()
	f := canvas.Float64Point{
		X: (float64(p.Time.Unix()) - o.ch.ViewMinX()) * float64(gw) / (o.ch.ViewMaxX() - o.ch.ViewMinX()),
		Y: (p.Value - o.ch.ViewMinY()) * float64(o.ch.Origin().Y) / (o.ch.ViewMaxY() - o.ch.ViewMinY()),
	}
	g := graph.NewBrailleGrid(gw, gh, 0, float64(gw), 0, float64(gh)).GridPoint(f)
	return canvas.Point{X: o.ch.Origin().X + 1 + g.X/2, Y: g.Y / 4}
}

// trail joins the points in rune r (the band's edges, the extra lines),
// only in cells the line left empty: where they cross, the line is what
// the reader follows.
func (o overlay) trail(ps []Point, r rune, st lipgloss.Style) {
	for i := 1; i < len(ps); i++ {
		for _, c := range graph.GetLinePoints(o.cell(ps[i-1]), o.cell(ps[i])) {
			if o.ch.Canvas.Cell(c).Rune == runes.Null {
				o.ch.Canvas.SetCell(c, canvas.NewCellWithStyle(r, st))
			}
		}
	}
	if len(ps) == 1 {
		o.ch.Canvas.SetCell(o.cell(ps[0]), canvas.NewCellWithStyle(r, st))
	}
}

// marks draws each point's Mark, and PointRune on the others when every
// point is true.
func (o overlay) marks(th *theme.Theme, ps []Point, every bool) {
	for _, p := range ps {
		r, st := p.Mark, th.Bar
		switch {
		case r == Up:
			st = th.Good
		case r == Down:
			st = th.Bad
		case r == 0 && every:
			r = PointRune
		case r == 0:
			continue
		}
		o.ch.Canvas.SetCell(o.cell(p), canvas.NewCellWithStyle(r, st))
	}
}

// lastLabel writes the label of the last period at the right end of the
// time axis, where ntcharts never puts one, removing the labels it
// would overlap so that no date is left half written.
func (o overlay) lastLabel(s string, st lipgloss.Style) {
	cv := &o.ch.Canvas
	y := o.ch.Origin().Y + 1
	start := cv.Width() - len([]rune(s))
	if start <= o.ch.Origin().X {
		return
	}
	for x := start - 1; x > o.ch.Origin().X && cv.Cell(canvas.Point{X: x, Y: y}).Rune != runes.Null; x-- {
		cv.SetCell(canvas.Point{X: x, Y: y}, canvas.Cell{})
	}
	for x := start; x < cv.Width(); x++ {
		cv.SetCell(canvas.Point{X: x, Y: y}, canvas.Cell{})
	}
	cv.SetStringWithStyle(canvas.Point{X: start, Y: y}, s, st)
}
