// Package trends is the trends view: the current funnel's conversion per
// week or day as a line chart with its baseline band, the periods outside
// the band, and a table of periods. It only reads the funnel spec (from
// common.FunnelMsg); it never changes it.
package trends

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/components/listview"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = "Trends"

// Model is the trends view.
type Model struct {
	listview.Frame[*analysis.TrendsResult] // size, funnel, title, help; keys and clicks routed

	ctx      *common.Context
	interval spec.Interval
	lines    spec.Lines // overall, per step or per segment of by (lines.go)
	by       string     // the property of the segment lines ("" before a pick)
	dialog   dialog.Dialog

	job job.Job[*analysis.TrendsResult]

	// chart is the rendered line chart, built when a result arrives or
	// the size changes, so that View only lays it out; the table's
	// heading and rows likewise, the rows scrolled by the list.
	chart     string
	tableHead string
	tableRows []string
	list      list.Model
	rowsTop   int // the line of the table's first row in the last View, -1 without a table
}

// New returns the view, by week.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, interval: spec.Week, by: defaultBy(ctx)}
	// No Fit: View sizes the table's list, under a chart of its own height.
	m.Frame = listview.NewFrame(ctx.Theme, listview.Parts[*analysis.TrendsResult]{
		Name: Name, Keys: []key.Binding{keys.Interval, keys.Lines, keys.Property},
		Job: &m.job, List: &m.list, Dialog: &m.dialog,
		Refresh: m.setResult, Click: m.click, Key: m.handleKey, Resize: m.resize})
	return m
}

// resize draws the chart and the table again for the new size.
func (m *Model) resize() {
	m.buildChart()
	m.buildTable() // presenter mode, which resizes, drops the band
}

// Result is the latest trend (nil before the first).
func (m *Model) Result() *analysis.TrendsResult { return m.job.Latest() }

// Interval is the period the view shows (the tour sets it by keys).
func (m *Model) Interval() spec.Interval { return m.interval }

// spec is the trend the view computes.
func (m *Model) spec() spec.Trends {
	t := spec.Trends{Funnel: m.Funnel(), Interval: m.interval, Lines: m.lines}
	if m.lines == spec.SegmentLines {
		t.By = m.by
	}
	return t
}

// Command implements common.View.
func (m *Model) Command() string { return spec.CommandLine("trends", spec.TrendsArgs(m.spec())) }

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	return common.Export(m.Result(), format, "build a funnel of two steps or more (tab 1)", func(res *analysis.TrendsResult) report.Table {
		return report.TrendsTable(res, false)
	})
}

// ready says whether there is a conversion to track.
func (m *Model) ready() bool {
	return len(m.Funnel().Steps) >= 2 && (m.lines != spec.SegmentLines || m.by != "")
}

// Activate implements common.View: the job recomputes when the funnel
// or the interval changed since the last request.
func (m *Model) Activate() tea.Cmd { return m.compute() }

// compute starts the trend of the current spec unless the job has it.
func (m *Model) compute() tea.Cmd {
	t, e := m.spec(), m.ctx.Engine
	// The command names the lines too (--lines, --by): it is the key.
	return m.Compute(m.ready(), m.Command(), func(ctx context.Context) (*analysis.TrendsResult, error) {
		return e.Trends(ctx, t)
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Frame.Update(msg) }

// handleKey is a key that neither the dialog nor the table's list took.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Interval):
		m.interval = toggle(m.interval)
		return m.compute()
	case key.Matches(k, keys.Lines):
		return m.nextLines()
	case key.Matches(k, keys.Property):
		m.pickBy()
	}
	return nil
}

// setResult draws what the latest result needs drawn once: the chart and
// the table, whose rows the list scrolls, starting at the newest period.
func (m *Model) setResult() {
	m.buildChart()
	if m.buildTable() {
		m.list.Move(m.list.Len()) // the newest period, as in the chart
	}
}

// buildTable draws the table's heading and rows, without the band in
// presenter mode, and hands them to the list; false without a result.
func (m *Model) buildTable() bool {
	m.tableHead, m.tableRows = "", nil
	res := m.Result()
	if res == nil {
		m.list.SetRows(nil)
		return false
	}
	t := report.TrendsTable(res, false)
	if m.ctx.Presenter {
		t = t.WithoutColumn("band") // an interval, which a room does without
	}
	lines := strings.Split(common.TextTable(t.Headers, t.Rows, t.RightAlign), "\n")
	m.tableHead, m.tableRows = lines[0], lines[1:]
	labels := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		labels[i] = strings.Join(r, " ")
	}
	m.list.SetRows(labels)
	return true
}

// toggle switches between weeks and days.
func toggle(i spec.Interval) spec.Interval {
	if i == spec.Week {
		return spec.Day
	}
	return spec.Week
}
