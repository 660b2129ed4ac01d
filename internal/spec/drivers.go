package spec

// DefaultMinUsers is the support below which a driver is listed after the
// others: fewer users than this did the event, so its lift is noise.
const DefaultMinUsers = 30

// Drivers asks which events go with reaching a goal (docs/semantics.md,
// "Drivers"): for every other event name, how often the users who did it
// before their first goal event convert, against those who did not.
type Drivers struct {
	Goal     Step   // the macro-conversion; its conditions decide which events count as the goal
	MinUsers int    // drivers done by fewer users are listed last; 0 means DefaultMinUsers
	Where    []Cond // global filters: events failing them are dropped first
	From, To int64  // date range in µs, [From, To); 0 = open
}

// Micro asks for the micro-conversion summary of a goal: how often every
// event happens, per user and per session, and per goal event.
type Micro struct {
	Goal       Step
	SessionGap int64 // µs of inactivity that ends a session; 0 means 30 minutes
	Where      []Cond
	From, To   int64
}
