// Package events is the events view: every event name of the data with
// how often it happens (events, users, sessions and their shares) and how
// many of it come per goal event, the goal's own row marked; the numbers
// of `funnelscope micro`. It reads the funnel spec (common.FunnelMsg) for
// the default goal and the global filters, and asks the funnel view to
// change it only through common.AddStepMsg.
package events

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = "Events"

// Model is the events view.
type Model struct {
	ctx    *common.Context
	w, h   int
	funnel spec.Funnel // the latest funnel from the funnel view
	// goal is the goal chosen with G; an empty Name follows the funnel
	// (spec.DefaultGoal).
	goal spec.Step

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
	return &Model{ctx: ctx, job: job.New[*analysis.MicroResult](ctx.Theme, Name), list: list.New(ctx.Theme),
		dialog: dialog.New(ctx.Theme)}
}

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.dialog.SetSize(w, h)
	m.drawTable()
}

// Capturing implements common.View.
func (m *Model) Capturing() bool { return m.dialog.Open() || m.list.Filtering() }

// Keys implements common.View.
func (m *Model) Keys() []key.Binding {
	return append([]key.Binding{keys.Goal, keys.AddToFun}, list.Keys()...)
}

// Result is the latest summary (nil before the first, or without a goal).
func (m *Model) Result() *analysis.MicroResult {
	res, _ := m.job.Value()
	return res
}

// Selected is the event under the cursor ("" when there is none).
func (m *Model) Selected() string {
	if i, res := m.list.Selected(), m.Result(); i >= 0 && res != nil {
		return res.Events[i].Event
	}
	return ""
}

// spec is what the view computes: the goal, and the funnel's global
// filters and dates as the CLI's --where/--from/--to. ok is false while
// there is no goal.
func (m *Model) spec() (s spec.Micro, ok bool) {
	g, ok := m.goal, m.goal.Name != ""
	if !ok {
		g, ok = spec.DefaultGoal(m.funnel, m.ctx.Engine.HasEvent)
	}
	return spec.Micro{Goal: g, Where: m.funnel.Where, From: m.funnel.From, To: m.funnel.To}, ok
}

// Command implements common.View.
func (m *Model) Command() string {
	s, ok := m.spec()
	if !ok {
		return "funnelscope micro --goal EVENT   # press G to choose the goal"
	}
	return spec.CommandLine("micro", spec.MicroArgs(s))
}

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	res := m.Result()
	if res == nil {
		return "", fmt.Errorf("nothing to export yet: press G to choose a goal")
	}
	return common.RenderTable(report.MicroTable(res), format)
}

// Activate implements common.View: the job recomputes when the goal,
// filters or dates changed since the last request.
func (m *Model) Activate() tea.Cmd { return m.compute() }

// compute starts the summary of the current spec unless the job has it;
// without a goal there is nothing to show.
func (m *Model) compute() tea.Cmd {
	s, ok := m.spec()
	if !ok {
		m.job.Stop()
		m.setRows()
		return nil
	}
	eng := m.ctx.Engine
	return m.job.Run(m.Command(), func(ctx context.Context) (*analysis.MicroResult, error) {
		return eng.Micro(ctx, s)
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	answered, cmd := m.job.Handle(msg)
	if answered {
		m.setRows()
	}
	switch msg := msg.(type) {
	case common.FunnelMsg:
		// Recomputed in Activate, which the app calls after each FunnelMsg
		// on the visible view and on this one when it is next shown.
		m.funnel = msg.Funnel
	case tea.KeyMsg:
		return m, tea.Batch(cmd, m.handleKey(msg))
	}
	return m, cmd
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if m.dialog.Open() {
		return m.dialog.Update(k)
	}
	if handled, cmd := m.list.Update(k); handled {
		m.fitList()
		return cmd
	}
	switch {
	case key.Matches(k, keys.Goal):
		m.dialog.Pick("Goal: events per which event?", picker.EventItems(m.ctx.Engine), func(ev string) tea.Cmd {
			m.goal = spec.Step{Name: ev}
			return m.compute()
		})
	case key.Matches(k, keys.AddToFun):
		return m.addStep()
	}
	return nil
}

// addStep asks the funnel view to add the selected event: in front of
// the goal when the funnel ends with it, as a micro-conversion on the way.
// The goal is pinned first, since it may follow the funnel's last step.
func (m *Model) addStep() tea.Cmd {
	i, res := m.list.Selected(), m.Result()
	switch {
	case i < 0 || res == nil:
		return common.Status("no event selected: choose a goal with G first", false)
	case res.Events[i].Goal:
		return common.Status(res.Events[i].Event+" is the goal: pick another event", false)
	}
	ev := res.Events[i].Event
	goal, _ := m.spec()
	m.goal = goal.Goal
	steps := m.funnel.Steps
	before := len(steps) >= 2 && steps[len(steps)-1].String() == goal.Goal.String()
	n := len(steps) + 1
	if before {
		n = len(steps)
	}
	add := func() tea.Msg { return common.AddStepMsg{Step: spec.Step{Name: ev}, BeforeLast: before} }
	return tea.Batch(add, common.Status(fmt.Sprintf("Added %s to the funnel as step %d: press 1 to see it", ev, n), false))
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
