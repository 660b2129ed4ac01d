package funnel

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/picker"
)

func (m *Model) openEvents(md mode, title string) {
	m.mode = md
	m.picker = picker.NewIn(m.ctx.Theme, title, common.EventItems(m.ctx), m.w, m.h)
}

func (m *Model) openKeys() {
	m.mode = pickFilterKey
	m.picker = picker.NewIn(m.ctx.Theme, "Filter "+m.f.Steps[m.cursor].Name+" by property", common.KeyItems(m.ctx), m.w, m.h)
}

func (m *Model) openValues(v common.ValuesMsg) tea.Cmd {
	if v.Err != nil {
		m.mode = browsing
		return common.Status(v.Err.Error(), true)
	}
	m.mode = pickFilterValue
	m.picker = picker.NewIn(m.ctx.Theme, common.ValueHint(v.Key), v.Items, m.w, m.h)
	m.picker.FreeText = true
	return nil
}

// updateOverlay sends a key to the open picker or prompt and acts on its answer.
func (m *Model) updateOverlay(k tea.KeyMsg) tea.Cmd {
	if m.mode == promptWindow {
		p, r, cmd := m.prompt.Update(k)
		m.prompt = p
		if r == nil {
			return cmd
		}
		m.mode = browsing
		if r.Cancelled {
			return nil
		}
		d, err := spec.ParseDuration(strings.TrimSpace(r.Value))
		if err != nil || d <= 0 {
			return common.Status(fmt.Sprintf("window %q: use a duration like 30m, 1h, 7d, 2w", r.Value), true)
		}
		m.f.Window = d
		return m.changed()
	}
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
	switch md {
	case pickStep:
		m.f.Steps = append(m.f.Steps, spec.Step{Name: r.Value})
		m.cursor = len(m.f.Steps) - 1
		return m.changed()
	case pickExclude:
		m.toggleExclusion(r.Value)
		return m.changed()
	case pickFilterKey:
		m.filterKey = r.Value
		return common.ValueItems(m.ctx, Name, r.Value)
	case pickFilterValue:
		st := &m.f.Steps[m.cursor]
		st.Conds = append(st.Conds, common.ParseValue(m.filterKey, r.Value))
		return m.changed()
	}
	return nil
}

func (m *Model) toggleExclusion(name string) {
	for i, e := range m.f.Exclude {
		if e.Event.Name == name && len(e.Event.Conds) == 0 {
			m.f.Exclude = append(m.f.Exclude[:i:i], m.f.Exclude[i+1:]...)
			return
		}
	}
	m.f.Exclude = append(m.f.Exclude, spec.Exclusion{Event: spec.Step{Name: name}})
}
