package trends

import "github.com/funnelscope/funnelscope/internal/spec"

// State implements common.Stateful: the interval.
func (m *Model) State() map[string]string { return map[string]string{"interval": m.interval.String()} }

// Restore implements common.Stateful.
func (m *Model) Restore(st map[string]string) error {
	s, ok := st["interval"]
	if !ok {
		return nil
	}
	iv, err := spec.ParseInterval(s)
	if err != nil {
		return err
	}
	m.interval = iv
	return nil
}
