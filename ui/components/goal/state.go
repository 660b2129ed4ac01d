package goal

import (
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/ui/common"
)

// SaveState puts the picked goal into st as --goal reads it; a goal that
// follows the funnel is left out, so it follows the funnel when restored.
func (g *Goal) SaveState(st map[string]string) {
	if g.picked.Name != "" {
		st["goal"] = g.picked.String()
	}
}

// RestoreState picks st's goal, when it names an event of cat.
func (g *Goal) RestoreState(st map[string]string, cat engine.Catalog) error {
	s, ok, err := common.StateEvent(st, "goal", cat)
	if ok && err == nil {
		g.picked = s
	}
	return err
}
