package chengine

import "context"

// SetPartEvents sets the events per pass of e's analyses that run in
// passes, so that tests of a few thousand events take several passes.
func SetPartEvents(e *Engine, n int) { e.partEvents = n }

// Passes is the number of passes over ranges of the users that e's
// analyses in passes take.
func Passes(ctx context.Context, e *Engine) (int, error) {
	b, err := e.userBounds(ctx)
	return len(b) + 1, err
}
