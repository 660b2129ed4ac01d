package funnel

import (
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
)

// sessionLine is the line under the bars that says when the converters
// converted (docs/semantics.md, "First session or later"), wrapped to w,
// with the newline before it; empty for a one-step funnel, where
// converting is reaching step 1, and for funnels without the split. Under
// the bars rather than the table: beside the steps panel it usually takes
// no line from the histogram.
func (m *Model) sessionLine(w int) string {
	res := m.Result()
	line := report.SessionSplitLine(res.Sessions)
	if line == "" || len(res.Steps) < 2 {
		return ""
	}
	return "\n" + m.ctx.Theme.Dim.Render(common.Wrap(line, w))
}
