package analysis

import (
	"math"
	"sort"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Segment is the funnel of the units whose breakdown property had Value
// (taken from their first step-1 event; "" when missing, shown "(none)").
type Segment struct {
	Value       string
	Steps       []StepResult
	PValue      float64 // overall conversion vs the rest, two-proportion z-test
	Significant bool    // PValue < 0.05
}

// FurthestStep is the step (an index ≥ 1 into s) whose conversion from
// the previous step differs most from all's at that step, above or below,
// or -1 when no step compares (a single step, or nobody reached the one
// before): where a segment's funnel parts from all users'.
func FurthestStep(s, all []StepResult) int {
	best, gap := -1, -1.0
	for j := 1; j < len(s) && j < len(all); j++ {
		if s[j-1].Count == 0 {
			continue
		}
		if d := math.Abs(s[j].ConvFromPrev - all[j].ConvFromPrev); d > gap {
			best, gap = j, d
		}
	}
	return best
}

// OtherSegment names the segment that gathers values beyond the top N.
const OtherSegment = "(other)"

// Breakdown computes f per value of property f.By, largest segments first;
// beyond f.Top segments (default 10) the rest are summed into "(other)".
func Breakdown(l *snapshot.Log, f spec.Funnel) (*FunnelResult, []Segment, error) {
	e, err := compileFunnel(l, f)
	if err != nil {
		return nil, nil, err
	}
	e.splitBySession()
	e.readUnitsOnly()
	col, err := propColumn(l, "--by", f.By)
	if err != nil {
		return nil, nil, err
	}
	// Units are counted per segment only, and the total is their sum: a
	// converter is split by session once, in its segment.
	total, err := scanUsers(l, func(lo, hi int) *segWorker {
		w := &segWorker{worker: e.newWorker(), segs: map[int32]*counter{}, byCode: make([]*counter, col.Codes())}
		w.users(lo, hi, func(_ int, u *unit) {
			if u.level > 0 { // else not in the funnel: in no segment
				w.of(col, u.first).add(u)
			}
		})
		for _, c := range w.segs {
			c.settle()
		}
		return w
	}, func(total, w *segWorker) {
		total.c.merge(w.c)
		for v, c := range w.segs {
			total.segment(v).merge(c)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	for _, c := range total.segs {
		total.c.merge(c)
	}
	defer total.c.release() // it holds every segment's durations
	return e.result(total.c), e.segments(l, total.c, total.segs, f.Top), nil
}

// segWorker is a funnel worker that also counts per segment value.
type segWorker struct {
	*worker
	segs map[int32]*counter
	// byCode is segs by the column's code (Column.Code), found without
	// hashing; empty when the column has no codes.
	byCode []*counter
}

// of returns the counter of the segment of event i, the "(none)" one
// when i < 0.
func (w *segWorker) of(col *snapshot.Column, i int) *counter {
	if i < 0 {
		return w.segment(0)
	}
	if len(w.byCode) == 0 {
		return w.segment(col.At(i))
	}
	code := col.Code(i)
	c := w.byCode[code]
	if c == nil {
		c = w.segment(col.Value(code))
		w.byCode[code] = c
	}
	return c
}

// segment returns the counter of value v, adding it when new.
func (w *segWorker) segment(v int32) *counter {
	c := w.segs[v]
	if c == nil {
		c = newCounter(w.e.k)
		c.split, c.gap = w.c.split, w.c.gap // the total is the segments' sum
		w.segs[v] = c
	}
	return c
}

func (e *engine) segments(l *snapshot.Log, total *counter, bySeg map[int32]*counter, top int) []Segment {
	if top <= 0 {
		top = 10
	}
	ids := rankSegments(l, bySeg, func(c *counter) int { return c.reached[1] })
	var out []Segment
	var other *counter
	for i, v := range ids {
		if i >= top {
			if other == nil {
				other = newCounter(e.k)
			}
			other.merge(bySeg[v])
			continue
		}
		out = append(out, e.segment(segmentValue(l, v), bySeg[v], total))
	}
	if other != nil {
		out = append(out, e.segment(OtherSegment, other, total))
	}
	return out
}

// rankSegments returns the value ids of segs in the order breakdowns and
// trend lines show segments: largest size first, ties by value.
func rankSegments[T any](l *snapshot.Log, segs map[int32]T, size func(T) int) []int32 {
	ids := make([]int32, 0, len(segs))
	for v := range segs {
		ids = append(ids, v)
	}
	sort.Slice(ids, func(i, j int) bool {
		if a, b := size(segs[ids[i]]), size(segs[ids[j]]); a != b {
			return a > b
		}
		return l.Values[ids[i]] < l.Values[ids[j]]
	})
	return ids
}

// segmentValue is the Segment.Value of value id v: "" for the units
// without the property.
func segmentValue(l *snapshot.Log, v int32) string {
	if v == 0 {
		return ""
	}
	return l.Values[v]
}

func (e *engine) segment(value string, c, total *counter) Segment {
	k := e.k
	in, conv := c.reached[1], c.reached[k]
	p := TwoProportionP(conv, in, total.reached[k]-conv, total.reached[1]-in)
	return Segment{Value: value, Steps: e.result(c).Steps, PValue: p, Significant: p < 0.05}
}
