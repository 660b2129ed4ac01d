// Package breakdown is the breakdown view: the current funnel split by the
// values of one property, one conversion bar per segment with its 95%
// interval, size and significance, and the selected segment's steps. It
// only reads the funnel spec (from common.FunnelMsg); it never changes it.
package breakdown

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
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/components/listview"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = "Breakdown"

// DefaultProperty is broken down by when the log has it, so the view shows
// something useful before the first pick.
const DefaultProperty = "device"

// result is one computed breakdown, with the spec it answers.
type result struct {
	f    spec.Funnel
	all  *analysis.FunnelResult
	segs []analysis.Segment
}

// Model is the breakdown view.
type Model struct {
	listview.Frame[*result] // size, funnel, title, help; keys and clicks routed

	ctx *common.Context
	by  string // the property broken down by ("" before a pick)

	job job.Job[*result]

	bySize bool       // sort segments by size instead of conversion
	order  []int      // indexes into the result's segments, in display order
	list   list.Model // cursor, window and filter over order
	grid   matrix     // segments × steps, rows in display order
	step   stepPick   // a row of the selected segment's step table, clicked (steps.go)

	dialog dialog.Dialog
}

// New returns the view, broken down by DefaultProperty when the log has it.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx}
	if ctx.Engine.HasKey(DefaultProperty) {
		m.by = DefaultProperty
	}
	m.Frame = listview.NewFrame(ctx.Theme, listview.Parts[*result]{Name: Name, Keys: []key.Binding{keys.Property, keys.Sort},
		Job: &m.job, List: &m.list, Dialog: &m.dialog,
		Refresh: m.sortSegments, Fit: m.fitList, Click: m.click, Key: m.handleKey, Resize: m.buildGrid})
	return m
}

// Property is the property the funnel is broken down by.
func (m *Model) Property() string { return m.by }

// Segments lists the segments in display order (nil before a result).
func (m *Model) Segments() []analysis.Segment {
	r := m.result()
	if r == nil {
		return nil
	}
	out := make([]analysis.Segment, len(m.order))
	for i, ix := range m.order {
		out[i] = r.segs[ix]
	}
	return out
}

// result is the latest breakdown by the current property (nil before the
// first, while there is nothing to break down, or while a newly picked
// property computes: the old property's rows under the new title would
// read as the new property's segments).
func (m *Model) result() *result {
	r := m.job.Latest()
	if r == nil || r.f.By != m.by {
		return nil
	}
	return r
}

// spec is the funnel the view computes: the funnel view's, split by m.by.
func (m *Model) spec() spec.Funnel {
	f := m.Funnel()
	f.By = m.by
	return f
}

// Command implements common.View.
func (m *Model) Command() string { return spec.CommandLine("funnel", spec.FunnelArgs(m.spec())) }

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	return common.Export(m.result(), format, "build a funnel of two steps or more (tab 1), then pick a property with p", func(r *result) report.Table {
		return report.FunnelTable(r.all, r.segs, true)
	})
}

// ready says whether there is something to compute.
func (m *Model) ready() bool { return len(m.Funnel().Steps) >= 2 && m.by != "" }

// Activate implements common.View: recompute when the funnel or the
// property changed while the view was hidden.
func (m *Model) Activate() tea.Cmd { return m.compute() }

// compute starts the breakdown of the current spec unless it is computed
// or under way already; with nothing to break down nothing is shown.
func (m *Model) compute() tea.Cmd {
	f, eng := m.spec(), m.ctx.Engine
	return m.Compute(m.ready(), m.Command(), func(ctx context.Context) (*result, error) {
		all, segs, err := eng.Breakdown(ctx, f)
		if err != nil {
			return nil, err
		}
		return &result{f: f, all: all, segs: segs}, nil
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Frame.Update(msg) }

// handleKey is a key that neither the dialog nor the list took.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Property):
		m.dialog.Pick("Break the funnel down by", picker.KeyItems(m.ctx.Engine), func(p string) tea.Cmd {
			m.by = p
			cmd := m.compute()
			m.sortSegments() // drop the old property's rows from the list
			return cmd
		})
	case key.Matches(k, keys.Sort):
		m.bySize = !m.bySize
		m.sortSegments()
	case key.Matches(k, keys.Drill):
		return m.drill()
	}
	return nil
}

// selected is the segment under the cursor (nil when there is none).
func (m *Model) selected() *analysis.Segment {
	r, i := m.result(), m.list.Selected()
	if r == nil || i < 0 {
		return nil
	}
	return &r.segs[m.order[i]]
}

// sortSegments orders the result's segments by conversion or by size,
// highest first, and hands them to the list, which keeps the cursor on
// the same segment. "(other)" stays last: it is a remainder, not a value,
// and reads as a footnote.
func (m *Model) sortSegments() {
	var segs []analysis.Segment
	r := m.result()
	if r != nil {
		segs = r.segs
	}
	m.order = make([]int, len(segs))
	for i := range segs {
		m.order[i] = i
	}
	key := func(s analysis.Segment) float64 {
		if m.bySize {
			return float64(size(s))
		}
		return conversion(s)
	}
	sort.SliceStable(m.order, func(i, j int) bool {
		a, b := segs[m.order[i]], segs[m.order[j]]
		if oa, ob := a.Value == analysis.OtherSegment, b.Value == analysis.OtherSegment; oa != ob {
			return ob
		}
		return key(a) > key(b)
	})
	labels := make([]string, len(m.order))
	for i, ix := range m.order {
		labels[i] = report.SegmentLabel(segs[ix].Value)
	}
	m.list.SetRows(labels)
	m.buildGrid()
}

// buildGrid draws the matrix of the segments in display order, without
// the timings in presenter mode, and fits the list to what is left.
func (m *Model) buildGrid() {
	m.grid = matrix{}
	if r := m.result(); r != nil {
		m.grid = newMatrix(m.ctx.Theme, r.all, m.Segments(), !m.ctx.Presenter)
	}
	m.fitList()
}

// conversion is the segment's overall conversion, last step from start.
func conversion(s analysis.Segment) float64 {
	if len(s.Steps) == 0 {
		return 0
	}
	return s.Steps[len(s.Steps)-1].ConvFromStart
}

// size is the number of units entering the segment's funnel.
func size(s analysis.Segment) int {
	if len(s.Steps) == 0 {
		return 0
	}
	return s.Steps[0].Count
}
