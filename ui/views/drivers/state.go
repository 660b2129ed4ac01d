package drivers

// State implements common.Stateful: the picked goal.
func (m *Model) State() map[string]string {
	st := map[string]string{}
	m.goal.SaveState(st)
	return st
}

// Restore implements common.Stateful.
func (m *Model) Restore(st map[string]string) error { return m.goal.RestoreState(st, m.ctx.Engine) }
