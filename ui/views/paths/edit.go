package paths

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
)

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	m.tree.list.SetHeight(m.listRows())
	if handled, cmd := m.tree.list.Update(k); handled {
		return cmd
	}
	switch {
	case key.Matches(k, keys.Drill):
		return m.reanchor()
	case key.Matches(k, keys.Right):
		m.tree.expand()
	case key.Matches(k, keys.Left):
		m.tree.collapse()
	case key.Matches(k, keys.Anchor):
		items := append(m.stepItems(), picker.EventItems(m.ctx.Engine)...)
		m.dialog.Pick("Anchor: paths start (or end) at this event or funnel step", items, m.setAnchor)
	case key.Matches(k, keys.Goal):
		items := append([]picker.Item{{Label: noGoal, Detail: "no split"}}, m.stepItems()...)
		items = append(items, picker.EventItems(m.ctx.Engine)...)
		m.dialog.Pick("Goal: split users by whether they did it later", items, m.setGoal)
	case key.Matches(k, keys.Direction):
		if m.afterStep > 0 {
			return common.Status("after a drop-off the paths run forward: press n to leave that mode", false)
		}
		m.dir = 1 - m.dir
		return m.recompute()
	case key.Matches(k, keys.DropNext):
		return m.nextDropStep()
	case key.Matches(k, keys.Split):
		if m.goalStep().Name == "" {
			return common.Status("no goal to split by: press G to pick one", false)
		}
		// The result already holds both groups: no recompute.
		m.split = !m.split
	case key.Matches(k, keys.Deeper):
		return m.setDepth(m.depth + 1)
	case key.Matches(k, keys.Shallower):
		return m.setDepth(m.depth - 1)
	}
	return nil
}

// nextDropStep cycles "after dropping at step N" through the funnel's
// steps that have a next one, then back to the anchor.
func (m *Model) nextDropStep() tea.Cmd {
	k := len(m.funnel.Steps)
	if k < 2 {
		return common.Status("drop-off paths need a funnel of 2 or more steps: add them in the Funnel view (1)", false)
	}
	m.afterStep++
	if m.afterStep >= k {
		m.afterStep = 0
	}
	return m.recompute()
}

func (m *Model) setDepth(d int) tea.Cmd {
	if d < minDepth || d > maxDepth {
		return common.Status(fmt.Sprintf("depth stays between %d and %d", minDepth, maxDepth), false)
	}
	m.depth = d
	return m.recompute()
}

func (m *Model) setAnchor(v string) tea.Cmd {
	a := m.pickedStep(v)
	m.anchor = &a
	m.afterStep = 0 // a picked anchor is the question now
	return m.recompute()
}

func (m *Model) setGoal(v string) tea.Cmd {
	g := m.pickedStep(v)
	if v == noGoal {
		g, m.split = spec.Step{}, false
	}
	m.goal = &g
	return m.recompute()
}

// stepPrefix marks a picked funnel step, whose conditions come along;
// event names are picked as they are.
const stepPrefix = "\x00step:"

// stepItems lists the funnel's steps for the anchor and goal pickers.
func (m *Model) stepItems() []picker.Item {
	items := make([]picker.Item, len(m.funnel.Steps))
	for i, st := range m.funnel.Steps {
		items[i] = picker.Item{Label: st.String(), Detail: fmt.Sprintf("funnel step %d", i+1),
			Value: fmt.Sprintf("%s%d", stepPrefix, i)}
	}
	return items
}

// pickedStep turns a picker value into a step: a funnel step with its
// conditions, or a plain event name.
func (m *Model) pickedStep(v string) spec.Step {
	if rest, ok := strings.CutPrefix(v, stepPrefix); ok {
		if i, err := strconv.Atoi(rest); err == nil && i < len(m.funnel.Steps) {
			st := m.funnel.Steps[i]
			st.Conds = append([]spec.Cond(nil), st.Conds...)
			return st
		}
	}
	return spec.Step{Name: v}
}
