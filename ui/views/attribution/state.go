package attribution

import (
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// State implements common.Stateful: the picked goal, the touch property
// and the model.
func (m *Model) State() map[string]string {
	st := map[string]string{"model": m.model.String()}
	m.goal.SaveState(st)
	if m.touch != "" {
		st["touch"] = m.touch
	}
	return st
}

// Restore implements common.Stateful.
func (m *Model) Restore(st map[string]string) error {
	model := m.model
	if s, ok := st["model"]; ok {
		var err error
		if model, err = spec.ParseModel(s); err != nil {
			return err
		}
	}
	touch, ok, err := common.StateKey(st, "touch", m.ctx.Engine)
	if err != nil {
		return err
	}
	if err := m.goal.RestoreState(st, m.ctx.Engine); err != nil {
		return err
	}
	if ok {
		m.touch = touch
	}
	m.model = model
	return nil
}
