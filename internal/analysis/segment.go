package analysis

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// segmentFilter keeps the units of one breakdown segment (spec.Segment):
// the value is read where Breakdown reads it, on the unit's first step-1
// event, so a segment's funnel is its row of the breakdown.
type segmentFilter struct {
	col *snapshot.Column
	id  int32 // the value's id; 0 is "(none)", -1 a value no event has
}

// compileSegment compiles s; nil when s keeps every unit.
func compileSegment(l *snapshot.Log, s spec.Segment) (*segmentFilter, error) {
	if s.IsZero() {
		return nil, nil
	}
	key, ok := l.KeyID(s.Key)
	if !ok {
		return nil, fmt.Errorf("--segment: %w", unknownName("property", s.Key, l.Keys))
	}
	col, err := l.Column(key)
	if err != nil {
		return nil, fmt.Errorf("--segment %s: %w", s.Key, err)
	}
	id := int32(0)
	if s.Value != "" {
		if id = valueID(l, s.Value); id == 0 {
			id = -1
		}
	}
	return &segmentFilter{col: col, id: id}, nil
}

// apply takes unit u out of the funnel (level 0) when it is in another
// segment. A nil filter keeps every unit.
func (s *segmentFilter) apply(u *unit) {
	if s == nil || u.level == 0 {
		return
	}
	v := int32(0)
	if u.first >= 0 {
		v = s.col.At(u.first)
	}
	if v != s.id {
		u.level, u.done = 0, -1
	}
}
