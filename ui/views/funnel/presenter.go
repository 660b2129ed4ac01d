package funnel

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bigtext"
)

// presenterRows is how tall each step's bar is in presenter mode.
const presenterRows = 2

// presenter is the funnel for a room (common.Context.Presenter): the
// overall conversion and the biggest drop-off as big figures, bars two
// rows tall, the first-session line; no steps panel, table, interval or
// timing. "" when there is no result to show yet.
func (m *Model) presenter() string {
	res := m.Result()
	if res == nil || len(res.Steps) < 2 || m.job.Err() != nil {
		return ""
	}
	out := m.headline(res) + "\n\n" + m.thickBars(res) + m.sessionLine(m.w)
	return lipgloss.NewStyle().MaxHeight(m.h).MaxWidth(m.w).Render(out)
}

// headline is the two big figures side by side, each with its caption.
func (m *Model) headline(res *analysis.FunnelResult) string {
	th := m.ctx.Theme
	steps := res.Steps
	last := steps[len(steps)-1]
	half := max(20, m.w/2-1)
	left := th.Bold.Render(bigtext.Render(report.Percent(last.ConvFromStart))) + "\n" +
		common.Cut(fmt.Sprintf("of %s reach %s", common.Name(steps[0].Name), common.Name(last.Name)), half)
	hot := res.WeakestStep()
	if hot < 1 {
		return left
	}
	right := th.Bad.Render(bigtext.Render(report.Percent(1-steps[hot].ConvFromPrev))) + "\n" +
		common.Cut(fmt.Sprintf("drop off at %s → %s", common.Name(steps[hot-1].Name), common.Name(steps[hot].Name)), half)
	return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(half).Render(left), "  ", right)
}

// thickBars draws each step as a bar presenterRows tall, the count and
// share after it, and between steps the share that continues.
func (m *Model) thickBars(res *analysis.FunnelResult) string {
	th := m.ctx.Theme
	steps := res.Steps
	labelW := 0
	for _, s := range steps {
		labelW = max(labelW, lipgloss.Width(common.Name(s.Name)))
	}
	labelW = min(labelW, m.w/3)
	barW := max(4, m.w-labelW-16)
	hot := res.WeakestStep()
	var lines []string
	for i, s := range steps {
		if i > 0 {
			t := fmt.Sprintf("↓ %s continue", report.Percent(s.ConvFromPrev))
			st := th.Dim
			if i == hot {
				t, st = t+"  ◀ biggest drop-off", th.Bad
			}
			lines = append(lines, strings.Repeat(" ", labelW+1)+st.Render(t))
		}
		n := 0
		if steps[0].Count > 0 {
			n = max(1, barW*s.Count/steps[0].Count)
		}
		bar := th.Bar.Render(strings.Repeat("█", n))
		note := " " + common.Count(s.Count) + " " + report.Percent(s.ConvFromStart)
		lines = append(lines, common.Fit(common.Name(s.Name), labelW)+" "+bar+note)
		for r := 1; r < presenterRows; r++ {
			lines = append(lines, strings.Repeat(" ", labelW+1)+bar)
		}
	}
	return strings.Join(lines, "\n")
}
