package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// Order says whether funnel steps must happen in sequence.
type Order int

// Funnel orders.
const (
	Ordered  Order = iota // steps in sequence (default); named "sequential"
	AnyOrder              // steps in any order inside one window; named "any"
)

// orderNames are the names of the orders, indexed by Order. Today's
// ordered mode is "sequential": the --order flag calls it "strict", a name
// docs/semantics.md reserves for "directly followed".
var orderNames = []string{"sequential", "any"}

// String names the order as saved funnels write it: sequential or any.
func (o Order) String() string { return enumName(orderNames, int(o), "Order") }

// Unit is what a funnel counts.
type Unit int

// Funnel units.
const (
	Users    Unit = iota // each user once (default)
	Sessions             // each session once; chains must lie inside a session
)

var unitNames = []string{"users", "sessions"}

// String names the unit as a plural noun, as the --count flag and saved
// funnels read it: users or sessions.
func (u Unit) String() string { return enumName(unitNames, int(u), "Unit") }

// enumName is names[i], or Type(i) for a value without a name, as Go
// prints an integer enum.
func enumName(names []string, i int, typ string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", typ, i)
}

// DefaultWindow is the conversion window when none is given: 7 days.
const DefaultWindow int64 = 7 * 24 * 3600 * 1e6

// Exclusion drops chains in which Event happens strictly between the first
// step and step To (1-based; 0 means the last step).
type Exclusion struct {
	Event Step
	To    int
}

// String renders the exclusion as --exclude and ParseExclusion read it:
// the step, then @N when it ends at step N. A step that would itself read
// as ending in @N (an event named "signup@2") is quoted, so that it is
// taken whole; a step with conditions ends in "]" and never reads so.
func (ex Exclusion) String() string {
	s := ex.Event.String()
	if ex.To != 0 {
		return s + "@" + strconv.Itoa(ex.To)
	}
	if i := strings.LastIndexByte(s, '@'); i > 0 {
		if _, err := strconv.Atoi(s[i+1:]); err == nil {
			return strconv.Quote(ex.Event.Name)
		}
	}
	return s
}

// ParseExclusion reads "EVENT", "EVENT[conditions]" or either followed by
// @N (the exclusion ends at step N).
func ParseExclusion(s string) (Exclusion, error) {
	var ex Exclusion
	name := s
	if i := strings.LastIndexByte(s, '@'); i > 0 {
		if n, err := strconv.Atoi(s[i+1:]); err == nil {
			name, ex.To = s[:i], n
		}
	}
	st, err := ParseStep(name)
	if err != nil {
		return ex, fmt.Errorf("exclusion %q: %w", s, err)
	}
	ex.Event = st
	return ex, nil
}

// Funnel is a funnel analysis, optionally broken down by a property.
type Funnel struct {
	Steps      []Step
	Window     int64 // µs from the first step's event to the last's
	Order      Order
	Count      Unit
	SessionGap int64 // µs of inactivity that ends a session (no export session ids)
	Exclude    []Exclusion
	Where      []Cond  // global filters: events failing them are dropped first
	From, To   int64   // date range in µs, [From, To); 0 = open
	By         string  // breakdown property ("" for none)
	Top        int     // breakdown: segments shown before "(other)"
	Segment    Segment // only the units of this breakdown segment (zero: all)
}
