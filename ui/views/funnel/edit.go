package funnel

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/picker"
)

// The answers to the view's questions: each handler is passed where its
// question is asked.

func (m *Model) addStep(name string) tea.Cmd {
	m.f.Steps = append(m.f.Steps, spec.Step{Name: name})
	m.cursor = len(m.f.Steps) - 1
	return m.changed()
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
		st := &m.f.Steps[m.cursor]
		st.Conds = append(st.Conds, common.ParseValue(v.Key, val))
		return m.changed()
	}, dialog.FreeText())
	return nil
}

func (m *Model) setWindow(text string) tea.Cmd {
	d, err := spec.ParseDuration(strings.TrimSpace(text))
	if err != nil || d <= 0 {
		return common.Status(fmt.Sprintf("window %q: use a duration like 30m, 1h, 7d, 2w", text), true)
	}
	m.f.Window = d
	return m.changed()
}

func (m *Model) toggleExclusion(name string) tea.Cmd {
	for i, e := range m.f.Exclude {
		if e.Event.Name == name && len(e.Event.Conds) == 0 {
			m.f.Exclude = append(m.f.Exclude[:i:i], m.f.Exclude[i+1:]...)
			return m.changed()
		}
	}
	m.f.Exclude = append(m.f.Exclude, spec.Exclusion{Event: spec.Step{Name: name}})
	return m.changed()
}
