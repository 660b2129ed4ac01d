package spec

import "fmt"

// Segment narrows a funnel to the units of one breakdown segment: those
// whose value of property Key, taken as a breakdown takes it (on the
// unit's first step-1 event), is Value; "" is the segment without the
// property, shown "(none)". A zero Segment (no Key) keeps every unit.
// It is a filter on the unit, not on events: the unit's other events
// count whatever their own value (docs/semantics.md, "Segment filter").
type Segment struct {
	Key, Value string
}

// IsZero reports whether s keeps every unit.
func (s Segment) IsZero() bool { return s.Key == "" }

// String renders s as --segment reads it: key=value, "" when zero.
func (s Segment) String() string {
	if s.IsZero() {
		return ""
	}
	return Cond{Key: s.Key, Op: Eq, Value: s.Value}.String()
}

// ParseSegment reads "key=value" as --segment takes it; "key=" names
// the segment without the property. "" is the zero Segment.
func ParseSegment(s string) (Segment, error) {
	if s == "" {
		return Segment{}, nil
	}
	c, err := ParseCond(s)
	if err != nil {
		return Segment{}, fmt.Errorf("segment: %w", err)
	}
	if c.Op != Eq {
		return Segment{}, fmt.Errorf("segment %q: use key=value (one breakdown value, e.g. device=mobile)", s)
	}
	return Segment{Key: c.Key, Value: c.Value}, nil
}
