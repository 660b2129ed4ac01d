package app

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/common"
)

// maxBack bounds the back stack: a long session of drilling keeps its
// latest steps, as a browser's history does.
const maxBack = 50

// backEntry is where a drill-down started: the tab shown and the drill
// state of every view a drill may change (common.Drillable).
type backEntry struct {
	tab    int
	states map[int]any
}

// backStack is the explorer's history of drill-downs: enter pushes, esc
// pops (when no picker, prompt or filter has the keys).
type backStack struct {
	entries []backEntry
}

// drill keeps where the user is, hands msg to every view and shows the
// view msg names.
func (m *Model) drill(msg common.DrillMsg) tea.Cmd {
	e := backEntry{tab: m.active, states: map[int]any{}}
	for i, v := range m.views {
		if d, ok := v.(common.Drillable); ok {
			e.states[i] = d.DrillState()
		}
	}
	m.back.entries = append(m.back.entries, e)
	if n := len(m.back.entries); n > maxBack {
		m.back.entries = m.back.entries[n-maxBack:]
	}
	cmds := []tea.Cmd{m.broadcast(msg)}
	if msg.Status != "" {
		m.setStatus(msg.Status+" · esc goes back", false)
	}
	if i := m.viewIndex(msg.To); i >= 0 && i != m.active {
		cmds = append(cmds, m.switchTo(i))
	} else {
		cmds = append(cmds, m.views[m.active].Activate())
	}
	return tea.Batch(cmds...)
}

// canGoBack reports whether esc has a drill-down to undo.
func (m *Model) canGoBack() bool { return len(m.back.entries) > 0 }

// goBack undoes the latest drill-down: every view it changed gets its
// state back, and the tab it started from shows again.
func (m *Model) goBack() tea.Cmd {
	n := len(m.back.entries)
	e := m.back.entries[n-1]
	m.back.entries = m.back.entries[:n-1]
	var cmds []tea.Cmd
	for i, st := range e.states {
		if d, ok := m.views[i].(common.Drillable); ok {
			cmds = append(cmds, d.RestoreDrill(st))
		}
	}
	if e.tab != m.active {
		cmds = append(cmds, m.switchTo(e.tab))
	} else {
		cmds = append(cmds, m.views[m.active].Activate())
	}
	return tea.Batch(cmds...)
}

// viewIndex is the index of the view titled name, -1 when none is.
func (m *Model) viewIndex(name string) int {
	for i, v := range m.views {
		if v.Title() == name {
			return i
		}
	}
	return -1
}

// clearSegment is R while the funnel has a segment filter: the filter
// goes first, and R again resets the global filters and dates.
func (m *Model) clearSegment() tea.Cmd {
	status := "segment filter cleared"
	if m.hasGlobals() {
		status += " · R again resets the filters and dates"
	}
	m.setStatus(status, false)
	return m.broadcast(common.SegmentMsg{})
}
