package chengine

// SetPartEvents sets the events per pass of e's partitioned analyses,
// so that tests of a few thousand events take several passes.
func SetPartEvents(e *Engine, n int) { e.partEvents = n }

// PathParts is e.pathParts.
var PathParts = (*Engine).pathParts
