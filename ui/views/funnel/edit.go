package funnel

import (
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/picker"
)

// Every edit of the spec goes through apply, so that u can take each one
// back; the answers to the view's questions are passed where they are
// asked.

// apply records the funnel as it is for u, makes the edit called what and
// announces the new spec.
func (m *Model) apply(what string, edit func()) tea.Cmd {
	m.undo.push(m.f, m.cursor, what)
	m.edits++
	edit()
	return m.changed()
}

// undoLast puts back the funnel from before the latest edit and says which
// edit it took back. The global filters and dates stay: they are not the
// funnel view's edits (R and D change them).
func (m *Model) undoLast() tea.Cmd {
	b, ok := m.undo.pop()
	if !ok {
		return common.Status("nothing to undo", false)
	}
	m.edits++
	g := m.f
	m.f = b.f
	m.f.Where, m.f.From, m.f.To, m.f.By, m.f.Top = g.Where, g.From, g.To, g.By, g.Top
	m.cursor = min(b.cursor, max(0, len(m.f.Steps)-1))
	return tea.Batch(common.Status("undid: "+b.what, false), m.changed())
}

// insertStep adds name after the selected step (first in an empty funnel).
func (m *Model) insertStep(name string) tea.Cmd {
	return m.insertAt(min(m.cursor+1, len(m.f.Steps)), spec.Step{Name: name})
}

// insertAt puts st at index at and selects it.
func (m *Model) insertAt(at int, st spec.Step) tea.Cmd {
	return m.apply("add step "+st.String(), func() {
		m.f.Steps = slices.Insert(m.f.Steps, at, st)
		m.cursor = at
	})
}

// replaceStep changes the selected step's event, keeping its conditions.
func (m *Model) replaceStep(name string) tea.Cmd {
	old := m.f.Steps[m.cursor].String()
	return m.apply(fmt.Sprintf("replace step %s with %s", old, name), func() {
		m.f.Steps[m.cursor].Name = name
	})
}

// duplicateStep inserts a copy of the selected step after it.
func (m *Model) duplicateStep() tea.Cmd {
	st := cloneStep(m.f.Steps[m.cursor])
	return m.apply("duplicate step "+st.String(), func() {
		m.f.Steps = slices.Insert(m.f.Steps, m.cursor+1, st)
		m.cursor++
	})
}

func (m *Model) removeStep() tea.Cmd {
	return m.apply("remove step "+m.f.Steps[m.cursor].String(), func() {
		m.f.Steps = slices.Delete(m.f.Steps, m.cursor, m.cursor+1)
		m.cursor = min(m.cursor, max(0, len(m.f.Steps)-1))
	})
}

// moveStep swaps the selected step with its neighbour by (-1 up, +1
// down); at either end it does nothing.
func (m *Model) moveStep(by int) tea.Cmd {
	to := m.cursor + by
	if to < 0 || to >= len(m.f.Steps) {
		return nil
	}
	dir := map[int]string{-1: "up", 1: "down"}[by]
	return m.apply("move step "+m.f.Steps[m.cursor].String()+" "+dir, func() {
		m.f.Steps[to], m.f.Steps[m.cursor] = m.f.Steps[m.cursor], m.f.Steps[to]
		m.cursor = to
	})
}

func (m *Model) openKeys() {
	m.dialog.Pick("Filter "+m.f.Steps[m.cursor].Name+" by property", picker.KeyItems(m.ctx.Engine), func(k string) tea.Cmd {
		return picker.LoadValues(m.ctx.Engine, Name, k)
	})
}

func (m *Model) openValues(v picker.ValuesMsg) tea.Cmd {
	if v.Err != nil {
		return common.Status(v.Err.Error(), true)
	}
	m.dialog.Pick(common.ValueHint(v.Key), v.Items, func(val string) tea.Cmd {
		c := common.ParseValue(v.Key, val)
		return m.apply("filter "+m.f.Steps[m.cursor].Name+" by "+c.String(), func() {
			st := &m.f.Steps[m.cursor]
			st.Conds = append(st.Conds, c)
		})
	}, dialog.FreeText())
	return nil
}

func (m *Model) clearFilter() tea.Cmd {
	st := m.f.Steps[m.cursor]
	if len(st.Conds) == 0 {
		return common.Status("step "+st.Name+" has no filter to clear", false)
	}
	return m.apply("clear the filter of step "+st.String(), func() { m.f.Steps[m.cursor].Conds = nil })
}

func (m *Model) setWindow(text string) tea.Cmd {
	d, err := spec.ParseDuration(strings.TrimSpace(text))
	if err != nil || d <= 0 {
		return common.Status(fmt.Sprintf("window %q: use a duration like 30m, 1h, 7d, 2w", text), true)
	}
	return m.apply("window "+spec.FormatDuration(m.f.Window)+" → "+spec.FormatDuration(d), func() { m.f.Window = d })
}

func (m *Model) toggleOrder() tea.Cmd {
	return m.apply("order "+(1-m.f.Order).String(), func() { m.f.Order = 1 - m.f.Order })
}

func (m *Model) toggleCount() tea.Cmd {
	return m.apply("count "+(1-m.f.Count).String(), func() { m.f.Count = 1 - m.f.Count })
}

func (m *Model) toggleExclusion(name string) tea.Cmd {
	for i, e := range m.f.Exclude {
		if e.Event.Name == name && len(e.Event.Conds) == 0 {
			return m.apply("stop excluding "+name, func() { m.f.Exclude = slices.Delete(slices.Clone(m.f.Exclude), i, i+1) })
		}
	}
	return m.apply("exclude "+name, func() { m.f.Exclude = append(m.f.Exclude, spec.Exclusion{Event: spec.Step{Name: name}}) })
}
