// Package drivers is the drivers view: for a goal event, every other event
// with the conversion of the users who did it against those who did not,
// its lift as a bar, interval, p-value and time to goal; one key adds the
// selected event to the funnel. It reads the funnel spec (common.FunnelMsg)
// and asks the funnel view to change it only through common.AddStepMsg.
package drivers

import (
	"context"
	"sort"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/goal"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/components/listview"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = "Drivers"

// result is one computed drivers table with the spec it answers.
type result struct {
	d   spec.Drivers
	res *analysis.DriversResult
}

// Model is the drivers view.
type Model struct {
	listview.Frame[*result] // size, funnel, title, help; keys and clicks routed

	ctx  *common.Context
	goal goal.Goal

	job job.Job[*result]

	byUsers bool
	rows    []analysis.Driver // the result's drivers in display order
	list    list.Model        // cursor, window and filter over rows

	barLines []string // every row's lift bar, drawn for barWidth (nil: to draw)
	barWidth int

	dialog dialog.Dialog
}

// New returns the view.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx}
	m.Frame = listview.NewFrame(ctx.Theme, listview.Parts[*result]{Name: Name, Keys: []key.Binding{keys.Goal, keys.AddToFun, keys.Sort},
		Job: &m.job, List: &m.list, Dialog: &m.dialog,
		Refresh: m.setRows, Fit: m.fitList, Click: m.click, Key: m.handleKey, Resize: m.fitList})
	return m
}

// Drivers lists the drivers in display order (nil before a result).
func (m *Model) Drivers() []analysis.Driver { return m.rows }

// Selected is the event under the cursor ("" when there is none).
func (m *Model) Selected() string {
	if i := m.list.Selected(); i >= 0 {
		return m.rows[i].Event
	}
	return ""
}

// result is the latest drivers table (nil before the first, or when
// there is no goal).
func (m *Model) result() *result { return m.job.Latest() }

// spec is what the view computes: the goal, and the funnel's global
// filters and dates as the CLI's --where/--from/--to. ok is false while
// there is no goal.
func (m *Model) spec() (d spec.Drivers, ok bool) {
	f := m.Funnel()
	g, ok := m.goal.Of(f, m.ctx.Engine)
	return spec.Drivers{Goal: g, Where: f.Where, From: f.From, To: f.To}, ok
}

// Command implements common.View.
func (m *Model) Command() string {
	d, ok := m.spec()
	return goal.Command(ok, "drivers", spec.DriversArgs(d))
}

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	return common.Export(m.result(), format, "press G to choose a goal", func(r *result) report.Table {
		return report.DriversTable(r.res)
	})
}

// Activate implements common.View: recompute when the goal, filters or
// dates changed since the last request; ask for a goal once when there is
// no default.
func (m *Model) Activate() tea.Cmd {
	_, ok := m.spec()
	return m.AskOnce(!ok, func() tea.Cmd { m.askGoal(); return m.compute() }, m.compute)
}

// compute starts the drivers of the current spec unless they are
// computed or under way already; without a goal there is nothing to show.
func (m *Model) compute() tea.Cmd {
	d, ok := m.spec()
	eng := m.ctx.Engine
	return m.Compute(ok, m.Command(), func(ctx context.Context) (*result, error) {
		res, err := eng.Drivers(ctx, d)
		if err != nil {
			return nil, err
		}
		return &result{d: d, res: res}, nil
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Frame.Update(msg) }

// handleKey is a key that neither the dialog nor the list took.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Goal):
		m.askGoal()
	case key.Matches(k, keys.Sort):
		m.byUsers = !m.byUsers
		m.setRows()
	case key.Matches(k, keys.AddToFun):
		return m.addStep()
	case key.Matches(k, keys.Drill):
		return m.drill()
	}
	return nil
}

// addStep asks the funnel view to add the selected event: a driver of the
// funnel's own goal goes where converters usually do it among the steps,
// by the drivers' median times to the goal (goal.AddStepTimed).
func (m *Model) addStep() tea.Cmd {
	ev, r := m.Selected(), m.result()
	if ev == "" || r == nil {
		return common.Status("no driver selected: choose a goal with G first", false)
	}
	toGoal := make(map[string]float64, len(r.res.Drivers))
	for _, d := range r.res.Drivers {
		toGoal[d.Event] = d.MedianSeconds
	}
	return m.goal.AddStepTimed(m.Funnel(), r.d.Goal, ev, toGoal)
}

// askGoal opens the goal picker; the picked event becomes the goal.
func (m *Model) askGoal() {
	m.goal.Pick(&m.dialog, "Goal: which event's drivers?", m.ctx.Engine, m.compute)
}

// setRows lists the result's drivers by lift (the analysis's order:
// supported first, strongest lift first) or by users with the event; the
// list keeps the selected event selected.
func (m *Model) setRows() {
	m.barLines = nil // the rows change: their bars are drawn afresh
	m.rows = nil
	if r := m.result(); r != nil {
		m.rows = append(m.rows, r.res.Drivers...)
	}
	if m.byUsers {
		sort.SliceStable(m.rows, func(i, j int) bool { return m.rows[i].With > m.rows[j].With })
	}
	labels := make([]string, len(m.rows))
	for i, d := range m.rows {
		labels[i] = d.Event
	}
	m.list.SetRows(labels)
	m.fitList()
}
