package spec

// Order says whether funnel steps must happen in sequence.
type Order int

// Funnel orders.
const (
	Ordered  Order = iota // steps in sequence (default)
	AnyOrder              // steps in any order inside one window
)

// Unit is what a funnel counts.
type Unit int

// Funnel units.
const (
	Users    Unit = iota // each user once (default)
	Sessions             // each session once; chains must lie inside a session
)

// DefaultWindow is the conversion window when none is given: 7 days.
const DefaultWindow int64 = 7 * 24 * 3600 * 1e6

// Exclusion drops chains in which Event happens strictly between the first
// step and step To (1-based; 0 means the last step).
type Exclusion struct {
	Event Step
	To    int
}

// Funnel is a funnel analysis, optionally broken down by a property.
type Funnel struct {
	Steps      []Step
	Window     int64 // µs from the first step's event to the last's
	Order      Order
	Count      Unit
	SessionGap int64 // µs of inactivity that ends a session (no export session ids)
	Exclude    []Exclusion
	Where      []Cond // global filters: events failing them are dropped first
	From, To   int64  // date range in µs, [From, To); 0 = open
	By         string // breakdown property ("" for none)
	Top        int    // breakdown: segments shown before "(other)"
}
