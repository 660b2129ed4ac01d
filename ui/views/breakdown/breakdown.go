// Package breakdown is the breakdown view: the current funnel split by the
// values of one property, one conversion bar per segment with its 95%
// interval, size and significance, and the selected segment's steps. It
// only reads the funnel spec (from common.FunnelMsg); it never changes it.
package breakdown

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
	"github.com/funnelscope/funnelscope/ui/components/job"
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
	ctx    *common.Context
	w, h   int
	funnel spec.Funnel // the latest funnel from the funnel view
	by     string      // the property broken down by ("" before a pick)
	stale  bool        // funnel or property changed since the last compute

	job job.Job
	res *result
	err error

	bySize bool  // sort segments by size instead of conversion
	order  []int // indexes into res.segs, in display order
	cursor int   // position in order

	picking bool
	picker  picker.Model
}

// New returns the view, broken down by DefaultProperty when the log has it.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, job: job.New(ctx.Theme, Name), stale: true}
	if _, ok := ctx.Log.KeyID(DefaultProperty); ok {
		m.by = DefaultProperty
	}
	return m
}

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.picker.FitIn(w, h)
}

// Property is the property the funnel is broken down by.
func (m *Model) Property() string { return m.by }

// Segments lists the segments in display order (nil before a result).
func (m *Model) Segments() []analysis.Segment {
	if m.res == nil {
		return nil
	}
	out := make([]analysis.Segment, len(m.order))
	for i, ix := range m.order {
		out[i] = m.res.segs[ix]
	}
	return out
}

// Capturing implements common.View.
func (m *Model) Capturing() bool { return m.picking }

// Keys implements common.View.
func (m *Model) Keys() []key.Binding {
	return []key.Binding{keys.Property, keys.Sort, keys.Up, keys.Down}
}

// spec is the funnel the view computes: the funnel view's, split by m.by.
func (m *Model) spec() spec.Funnel {
	f := m.funnel
	f.By = m.by
	return f
}

// Command implements common.View.
func (m *Model) Command() string { return spec.CommandLine("funnel", spec.FunnelArgs(m.spec())) }

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	if m.res == nil {
		return "", fmt.Errorf("nothing to export yet: build a funnel of two steps or more (tab 1), then pick a property with p")
	}
	return common.RenderTable(report.FunnelTable(m.res.all, m.res.segs, true), format)
}

// ready says whether there is something to compute.
func (m *Model) ready() bool { return len(m.funnel.Steps) >= 2 && m.by != "" }

// Activate implements common.View: recompute when the funnel or the
// property changed while the view was hidden.
func (m *Model) Activate() tea.Cmd {
	if !m.stale {
		return nil
	}
	return m.compute()
}

// compute starts the breakdown of the current spec; older answers still
// on their way are dropped by their generation.
func (m *Model) compute() tea.Cmd {
	m.stale = false
	if !m.ready() {
		m.job.Stop()
		m.res, m.err = nil, nil
		return nil
	}
	f, l := m.spec(), m.ctx.Log
	return m.job.Start(func() (any, error) {
		all, segs, err := analysis.Breakdown(l, f)
		if err != nil {
			return nil, err
		}
		return &result{f: f, all: all, segs: segs}, nil
	})
}

// Update implements common.View.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case common.FunnelMsg:
		m.funnel, m.stale = msg.Funnel, true
		return m, nil
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
	case key.Matches(k, keys.Property):
		m.picking = true
		m.picker = picker.NewIn(m.ctx.Theme, "Break the funnel down by", common.KeyItems(m.ctx), m.w, m.h)
	case key.Matches(k, keys.Sort):
		m.bySize = !m.bySize
		m.sortSegments()
	case key.Matches(k, keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, keys.Down):
		m.cursor = min(max(0, len(m.order)-1), m.cursor+1)
	}
	return nil
}

func (m *Model) updatePicker(k tea.KeyMsg) tea.Cmd {
	p, r, cmd := m.picker.Update(k)
	m.picker = p
	if r == nil {
		return cmd
	}
	m.picking = false
	if r.Cancelled || r.Value == m.by && !m.stale && m.res != nil {
		return nil
	}
	m.by = r.Value
	return m.compute()
}

// setResult shows r, keeping the selected segment when it is still there.
func (m *Model) setResult(r *result) {
	sel := m.selected()
	// The old order indexes the old segments: drop it before sorting.
	m.res, m.order = r, nil
	m.sortSegments()
	if sel == nil {
		m.cursor = 0
		return
	}
	m.selectValue(sel.Value)
}

// selected is the segment under the cursor (nil when there is none).
func (m *Model) selected() *analysis.Segment {
	if m.res == nil || m.cursor >= len(m.order) {
		return nil
	}
	return &m.res.segs[m.order[m.cursor]]
}

func (m *Model) selectValue(v string) {
	m.cursor = 0
	for i, ix := range m.order {
		if m.res.segs[ix].Value == v {
			m.cursor = i
		}
	}
}

// sortSegments orders the segments by conversion or by size, highest
// first, keeping the cursor on the same segment. "(other)" stays last: it
// is a remainder, not a value, and reads as a footnote.
func (m *Model) sortSegments() {
	if m.res == nil {
		m.order = nil
		return
	}
	sel := m.selected()
	segs := m.res.segs
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
	if sel != nil {
		m.selectValue(sel.Value)
	}
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
