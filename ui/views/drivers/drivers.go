// Package drivers is the drivers view: for a goal event, every other event
// with the conversion of the users who did it against those who did not,
// its lift as a bar, interval, p-value and time to goal; one key adds the
// selected event to the funnel. It reads the funnel spec (common.FunnelMsg)
// and asks the funnel view to change it only through common.AddStepMsg.
package drivers

import (
	"fmt"
	"sort"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/goal"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/picker"
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
	ctx    *common.Context
	w, h   int
	funnel spec.Funnel // the latest funnel from the funnel view
	// goal is the goal chosen here; an empty Name follows the funnel
	// (goal.Default).
	goal  spec.Step
	asked bool // the goal picker has opened by itself once

	job  job.Job
	want string // identity (command line) of the spec last asked for
	res  *result
	err  error

	byUsers bool
	rows    []analysis.Driver // res's drivers in display order
	cursor  int               // index into rows
	offset  int               // first row shown

	barLines []string // every row's lift bar, drawn for barWidth (nil: to draw)
	barWidth int

	picking bool
	picker  picker.Model
}

// New returns the view.
func New(ctx *common.Context) *Model {
	return &Model{ctx: ctx, job: job.New(ctx.Theme, Name)}
}

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.picker.FitIn(w, h)
}

// Capturing implements common.View.
func (m *Model) Capturing() bool { return m.picking }

// Keys implements common.View.
func (m *Model) Keys() []key.Binding {
	return []key.Binding{keys.Goal, keys.AddToFun, keys.Sort, keys.Up, keys.Down, keys.PgUp, keys.PgDown}
}

// Drivers lists the drivers in display order (nil before a result).
func (m *Model) Drivers() []analysis.Driver { return m.rows }

// Selected is the event under the cursor ("" when there is none).
func (m *Model) Selected() string {
	if m.cursor < len(m.rows) {
		return m.rows[m.cursor].Event
	}
	return ""
}

// spec is what the view computes: the goal, and the funnel's global
// filters and dates as the CLI's --where/--from/--to. ok is false while
// there is no goal.
func (m *Model) spec() (d spec.Drivers, ok bool) {
	g, ok := m.goal, m.goal.Name != ""
	if !ok {
		g, ok = goal.Default(m.ctx.Log, m.funnel)
	}
	return spec.Drivers{Goal: g, Where: m.funnel.Where, From: m.funnel.From, To: m.funnel.To}, ok
}

// Command implements common.View.
func (m *Model) Command() string {
	d, ok := m.spec()
	if !ok {
		return "funnelscope drivers --goal EVENT   # press G to choose the goal"
	}
	return spec.CommandLine("drivers", spec.DriversArgs(d))
}

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	if m.res == nil {
		return "", fmt.Errorf("nothing to export yet: press G to choose a goal")
	}
	return common.RenderTable(report.DriversTable(m.res.res), format)
}

// Activate implements common.View: recompute when the goal, filters or
// dates changed since the last request; ask for a goal once when there is
// no default.
func (m *Model) Activate() tea.Cmd {
	d, ok := m.spec()
	if !ok {
		if !m.asked && !m.picking {
			m.asked = true
			m.openPicker()
		}
		return nil
	}
	if spec.CommandLine("drivers", spec.DriversArgs(d)) == m.want {
		return nil
	}
	return m.compute(d)
}

