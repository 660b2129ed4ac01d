// Package paths is the paths view: what users did after (forward) or before
// (backward) an anchor event, or after dropping at a funnel step, as a tree
// of events with users and shares that folds open and shut, optionally
// split into converters and non-converters of a goal. It reads the funnel
// from common.FunnelMsg and never changes it.
package paths

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = common.PathsView

// Depth bounds: below 2 there is no tree, beyond 6 it no longer fits.
const (
	minDepth = 2
	maxDepth = 6
)

// noGoal is the goal picker's item that removes the goal.
const noGoal = "(no goal)"

// Model is the paths view.
type Model struct {
	ctx  *common.Context
	w, h int

	// funnel is the latest spec the funnel view announced: the source of
	// the default anchor and goal, the after-step funnel and the filters.
	funnel spec.Funnel
	// anchor and goal are the user's picks; nil means "follow the funnel".
	anchor, goal *spec.Step
	dir          spec.Direction
	afterStep    int // > 0: paths of the users who dropped after this step
	depth        int
	split        bool

	// shown is the spec of the latest request, which the heading
	// describes (View never resolves defaults itself).
	shown   spec.Paths
	shownOK bool

	job    job.Job[*computed]
	tree   tree
	dialog dialog.Dialog
}

// New returns the view.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, depth: spec.DefaultPathDepth, job: job.New[*computed](ctx.Theme, Name),
		dialog: dialog.New(ctx.Theme)}
	m.tree.list = list.New(ctx.Theme)
	return m
}

// result is the latest paths result (nil before the first, or when there
// is nothing to anchor on).
func (m *Model) result() *computed { return m.job.Latest() }

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.dialog.SetSize(w, h-1) // the heading and summary stay above it
}

// Filtered implements common.Filtered: esc clears the list's filter
// before it goes back.
func (m *Model) Filtered() bool { return m.tree.list.Filter() != "" }

// Capturing implements common.View.
func (m *Model) Capturing() bool { return m.dialog.Open() || m.tree.list.Filtering() }

// Activate implements common.View: a funnel that changed while the view
// was hidden is recomputed now (the job skips an unchanged spec), not on
// every FunnelMsg.
func (m *Model) Activate() tea.Cmd { return m.recompute() }

// Keys implements common.View.
func (m *Model) Keys() []key.Binding {
	return []key.Binding{keys.Anchor, keys.Direction, keys.DropNext, keys.Goal, keys.Split,
		keys.Deeper, keys.Shallower, keys.Up, keys.Down, keys.Right, keys.Left, keys.Filter}
}

// Command implements common.View.
func (m *Model) Command() string {
	p, ok := m.spec()
	return common.Command(ok, "paths", spec.PathsArgs(p), "")
}

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	return common.Export(m.result(), format, "wait for the paths to compute", func(res *computed) report.Table {
		return report.PathsTable(res.PathsResult)
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DrillMsg:
		m.drilled(msg)
		return m, nil
	case common.FunnelMsg:
		m.funnel = msg.Funnel
		if m.afterStep >= len(m.funnel.Steps) {
			m.afterStep = 0 // the step left the funnel, or is now its last
		}
		return m, nil
	case tea.KeyMsg:
		return m, m.dialog.Route(msg, m.handleKey)
	case tea.MouseMsg:
		if k, ok := list.WheelKey(msg); ok {
			return m.Update(k) // the wheel scrolls as the arrows do
		}
		m.click(msg)
		return m, nil
	}
	answered, cmd := m.job.Handle(msg)
	if answered && m.job.Err() == nil {
		m.tree.load(m.result())
	}
	return m, cmd
}
