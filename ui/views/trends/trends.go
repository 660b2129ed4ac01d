// Package trends is the trends view: the current funnel's conversion per
// week or day as a line chart with its baseline band, the periods outside
// the band, and a table of periods. It only reads the funnel spec (from
// common.FunnelMsg); it never changes it.
package trends

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/keys"
)

// Name is the view's title and the tag of its results.
const Name = "Trends"

// Model is the trends view.
type Model struct {
	ctx      *common.Context
	w, h     int
	funnel   spec.Funnel // the latest funnel from the funnel view
	interval spec.Interval
	stale    bool // funnel or interval changed since the last compute

	job job.Job
	res *analysis.TrendsResult
	err error

	// chart is the rendered line chart, built when a result arrives or
	// the size changes, so that View only lays it out.
	chart string
}

// New returns the view, by week.
func New(ctx *common.Context) *Model {
	return &Model{ctx: ctx, job: job.New(ctx.Theme, Name), interval: spec.Week, stale: true}
}

// Title implements common.View.
func (m *Model) Title() string { return Name }

// SetSize implements common.View.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.buildChart()
}

// Result is the latest trend (nil before the first).
func (m *Model) Result() *analysis.TrendsResult { return m.res }

// Capturing implements common.View.
func (m *Model) Capturing() bool { return false }

// Keys implements common.View.
func (m *Model) Keys() []key.Binding { return []key.Binding{keys.Interval} }

// spec is the trend the view computes.
func (m *Model) spec() spec.Trends { return spec.Trends{Funnel: m.funnel, Interval: m.interval} }

// Command implements common.View.
func (m *Model) Command() string { return spec.CommandLine("trends", spec.TrendsArgs(m.spec())) }

// Export implements common.View.
func (m *Model) Export(format string) (string, error) {
	if m.res == nil {
		return "", fmt.Errorf("nothing to export yet: build a funnel of two steps or more (tab 1)")
	}
	return common.RenderTable(report.TrendsTable(m.res, false), format)
}

// ready says whether there is a conversion to track.
func (m *Model) ready() bool { return len(m.funnel.Steps) >= 2 }

// Activate implements common.View: recompute when the funnel changed
// while the view was hidden.
func (m *Model) Activate() tea.Cmd {
	if !m.stale {
		return nil
	}
	return m.compute()
}

// compute starts the trend of the current spec; older answers still on
// their way are dropped by their generation.
func (m *Model) compute() tea.Cmd {
	m.stale = false
	if !m.ready() {
		m.job.Stop()
		m.res, m.err, m.chart = nil, nil, ""
		return nil
	}
	t, l := m.spec(), m.ctx.Log
	return m.job.Start(func() (any, error) { return analysis.Trends(l, t) })
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
				m.res = msg.Value.(*analysis.TrendsResult)
				m.buildChart()
			}
		}
		return m, next
	case spinner.TickMsg:
		return m, m.job.Tick(msg)
	case tea.KeyMsg:
		if key.Matches(msg, keys.Interval) {
			m.interval = toggle(m.interval)
			return m, m.compute()
		}
	}
	return m, nil
}

// toggle switches between weeks and days.
func toggle(i spec.Interval) spec.Interval {
	if i == spec.Week {
		return spec.Day
	}
	return spec.Week
}
