// Package attribution is the attribution view: the conversions of a goal
// event credited to the values of a touch property (utm_source, ...) under
// one of the attribution models, as bars with each value's share and the
// converters it touched. It reads the funnel spec (common.FunnelMsg) for
// the default goal and the global filters; it never changes it.
package attribution

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
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = "Attribution"

// DefaultModel is the model shown first: last touch, as the CLI's default
// and most ad tools'.
const DefaultModel = spec.LastTouch

// result is one computed attribution with the spec it answers.
type result struct {
	a   spec.Attribution
	res *analysis.AttributionResult
}

// Model is the attribution view.
type Model struct {
	listview.Frame[*result] // size, funnel, title, help; keys and clicks routed

	ctx  *common.Context
	goal goal.Goal
	// touch is the one chosen here; empty follows spec.DefaultTouch.
	touch string
	model spec.Model

	job    job.Job[*result]
	list   list.Model // cursor, window and filter over the result's credits
	dialog dialog.Dialog
}

// New returns the view.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, model: DefaultModel}
	m.Frame = listview.NewFrame(ctx.Theme, listview.Parts[*result]{Name: Name, Keys: []key.Binding{keys.Model, keys.Touch, keys.Goal},
		Job: &m.job, List: &m.list, Dialog: &m.dialog,
		Refresh: m.setRows, Fit: m.fitList, Click: m.click, Key: m.handleKey, Resize: m.fitList})
	return m
}

// Result is the latest attribution (nil before the first).
func (m *Model) Result() *analysis.AttributionResult {
	if r := m.result(); r != nil {
		return r.res
	}
	return nil
}

func (m *Model) result() *result { return m.job.Latest() }

// spec is what the view computes, with the funnel's global filters and
// dates; ok is false while the goal or the touch property is missing.
func (m *Model) spec() (a spec.Attribution, ok bool) {
	f := m.Funnel()
	g, hasGoal := m.goal.Of(f, m.ctx.Engine)
	a = spec.Attribution{Goal: g, Touch: m.touch, Model: m.model,
		Where: f.Where, From: f.From, To: f.To}
	if a.Touch == "" {
		a.Touch = spec.DefaultTouch(m.ctx.Engine.HasKey)
	}
	return a, hasGoal && a.Touch != ""
}

// Command implements common.View.
func (m *Model) Command() string {
	a, ok := m.spec()
	return common.Command(ok, "attribution", spec.AttributionArgs(a),
		"funnelscope attribution --goal EVENT --touch PROPERTY   # press G and t to choose them")
}

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	return common.Export(m.Result(), format, "choose a goal with G and a touch property with t", report.AttributionTable)
}

// Activate implements common.View: recompute when the spec changed since
// the last request; ask once for whatever has no default.
func (m *Model) Activate() tea.Cmd {
	_, ok := m.spec()
	return m.AskOnce(!ok, m.recompute, m.compute)
}

// compute starts the attribution of the current spec unless it is
// computed or under way already; ok is false when the goal or the touch
// property is missing, and then nothing is shown.
func (m *Model) compute() tea.Cmd {
	a, ok := m.spec()
	eng := m.ctx.Engine
	return m.Compute(ok, m.Command(), func(ctx context.Context) (*result, error) {
		res, err := eng.Attribution(ctx, a)
		if err != nil {
			return nil, err
		}
		return &result{a: a, res: res}, nil
	})
}

// recompute computes the current spec (a key changed it), or asks for
// the goal, else the touch property, when one is missing.
func (m *Model) recompute() tea.Cmd {
	cmd := m.compute()
	a, _ := m.spec()
	switch {
	case a.Goal.Name == "":
		m.askGoal()
	case a.Touch == "":
		m.askTouch()
	}
	return cmd
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Frame.Update(msg) }

// handleKey is a key that neither the dialog nor the list took.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Goal):
		m.askGoal()
	case key.Matches(k, keys.Touch):
		m.askTouch()
	case key.Matches(k, keys.Model):
		// The models in spec order: first, last, linear, time-decay,
		// position, then first again.
		m.model = spec.Model((int(m.model) + 1) % len(spec.ModelNames()))
		return m.recompute()
	}
	return nil
}

func (m *Model) askGoal() {
	m.goal.Pick(&m.dialog, "Goal: whose conversions to credit?", m.ctx.Engine, m.recompute)
}

func (m *Model) askTouch() {
	m.dialog.Pick("Touch property: what gets the credit?", picker.KeyItems(m.ctx.Engine), func(k string) tea.Cmd {
		m.touch = k
		return m.recompute()
	})
}

// setRows lists the result's credits, most credit first, by touch value
// (what "/" matches).
func (m *Model) setRows() {
	var labels []string
	if r := m.Result(); r != nil {
		labels = make([]string, len(r.Credits))
		for i, c := range r.Credits {
			labels[i] = c.Touch
		}
	}
	m.list.SetRows(labels)
	m.fitList()
}
