// Package attribution is the attribution view: the conversions of a goal
// event credited to the values of a touch property (utm_source, ...) under
// one of the attribution models, as bars with each value's share and the
// converters it touched. It reads the funnel spec (common.FunnelMsg) for
// the default goal and the global filters; it never changes it.
package attribution

import (
	"fmt"

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
const Name = "Attribution"

// DefaultModel is the model shown first: last touch, as the CLI's default
// and most ad tools'.
const DefaultModel = spec.LastTouch

// mode says what has the keyboard.
type mode int

const (
	browsing mode = iota
	pickGoal
	pickTouch
)

// result is one computed attribution with the spec it answers.
type result struct {
	a   spec.Attribution
	res *analysis.AttributionResult
}

// Model is the attribution view.
type Model struct {
	ctx    *common.Context
	w, h   int
	funnel spec.Funnel // the latest funnel from the funnel view
	// goal and touch are the ones chosen here; empty follows the
	// defaults (goal.Default, goal.Touch).
	goal  spec.Step
	touch string
	model spec.Model
	asked bool // a picker has opened by itself once

	job  job.Job
	want string // identity (command line) of the spec last asked for
	res  *result
	err  error

	mode   mode
	picker picker.Model
}

// New returns the view.
func New(ctx *common.Context) *Model {
	return &Model{ctx: ctx, job: job.New(ctx.Theme, Name), model: DefaultModel}
}

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.picker.FitIn(w, h)
}

// Capturing implements common.View.
func (m *Model) Capturing() bool { return m.mode != browsing }

// Keys implements common.View.
func (m *Model) Keys() []key.Binding { return []key.Binding{keys.Model, keys.Touch, keys.Goal} }

// Result is the latest attribution (nil before the first).
func (m *Model) Result() *analysis.AttributionResult {
	if m.res == nil {
		return nil
	}
	return m.res.res
}

// spec is what the view computes, with the funnel's global filters and
// dates; ok is false while the goal or the touch property is missing.
func (m *Model) spec() (a spec.Attribution, ok bool) {
	a = spec.Attribution{Goal: m.goal, Touch: m.touch, Model: m.model,
		Where: m.funnel.Where, From: m.funnel.From, To: m.funnel.To}
	hasGoal := a.Goal.Name != ""
	if !hasGoal {
		a.Goal, hasGoal = goal.Default(m.ctx.Log, m.funnel)
	}
	if a.Touch == "" {
		a.Touch = goal.Touch(m.ctx.Log)
	}
	return a, hasGoal && a.Touch != ""
}

// Command implements common.View.
func (m *Model) Command() string {
	a, ok := m.spec()
	if !ok {
		return "funnelscope attribution --goal EVENT --touch PROPERTY   # press G and t to choose them"
	}
	return spec.CommandLine("attribution", spec.AttributionArgs(a))
}

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	if m.res == nil {
		return "", fmt.Errorf("nothing to export yet: choose a goal with G and a touch property with t")
	}
	return common.RenderTable(report.AttributionTable(m.res.res), format)
}

// Activate implements common.View: recompute when the spec changed since
// the last request; ask once for whatever has no default.
func (m *Model) Activate() tea.Cmd {
	a, ok := m.spec()
	if !ok {
		if !m.asked && m.mode == browsing {
			m.asked = true
			m.askMissing(a)
		}
		return nil
	}
	if spec.CommandLine("attribution", spec.AttributionArgs(a)) == m.want {
		return nil
	}
	return m.compute(a)
}

// askMissing opens the picker for the goal, else the touch property, of a
// when it has none.
func (m *Model) askMissing(a spec.Attribution) {
	switch {
	case a.Goal.Name == "":
		m.open(pickGoal)
	case a.Touch == "":
		m.open(pickTouch)
	}
}

// compute starts the attribution of a; answers to older requests are
// dropped by their generation.
func (m *Model) compute(a spec.Attribution) tea.Cmd {
	m.want = spec.CommandLine("attribution", spec.AttributionArgs(a))
	l := m.ctx.Log
	return m.job.Start(func() (any, error) {
		res, err := analysis.Attribution(l, a)
		if err != nil {
			return nil, err
		}
		return &result{a: a, res: res}, nil
	})
}

// recompute computes the current spec now (the view is visible: a key
// changed it), or asks for what is missing.
func (m *Model) recompute() tea.Cmd {
	a, ok := m.spec()
	if !ok {
		m.askMissing(a)
		return nil
	}
	return m.compute(a)
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case common.FunnelMsg:
		// Recomputed in Activate, which the app calls on the visible view
		// after each FunnelMsg and on this one when it is next shown.
		m.funnel = msg.Funnel
	case common.ResultMsg:
		ok, next := m.job.Accept(msg)
		if ok {
			m.err = msg.Err
			if msg.Err == nil {
				m.res = msg.Value.(*result)
			}
		}
		return m, next
	case spinner.TickMsg:
		return m, m.job.Tick(msg)
	case tea.KeyMsg:
		if m.mode != browsing {
			return m, m.updatePicker(msg)
		}
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Goal):
		m.open(pickGoal)
	case key.Matches(k, keys.Touch):
		m.open(pickTouch)
	case key.Matches(k, keys.Model):
		// The models in spec order: first, last, linear, time-decay,
		// position, then first again.
		m.model = spec.Model((int(m.model) + 1) % len(spec.ModelNames()))
		return m.recompute()
	}
	return nil
}

func (m *Model) open(md mode) {
	m.mode = md
	title, items := "Goal: whose conversions to credit?", common.EventItems(m.ctx)
	if md == pickTouch {
		title, items = "Touch property: what gets the credit?", common.KeyItems(m.ctx)
	}
	m.picker = picker.NewIn(m.ctx.Theme, title, items, m.w, m.h)
}

func (m *Model) updatePicker(k tea.KeyMsg) tea.Cmd {
	p, r, cmd := m.picker.Update(k)
	m.picker = p
	if r == nil {
		return cmd
	}
	md := m.mode
	m.mode = browsing
	if r.Cancelled {
		return nil
	}
	if md == pickGoal {
		m.goal = spec.Step{Name: r.Value}
	} else {
		m.touch = r.Value
	}
	return m.recompute()
}
