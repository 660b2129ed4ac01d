package funnel

import (
	"fmt"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
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
	hot := res.WeakestStep()
	bs := make([]bars.Bar, len(steps))
	between := make([]string, len(steps)-1)
	for i, s := range steps {
		bs[i] = bars.Bar{Label: common.Name(s.Name), Value: float64(s.Count),
			Note: common.Count(s.Count) + " " + report.Percent(s.ConvFromStart)}
		if i > 0 {
			t := fmt.Sprintf("↓ %s continue", report.Percent(s.ConvFromPrev))
			st := th.Dim
			if i == hot {
				t, st = t+"  ◀ biggest drop-off", th.Bad
			}
			between[i-1] = st.Render(t)
		}
	}
	room := bars.Room{Rows: presenterRows, Solid: true}
	return bars.Tall(th, bs, between, m.w, float64(steps[0].Count), room).View()
}
