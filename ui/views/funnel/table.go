package funnel

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
)

// table lists the steps with intervals and times to convert; narrow
// terminals lose the interval and p90 columns.
func (m *Model) table(w int) string {
	wide := w >= 100
	headers := []string{"#", "step", "count", "from start", "from prev", "dropped", "median"}
	right := []bool{true, false, true, true, true, true, true}
	if wide {
		headers = []string{"#", "step", "count", "from start", "95% CI", "from prev", "dropped", "median", "p90"}
		right = []bool{true, false, true, true, false, true, true, true, true}
	}
	rows := make([][]string, len(m.res.Steps))
	for i, s := range m.res.Steps {
		name := s.Name
		if len([]rune(name)) > 24 {
			name = string([]rune(name)[:23]) + "…"
		}
		if wide {
			rows[i] = []string{fmt.Sprint(i + 1), name, common.Count(s.Count), report.Pct(s.ConvFromStart),
				report.Pct(s.CIStart[0]) + "-" + report.Pct(s.CIStart[1]), report.Pct(s.ConvFromPrev),
				common.Count(s.Dropped), report.Seconds(s.MedianSeconds), report.Seconds(s.P90Secs)}
		} else {
			rows[i] = []string{fmt.Sprint(i + 1), name, common.Count(s.Count), report.Pct(s.ConvFromStart),
				report.Pct(s.ConvFromPrev), common.Count(s.Dropped), report.Seconds(s.MedianSeconds)}
		}
	}
	return common.TextTable(headers, rows, right)
}

// histogram shows the time to convert to the selected step in at most h lines.
func (m *Model) histogram(w, h int) string {
	th := m.ctx.Theme
	if m.cursor <= 0 || m.cursor >= len(m.res.Steps) || h < 4 {
		return ""
	}
	s := m.res.Steps[m.cursor]
	buckets := s.Histogram
	if len(buckets) == 0 {
		return ""
	}
	// Keep the first buckets when short of room.
	n := min(len(buckets), h-1)
	if n < 1 {
		return ""
	}
	total := 0
	for _, b := range buckets {
		total += b.Count
	}
	bs := make([]bars.Bar, 0, n)
	for _, b := range buckets[:n] {
		share := 0.0
		if total > 0 {
			share = float64(b.Count) / float64(total)
		}
		bs = append(bs, bars.Bar{Label: common.Span(b.From, b.To),
			Value: float64(b.Count), Note: fmt.Sprintf("%s %s", common.Count(b.Count), report.Pct(share)), Tone: bars.Alt})
	}
	title := th.Title.Render(fmt.Sprintf("Time to convert to step %d (%s)", m.cursor+1, s.Name)) +
		th.Dim.Render("  ↑↓ selects the step")
	return title + "\n" + bars.Render(th, bs, nil, min(w, 90), 0).View()
}
