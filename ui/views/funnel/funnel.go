// Package funnel is the funnel view: the steps as an editable list, the
// window, order, count and exclusions, and the result as bars, a table and
// a time-to-convert histogram. It owns the funnel spec every other view
// starts from and announces each change with common.FunnelMsg.
package funnel

import (
	"context"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = common.FunnelView

// Model is the funnel view.
type Model struct {
	ctx    *common.Context
	w, h   int
	f      spec.Funnel
	cursor int

	job       job.Job[*analysis.FunnelResult]
	dialog    dialog.Dialog
	announced bool // the starting funnel went out as a FunnelMsg
	undo      history
	edits     int // edits made, undos included (Edits)

	viewKey, viewOut string // the last browsing screen and what it showed
}

// New returns the funnel view with steps (may be empty).
func New(ctx *common.Context, steps []spec.Step) *Model {
	m := &Model{ctx: ctx, job: job.New[*analysis.FunnelResult](ctx.Theme, Name), dialog: dialog.New(ctx.Theme)}
	// A copy: edits change steps in place, and the caller's slice is not
	// the view's to change.
	m.f = spec.Funnel{Steps: slices.Clone(steps), Window: spec.DefaultWindow}
	return m
}

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.dialog.SetSize(w, h)
}

// Funnel is the spec being edited.
func (m *Model) Funnel() spec.Funnel { return m.f }

// Result is the latest result (nil before the first).
func (m *Model) Result() *analysis.FunnelResult { return m.job.Latest() }

// Current is the result of the funnel as it is now: nil while a newer
// spec computes or after it failed, when the latest result answers an
// older one.
func (m *Model) Current() *analysis.FunnelResult {
	if m.job.Busy() || m.job.Err() != nil {
		return nil
	}
	return m.Result()
}

// Edits counts the edits made to the funnel, undos included: the app
// compares it with its count when the funnel was saved or opened, to know
// whether opening another would lose work.
func (m *Model) Edits() int { return m.edits }

// Cursor is the selected step.
func (m *Model) Cursor() int { return m.cursor }

// Capturing implements common.View.
func (m *Model) Capturing() bool { return m.dialog.Open() }

// Activate implements common.View: the first activation announces the
// starting funnel, if any, to the other views; after that the job
// computes the spec unless it has it already.
func (m *Model) Activate() tea.Cmd {
	if !m.announced && len(m.f.Steps) > 0 {
		m.announced = true
		return m.changed()
	}
	return m.compute()
}

// Keys implements common.View.
func (m *Model) Keys() []key.Binding {
	return []key.Binding{keys.AddStep, keys.DelStep, keys.Undo, keys.ReplaceStep, keys.Duplicate, keys.MoveUp, keys.MoveDown,
		keys.StepFilter, keys.ClearFilter, keys.Window, keys.Order, keys.CountUnit, keys.Exclude, keys.Up, keys.Down}
}

// Command implements common.View.
func (m *Model) Command() string { return spec.CommandLine("funnel", spec.FunnelArgs(m.f)) }

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	return common.Export(m.Result(), format, "add steps first", func(res *analysis.FunnelResult) report.Table {
		return report.FunnelTable(res, nil, false)
	})
}

// changed tells the other views about the new spec and computes it.
func (m *Model) changed() tea.Cmd {
	f := m.f
	announce := func() tea.Msg { return common.FunnelMsg{Funnel: f} }
	return tea.Batch(announce, m.compute())
}

// compute starts the funnel of the current spec unless the job has it.
func (m *Model) compute() tea.Cmd {
	f, e := m.f, m.ctx.Engine
	if len(f.Steps) == 0 {
		m.job.Stop()
		return nil
	}
	return m.job.Run(m.Command(), func(ctx context.Context) (*analysis.FunnelResult, error) {
		return e.Funnel(ctx, f)
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case common.GlobalsMsg:
		m.f.Where, m.f.From, m.f.To = msg.Where, msg.From, msg.To
		return m, m.changed()
	case common.DrillMsg:
		if msg.Segment != nil {
			return m, m.setSegment(*msg.Segment)
		}
		return m, nil
	case common.SegmentMsg:
		return m, m.setSegment(msg.Segment)
	case common.LoadFunnelMsg:
		m.f, m.cursor = msg.Funnel, 0
		m.undo = nil // u takes back edits of this funnel, not the one before
		return m, m.changed()
	case common.AddStepMsg:
		at := len(m.f.Steps)
		if msg.BeforeLast && at > 0 {
			at--
		}
		if msg.At > 0 {
			at = min(msg.At-1, len(m.f.Steps))
		}
		return m, m.insertAt(at, msg.Step)
	case picker.ValuesMsg:
		if msg.For == Name {
			return m, m.openValues(msg)
		}
		return m, nil
	case tea.KeyMsg:
		return m, m.dialog.Route(msg, m.handleKey)
	case tea.MouseMsg:
		m.click(msg)
		return m, nil
	}
	_, cmd := m.job.Handle(msg)
	return m, cmd
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	n := len(m.f.Steps)
	switch {
	case key.Matches(k, keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, keys.Down):
		m.cursor = min(max(0, n-1), m.cursor+1)
	case key.Matches(k, keys.AddStep):
		m.dialog.Pick("Add a step after the selected one", picker.EventItems(m.ctx.Engine), m.insertStep)
	case key.Matches(k, keys.Undo):
		return m.undoLast()
	case key.Matches(k, keys.Exclude):
		m.dialog.Pick("Exclude an event (again to remove)", picker.EventItems(m.ctx.Engine), m.toggleExclusion)
	case n == 0:
		return common.Status("no steps yet: press a to add one", false)
	case key.Matches(k, keys.DelStep):
		return m.removeStep()
	case key.Matches(k, keys.ReplaceStep):
		m.dialog.Pick("Replace "+m.f.Steps[m.cursor].Name+" (keeps its filters)", picker.EventItems(m.ctx.Engine), m.replaceStep)
	case key.Matches(k, keys.Duplicate):
		return m.duplicateStep()
	case key.Matches(k, keys.MoveUp):
		return m.moveStep(-1)
	case key.Matches(k, keys.MoveDown):
		return m.moveStep(1)
	case key.Matches(k, keys.StepFilter):
		m.openKeys()
	case key.Matches(k, keys.ClearFilter):
		return m.clearFilter()
	case key.Matches(k, keys.Drill):
		return m.drill()
	case key.Matches(k, keys.Window):
		m.dialog.Ask("Conversion window", "e.g. 30m, 1h, 7d, 2w", spec.FormatDuration(m.f.Window), m.setWindow)
	case key.Matches(k, keys.Order):
		return m.toggleOrder()
	case key.Matches(k, keys.CountUnit):
		return m.toggleCount()
	}
	return nil
}
