package breakdown

import "github.com/funnelscope/funnelscope/ui/common"

// State implements common.Stateful: the property broken down by.
func (m *Model) State() map[string]string {
	st := map[string]string{}
	if m.by != "" {
		st["by"] = m.by
	}
	return st
}

// Restore implements common.Stateful.
func (m *Model) Restore(st map[string]string) error {
	by, ok, err := common.StateKey(st, "by", m.ctx.Engine)
	if ok && err == nil {
		m.by = by
	}
	return err
}
