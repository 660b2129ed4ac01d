package common

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// DrillMsg is enter on a row: a view asks to show what is behind it. The
// app keeps where the user was on its back stack (esc returns there, see
// Drillable), hands the message to every view, each taking the fields
// meant for it, and shows the view named To.
type DrillMsg struct {
	To string // title of the view to show
	// For the paths view: AfterStep > 0 shows the drop-outs after that
	// funnel step (docs/semantics.md, "Drop-outs"); else Anchor, when
	// set, re-anchors the tree there (forward), with Goal as its goal
	// and the converters split from the rest when Goal is set too.
	AfterStep    int
	Anchor, Goal *spec.Step
	// For the funnel view: filter the funnel to one breakdown segment.
	Segment *spec.Segment
	// Status, when set, is shown once the drill is done (what it did);
	// the app adds how to go back.
	Status string
}

// The titles of the views a drill goes to (DrillMsg.To), here because a
// view does not import another.
const (
	FunnelView = "Funnel"
	PathsView  = "Paths"
)

// Drillable is a view that a DrillMsg may change. Before each drill the
// app keeps its DrillState; esc hands it back to RestoreDrill, which
// puts the view as it was and returns what recomputes it.
type Drillable interface {
	DrillState() any
	RestoreDrill(state any) tea.Cmd
}

// Filtered is a view whose list may hold a filter typed with /. While it
// does, esc clears the filter first and only the next esc goes back.
type Filtered interface {
	Filtered() bool
}

// SegmentMsg sets the funnel's segment filter (R clears it, a zero
// Segment); the funnel view folds it in and announces the funnel.
type SegmentMsg struct{ Segment spec.Segment }
