package funnel

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
)

// table lists the steps with 95% intervals and times to convert. Narrow
// terminals get the interval in short form ("48.8-54.9") and no p90, and
// long step names are cut to what the other columns leave.
func (m *Model) table(w int) string {
	wide := w >= 100
	headers := []string{"#", "step", "count", "from start", "95% CI", "from prev", "dropped", "median"}
	right := []bool{true, false, true, true, false, true, true, true}
	if wide {
		headers, right = append(headers, "p90"), append(right, true)
	}
	rows := make([][]string, len(m.Result().Steps))
	for i, s := range m.Result().Steps {
		ci := report.CI(s.CIStart)
		if !wide {
			ci = report.CINarrow(s.CIStart)
		}
		median, p90 := report.StepTimes(i, s)
		rows[i] = []string{fmt.Sprint(i + 1), s.Name, common.Count(s.Count), report.Percent(s.ConvFromStart), ci,
			report.Percent(s.ConvFromPrev), common.Count(s.Dropped), median}
		if wide {
			rows[i] = append(rows[i], p90)
		}
	}
	fitNames(rows, headers, w)
	return common.TextTable(headers, rows, right)
}

// fitNames cuts the step names (column 1) so the table's lines stay within w.
func fitNames(rows [][]string, headers []string, w int) {
	others := 0
	for c := range headers {
		if c == 1 {
			continue
		}
		cw := len([]rune(headers[c]))
		for _, r := range rows {
			cw = max(cw, len([]rune(r[c])))
		}
		others += cw + 2 // the column and its gap
	}
	room := max(8, min(24, w-others))
	for _, r := range rows {
		r[1] = common.Cut(r[1], room)
	}
}
