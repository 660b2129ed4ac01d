package app

import (
	"context"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// suggestedNote labels a funnel the explorer chose, so nobody mistakes it
// for one they saved (docs/semantics.md, "Suggested funnel").
const suggestedNote = "suggested from the data: edit with a/d, or O to open a saved one"

// suggest asks e for a funnel to start with, on the loading goroutine: it
// reads every event. A failure starts on no funnel, as before suggestions.
func suggest(ctx context.Context, e engine.Engine) []spec.Step {
	if e.Summary().Events == 0 {
		return nil
	}
	steps, err := e.Suggest(ctx)
	if err != nil {
		return nil
	}
	return steps
}

// startSteps is the funnel the explorer opens on: the caller's, else the
// suggestion, which the status line then labels (Init asks for one only
// when the caller gave no steps).
func (m *Model) startSteps(msg loadedMsg) []spec.Step {
	if len(msg.suggested) == 0 {
		return m.opts.Steps
	}
	m.setStatus(suggestedNote, false)
	return msg.suggested
}
