package paths

import (
	"fmt"
	"strconv"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// State implements common.Stateful: the picked anchor and goal (left out
// while they follow the funnel), the direction, and the funnel step whose
// drop-outs the paths follow.
func (m *Model) State() map[string]string {
	st := map[string]string{}
	if m.anchor != nil {
		st["anchor"] = m.anchor.String()
	}
	if m.goal != nil {
		st["goal"] = m.goal.String()
	}
	if m.dir == spec.Backward {
		st["direction"] = m.dir.String()
	}
	if m.afterStep > 0 {
		st["after-step"] = strconv.Itoa(m.afterStep)
	}
	return st
}

// Restore implements common.Stateful.
func (m *Model) Restore(st map[string]string) error {
	anchor, hasAnchor, err := common.StateEvent(st, "anchor", m.ctx.Engine)
	if err != nil {
		return err
	}
	goal, hasGoal, err := common.StateEvent(st, "goal", m.ctx.Engine)
	if err != nil {
		return err
	}
	dir, err := spec.ParseDirection(st["direction"])
	if err != nil {
		return fmt.Errorf("--direction %q: %w", st["direction"], err)
	}
	after := 0
	if s, ok := st["after-step"]; ok {
		if after, err = strconv.Atoi(s); err != nil || after < 0 {
			return fmt.Errorf("--after-step %q: use a step number", s)
		}
	}
	if hasAnchor {
		m.anchor = &anchor
	}
	if hasGoal {
		m.goal = &goal
	}
	m.dir, m.afterStep = dir, after
	return nil
}
