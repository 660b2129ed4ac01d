package funnel

import (
	"fmt"
	"math"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
)

// histogram shows the time to convert to the selected step in at most h lines.
func (m *Model) histogram(w, h int) string {
	th := m.ctx.Theme
	if m.cursor == 0 && len(m.Result().Steps) > 1 && h >= 2 {
		// Step 1 has no time to convert; say where the chart is rather
		// than leave the space under the table empty.
		return th.Dim.Render("↓ select a later step to see how long its converters took (time to convert)")
	}
	if m.cursor <= 0 || m.cursor >= len(m.Result().Steps) || h < 4 {
		return ""
	}
	s := m.Result().Steps[m.cursor]
	if len(s.Histogram) == 0 {
		return ""
	}
	title := th.Title.Render(fmt.Sprintf("Time to convert to step %d (%s)", m.cursor+1, common.Name(s.Name))) +
		th.Dim.Render("  ↑↓ selects the step")
	return title + "\n" + bars.Render(th, histogramBars(s.Histogram, h-1), nil, min(w, 90), 0).View()
}

// histogramBars draws buckets in at most rows bars. When they do not fit,
// the tail is merged into one "≥ X" bar rather than dropped: a cut tail
// would hide the slowest converters and the shares would no longer add up
// to 100% (see docs/semantics.md).
func histogramBars(buckets []analysis.Bucket, rows int) []bars.Bar {
	fitted := mergeTail(buckets, max(1, rows))
	total := 0
	for _, b := range fitted {
		total += b.Count
	}
	bs := make([]bars.Bar, len(fitted))
	for i, b := range fitted {
		label := report.DurationSpan(b.From, b.To)
		if i == len(fitted)-1 && len(fitted) < len(buckets) {
			label = "≥ " + report.Duration(b.From)
		}
		bs[i] = bars.Bar{Label: label, Value: float64(b.Count),
			Note: fmt.Sprintf("%s %s", common.Count(b.Count), report.PercentOf(b.Count, total)), Tone: bars.Alt}
	}
	return bs
}

// mergeTail keeps buckets as they are when they fit in rows, else the
// first rows-1 and one open-ended bucket holding the count of the rest.
func mergeTail(buckets []analysis.Bucket, rows int) []analysis.Bucket {
	if len(buckets) <= rows {
		return buckets
	}
	keep := rows - 1
	tail := analysis.Bucket{From: buckets[keep].From, To: math.Inf(1)}
	for _, b := range buckets[keep:] {
		tail.Count += b.Count
	}
	return append(buckets[:keep:keep], tail)
}
