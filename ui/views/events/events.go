// Package events is the events view: every event name of the data with
// how often it happens (events, users, sessions and their shares) and how
// many of it come per goal event, the goal's own row marked; the numbers
// of `funnelscope micro`. It reads the funnel spec (common.FunnelMsg) for
// the default goal and the global filters, and asks the funnel view to
// change it only through common.AddStepMsg.
package events

import (
	"context"

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
const Name = "Events"

// Model is the events view.
type Model struct {
	listview.Frame[*analysis.MicroResult] // size, funnel, title, help; keys and clicks routed

	ctx  *common.Context
	goal goal.Goal

	job    job.Job[*analysis.MicroResult]
	list   list.Model // cursor, window and filter over the result's events
	dialog dialog.Dialog

	// head and rows are the table's text lines, drawn once per result and
	// width so that View only picks the window.
	head string
	rows []string
}

// New returns the view.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx}
	m.Frame = listview.NewFrame(ctx.Theme, listview.Parts[*analysis.MicroResult]{Name: Name, Keys: []key.Binding{keys.Goal, keys.AddToFun},
		Job: &m.job, List: &m.list, Dialog: &m.dialog,
		Refresh: m.setRows, Fit: m.fitList, Click: m.click, Key: m.handleKey, Resize: m.drawTable})
	return m
}

// Result is the latest summary (nil before the first, or without a goal).
func (m *Model) Result() *analysis.MicroResult { return m.job.Latest() }

// Selected is the event under the cursor ("" when there is none).
func (m *Model) Selected() string {
	if i, res := m.list.Selected(), m.Result(); i >= 0 && res != nil {
		return res.Events[i].Event
	}
	return ""
}

// spec is the summary the view computes (micro's flags): every event
// counted against the goal, over the funnel's global filters and dates;
// ok is false while there is no goal.
func (m *Model) spec() (s spec.Micro, ok bool) {
	f := m.Funnel()
	g, ok := m.goal.Of(f, m.ctx.Engine)
	return spec.Micro{Goal: g, Where: f.Where, From: f.From, To: f.To}, ok
}

// Command implements common.View.
func (m *Model) Command() string {
	s, ok := m.spec()
	return goal.Command(ok, "micro", spec.MicroArgs(s))
}

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	return common.Export(m.Result(), format, "press G to choose a goal", report.MicroTable)
}

// Activate implements common.View: the job recomputes when the goal,
// filters or dates changed since the last request.
func (m *Model) Activate() tea.Cmd { return m.compute() }

// compute starts the summary of the current spec unless the job has it;
// without a goal there is nothing to show.
func (m *Model) compute() tea.Cmd {
	s, ok := m.spec()
	eng := m.ctx.Engine
	return m.Compute(ok, m.Command(), func(ctx context.Context) (*analysis.MicroResult, error) {
		return eng.Micro(ctx, s)
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Frame.Update(msg) }

// handleKey is a key that neither the dialog nor the list took.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Goal):
		m.goal.Pick(&m.dialog, "Goal: events per which event?", m.ctx.Engine, m.compute)
	case key.Matches(k, keys.AddToFun):
		return m.addStep()
	}
	return nil
}

// addStep asks the funnel view to add the selected event: in front of
// the goal when the funnel ends with it, as a micro-conversion on the way.
func (m *Model) addStep() tea.Cmd {
	i, res := m.list.Selected(), m.Result()
	switch {
	case i < 0 || res == nil:
		return common.Status("no event selected: choose a goal with G first", false)
	case res.Events[i].Goal:
		return common.Status(res.Events[i].Event+" is the goal: pick another event", false)
	}
	s, _ := m.spec()
	return m.goal.AddStep(m.Funnel(), s.Goal, res.Events[i].Event)
}

// setRows lists the result's events (the analysis's order: most users
// first); the list keeps the selected event selected.
func (m *Model) setRows() {
	var labels []string
	if res := m.Result(); res != nil {
		for _, e := range res.Events {
			labels = append(labels, e.Event)
		}
	}
	m.list.SetRows(labels)
	m.drawTable()
}
