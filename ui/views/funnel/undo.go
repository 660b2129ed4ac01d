package funnel

import (
	"slices"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// undoDepth is how many edits u can take back: enough to retrace an
// exploration, small enough that a long session holds little.
const undoDepth = 20

// before is the funnel as it was before one edit, with the selected step
// then and the edit's name for the status line ("remove step purchase").
type before struct {
	f      spec.Funnel
	cursor int
	what   string
}

// history is the undo stack of the funnel's edits, oldest first.
type history []before

// push records f before the edit what, dropping the oldest record beyond
// undoDepth. f is copied deep, so later edits in place cannot reach it.
func (h *history) push(f spec.Funnel, cursor int, what string) {
	*h = append(*h, before{f: cloneFunnel(f), cursor: cursor, what: what})
	if len(*h) > undoDepth {
		*h = slices.Delete(*h, 0, len(*h)-undoDepth)
	}
}

// pop takes the latest record; false when there is nothing to undo.
func (h *history) pop() (before, bool) {
	n := len(*h)
	if n == 0 {
		return before{}, false
	}
	b := (*h)[n-1]
	*h = (*h)[:n-1]
	return b, true
}

// cloneFunnel copies f with slices of its own: the edits change steps,
// conditions and exclusions in place.
func cloneFunnel(f spec.Funnel) spec.Funnel {
	f.Steps = cloneSteps(f.Steps)
	f.Exclude = slices.Clone(f.Exclude)
	for i := range f.Exclude {
		f.Exclude[i].Event = cloneStep(f.Exclude[i].Event)
	}
	f.Where = slices.Clone(f.Where)
	return f
}

func cloneSteps(ss []spec.Step) []spec.Step {
	out := slices.Clone(ss)
	for i := range out {
		out[i] = cloneStep(out[i])
	}
	return out
}

func cloneStep(s spec.Step) spec.Step {
	s.Conds = slices.Clone(s.Conds)
	return s
}
