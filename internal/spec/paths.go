package spec

import "errors"

// Direction says which way paths run from their anchor.
type Direction int

// Path directions.
const (
	Forward  Direction = iota // the anchor and the events after it
	Backward                  // the events before the anchor, ending at it
)

func (d Direction) String() string {
	if d == Backward {
		return "backward"
	}
	return "forward"
}

// ParseDirection reads --direction: forward ("" too) or backward. Its
// error says only what to use: the caller names the flag and the value.
func ParseDirection(s string) (Direction, error) {
	switch s {
	case "", Forward.String():
		return Forward, nil
	case Backward.String():
		return Backward, nil
	}
	return 0, errors.New("use forward or backward")
}

// Defaults of Paths' zero fields.
const (
	DefaultPathDepth = 4  // nodes per path, the anchor included
	DefaultPathTop   = 10 // sequences listed
)

// Paths asks for the most frequent sequences of events from (Forward) or
// to (Backward) an anchor event, within the anchor's session, counted by
// users (docs/semantics.md, "Paths").
//
// The anchor is a Step, so conditions narrow it (purchase[value!=0]). It
// is not called From/To, as the request that introduced it put it, because
// every spec uses From and To for the date range and the UI fills those the
// same way for every analysis.
type Paths struct {
	Anchor     Step
	Direction  Direction
	Depth      int   // nodes per path, the anchor included; 0 means DefaultPathDepth
	Top        int   // sequences listed per group; 0 means DefaultPathTop
	SessionGap int64 // µs of inactivity that ends a session (no export session ids); 0 means 30 minutes

	// Goal, when named, splits the users into converters (a goal event
	// after their anchor event, at any time) and non-converters.
	Goal Step

	// AfterStep, when > 0, replaces the anchor: the paths are those of the
	// users who reached step AfterStep of Funnel (1-based, below its last
	// step) but not the next one, starting at their step-AfterStep event.
	// Funnel must be ordered and count users; its own Where, From and To
	// are ignored in favour of the Paths' ones, so one set of global
	// filters applies to the funnel and to the paths alike.
	AfterStep int
	Funnel    Funnel

	Where    []Cond // global filters: events failing them are dropped first
	From, To int64  // date range in µs, [From, To); 0 = open
}
