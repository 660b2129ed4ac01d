// Package funnel is the funnel view: the steps as an editable list, the
// window, order, count and exclusions, and the result as bars, a table and
// a time-to-convert histogram. It owns the funnel spec every other view
// starts from and announces each change with common.FunnelMsg.
package funnel

import (
	"fmt"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/components/prompt"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = "Funnel"

// mode says what has the keyboard.
type mode int

const (
	browsing mode = iota
	pickStep
	pickExclude
	pickFilterKey
	pickFilterValue
	promptWindow
)

// Model is the funnel view.
type Model struct {
	ctx    *common.Context
	w, h   int
	f      spec.Funnel
	cursor int

	job job.Job
	res *analysis.FunnelResult
	err error

	mode      mode
	picker    picker.Model
	prompt    prompt.Model
	filterKey string

	viewKey, viewOut string // the last browsing screen and what it showed
}

// New returns the funnel view with steps (may be empty).
func New(ctx *common.Context, steps []spec.Step) *Model {
	m := &Model{ctx: ctx, job: job.New(ctx.Theme, Name)}
	m.f = spec.Funnel{Steps: steps, Window: spec.DefaultWindow}
	return m
}

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.picker.FitIn(w, h)
	m.prompt.SetWidth(min(60, w-4))
}

// Funnel is the spec being edited.
func (m *Model) Funnel() spec.Funnel { return m.f }

// Result is the latest result (nil before the first).
func (m *Model) Result() *analysis.FunnelResult { return m.res }

// Cursor is the selected step.
func (m *Model) Cursor() int { return m.cursor }

// Capturing implements common.View.
func (m *Model) Capturing() bool { return m.mode != browsing }

// Activate implements common.View: the first activation computes.
func (m *Model) Activate() tea.Cmd {
	if m.res == nil && !m.job.Busy() && len(m.f.Steps) > 0 {
		return m.changed()
	}
	return nil
}

// Keys implements common.View.
func (m *Model) Keys() []key.Binding {
	return []key.Binding{keys.AddStep, keys.DelStep, keys.MoveUp, keys.MoveDown, keys.StepFilter,
		keys.ClearFilter, keys.Window, keys.Order, keys.CountUnit, keys.Exclude, keys.Up, keys.Down}
}

// Command implements common.View.
func (m *Model) Command() string { return spec.CommandLine("funnel", spec.FunnelArgs(m.f)) }

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	if m.res == nil {
		return "", fmt.Errorf("nothing to export yet: add steps first")
	}
	return common.RenderTable(report.FunnelTable(m.res, nil, false), format)
}

// changed starts a recompute of the current spec and tells the other views.
func (m *Model) changed() tea.Cmd {
	f := m.f
	announce := func() tea.Msg { return common.FunnelMsg{Funnel: f} }
	if len(f.Steps) == 0 {
		m.job.Stop()
		m.res, m.err = nil, nil
		return announce
	}
	l := m.ctx.Log
	return tea.Batch(announce, m.job.Start(func() (any, error) { return analysis.Funnel(l, f) }))
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ResultMsg:
		ok, next := m.job.Accept(msg)
		if ok {
			m.err = msg.Err
			if msg.Err == nil {
				m.res = msg.Value.(*analysis.FunnelResult)
			}
		}
		return m, next
	case common.GlobalsMsg:
		m.f.Where, m.f.From, m.f.To = msg.Where, msg.From, msg.To
		return m, m.changed()
	case common.LoadFunnelMsg:
		m.f, m.cursor = msg.Funnel, 0
		return m, m.changed()
	case common.AddStepMsg:
		at := len(m.f.Steps)
		if msg.BeforeLast && at > 0 {
			at--
		}
		m.f.Steps = slices.Insert(m.f.Steps, at, msg.Step)
		m.cursor = at
		return m, m.changed()
	case common.ValuesMsg:
		if msg.For == Name {
			return m, m.openValues(msg)
		}
		return m, nil
	case spinner.TickMsg:
		return m, m.job.Tick(msg)
	case tea.KeyMsg:
		if m.mode != browsing {
			return m, m.updateOverlay(msg)
		}
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	n := len(m.f.Steps)
	switch {
	case key.Matches(k, keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, keys.Down):
		m.cursor = min(max(0, n-1), m.cursor+1)
	case key.Matches(k, keys.AddStep):
		m.openEvents(pickStep, "Add a step")
	case key.Matches(k, keys.Exclude):
		m.openEvents(pickExclude, "Exclude an event (again to remove)")
	case n == 0:
		return common.Status("no steps yet: press a to add one", false)
	case key.Matches(k, keys.DelStep):
		m.f.Steps = append(m.f.Steps[:m.cursor:m.cursor], m.f.Steps[m.cursor+1:]...)
		m.cursor = min(m.cursor, max(0, len(m.f.Steps)-1))
		return m.changed()
	case key.Matches(k, keys.MoveUp):
		if m.cursor > 0 {
			m.f.Steps[m.cursor-1], m.f.Steps[m.cursor] = m.f.Steps[m.cursor], m.f.Steps[m.cursor-1]
			m.cursor--
			return m.changed()
		}
	case key.Matches(k, keys.MoveDown):
		if m.cursor < n-1 {
			m.f.Steps[m.cursor+1], m.f.Steps[m.cursor] = m.f.Steps[m.cursor], m.f.Steps[m.cursor+1]
			m.cursor++
			return m.changed()
		}
	case key.Matches(k, keys.StepFilter):
		m.openKeys()
	case key.Matches(k, keys.ClearFilter):
		m.f.Steps[m.cursor].Conds = nil
		return m.changed()
	case key.Matches(k, keys.Window):
		m.mode = promptWindow
		m.prompt = prompt.New(m.ctx.Theme, "Conversion window", "e.g. 30m, 1h, 7d, 2w", spec.FormatDuration(m.f.Window))
		m.prompt.SetWidth(min(60, m.w-4))
	case key.Matches(k, keys.Order):
		m.f.Order = 1 - m.f.Order
		return m.changed()
	case key.Matches(k, keys.CountUnit):
		m.f.Count = 1 - m.f.Count
		return m.changed()
	}
	return nil
}