// compute starts the drivers of d; answers to older requests are dropped
// by their generation.
func (m *Model) compute(d spec.Drivers) tea.Cmd {
	m.want = spec.CommandLine("drivers", spec.DriversArgs(d))
	l := m.ctx.Log
	return m.job.Start(func() (any, error) {
		res, err := analysis.Drivers(l, d)
		if err != nil {
			return nil, err
		}
		return &result{d: d, res: res}, nil
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case common.FunnelMsg:
		// Recomputed in Activate: the app calls it on the visible view
		// after each FunnelMsg, and on this one when it is next shown.
		m.funnel = msg.Funnel
	case common.ResultMsg:
		ok, next := m.job.Accept(msg)
		if ok {
			m.err = msg.Err
			if msg.Err == nil {
				m.setResult(msg.Value.(*result))
			}
		}
		return m, next
	case spinner.TickMsg:
		return m, m.job.Tick(msg)
	case tea.KeyMsg:
		if m.picking {
			return m, m.updatePicker(msg)
		}
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Goal):
		m.openPicker()
	case key.Matches(k, keys.Sort):
		m.byUsers = !m.byUsers
		m.sortRows()
	case key.Matches(k, keys.Up):
		m.move(-1)
	case key.Matches(k, keys.Down):
		m.move(1)
	case key.Matches(k, keys.PgUp):
		m.move(-max(1, m.visibleRows()))
	case key.Matches(k, keys.PgDown):
		m.move(max(1, m.visibleRows()))
	case key.Matches(k, keys.AddToFun):
		return m.addStep()
	}
	return nil
}

// addStep asks the funnel view to append the selected event. The goal is
// pinned first: it may be following the funnel's last step, which the new
// step is about to become.
func (m *Model) addStep() tea.Cmd {
	ev := m.Selected()
	if ev == "" {
		return common.Status("no driver selected: choose a goal with G first", false)
	}
	if m.goal.Name == "" && m.res != nil {
		m.goal = m.res.d.Goal
	}
	// A driver of the funnel's own goal goes in front of that goal.
	steps := m.funnel.Steps
	before := len(steps) >= 2 && steps[len(steps)-1].String() == m.res.d.Goal.String()
	n := len(steps) + 1
	if before {
		n = len(steps)
	}
	add := func() tea.Msg { return common.AddStepMsg{Step: spec.Step{Name: ev}, BeforeLast: before} }
	return tea.Batch(add, common.Status(fmt.Sprintf("Added %s to the funnel as step %d: press 1 to see it", ev, n), false))
}

func (m *Model) openPicker() {
	m.picking = true
	m.picker = picker.NewIn(m.ctx.Theme, "Goal: which event's drivers?", common.EventItems(m.ctx), m.w, m.h)
}

func (m *Model) updatePicker(k tea.KeyMsg) tea.Cmd {
	p, r, cmd := m.picker.Update(k)
	m.picker = p
	if r == nil {
		return cmd
	}
	m.picking = false
	if r.Cancelled {
		return nil
	}
	m.goal = spec.Step{Name: r.Value}
	d, _ := m.spec()
	return m.compute(d)
}

// setResult shows r, keeping the cursor on the same event when it is
// still listed.
func (m *Model) setResult(r *result) {
	sel := m.Selected()
	m.res = r
	m.sortRows()
	if sel == "" {
		m.cursor, m.offset = 0, 0
	}
}

// sortRows orders the drivers by lift (the analysis's order: supported
// first, strongest lift first) or by users with the event, keeping the
// selected event selected.
func (m *Model) sortRows() {
	m.barLines = nil // the rows change: their bars are drawn afresh
	if m.res == nil {
		m.rows = nil
		return
	}
	sel := m.Selected()
	m.rows = append(m.rows[:0:0], m.res.res.Drivers...)
	if m.byUsers {
		sort.SliceStable(m.rows, func(i, j int) bool { return m.rows[i].With > m.rows[j].With })
	}
	m.cursor = 0
	for i, d := range m.rows {
		if d.Event == sel {
			m.cursor = i
		}
	}
	m.move(0)
}

// move shifts the cursor by d rows and scrolls it into view.
func (m *Model) move(d int) {
	m.cursor = min(max(0, m.cursor+d), max(0, len(m.rows)-1))
	n := max(1, m.visibleRows())
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+n {
		m.offset = m.cursor - n + 1
	}
	m.offset = max(0, min(m.offset, len(m.rows)-n))
}
