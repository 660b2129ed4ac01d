package analysis

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// TrendSeries is one line of a per-step or per-segment trend: per period
// of TrendsResult.Periods, the units entering the line and those of them
// converting. A step's line enters the units that reached the previous
// step and converts those that reached the step (conversion from the
// previous step); a segment's line is the funnel's conversion of the
// units whose first step-1 event carries the segment's value, as in
// breakdowns ("" for none, OtherSegment for the rest).
type TrendSeries struct {
	Name               string
	Entered, Converted []int
}

// Rate is the line's conversion in period p; ok is false when nobody
// entered it then.
func (s TrendSeries) Rate(p int) (rate float64, ok bool) {
	if s.Entered[p] == 0 {
		return 0, false
	}
	return float64(s.Converted[p]) / float64(s.Entered[p]), true
}

// trendLines are a worker's tallies for the lines beside the overall
// rate: per period the units ending at each level (step lines), or per
// segment value the units entering and converting (segment lines).
type trendLines struct {
	kind   spec.Lines
	k      int
	levels []int // period*(k+1) + level
	segs   map[int32]*segTally
}

// segTally is one segment's entered and converted units per period.
type segTally struct{ entered, converted []int }

func newTrendWorker(w *worker, n int, kind spec.Lines) *trendWorker {
	tw := &trendWorker{worker: w, entered: make([]int, n), converted: make([]int, n)}
	tw.lines = trendLines{kind: kind, k: w.e.k}
	switch kind {
	case spec.StepLines:
		tw.lines.levels = make([]int, n*(w.e.k+1))
	case spec.SegmentLines:
		tw.lines.segs = map[int32]*segTally{}
	}
	return tw
}

// tallyLines counts unit u, entered in period p, in the lines; col is
// the segment property's column (nil unless segment lines).
func (w *trendWorker) tallyLines(p int, u *unit, col *snapshot.Column) {
	ls := &w.lines
	switch ls.kind {
	case spec.StepLines:
		ls.levels[p*(ls.k+1)+u.level]++
	case spec.SegmentLines:
		s := ls.segment(col.At(u.first), len(w.entered))
		s.entered[p]++
		if u.level == ls.k {
			s.converted[p]++
		}
	}
}

func (ls *trendLines) segment(v int32, n int) *segTally {
	s := ls.segs[v]
	if s == nil {
		s = &segTally{make([]int, n), make([]int, n)}
		ls.segs[v] = s
	}
	return s
}

// mergeTrends adds worker w's tallies into total.
func mergeTrends(total, w *trendWorker) {
	addInts(total.entered, w.entered)
	addInts(total.converted, w.converted)
	addInts(total.lines.levels, w.lines.levels)
	for v, s := range w.lines.segs {
		t := total.lines.segment(v, len(total.entered))
		addInts(t.entered, s.entered)
		addInts(t.converted, s.converted)
	}
}

func addInts(dst, src []int) {
	for i := range src {
		dst[i] += src[i]
	}
}

// segmentColumn is the column of the trend's segment property, nil
// unless it asks for segment lines.
func segmentColumn(l *snapshot.Log, t spec.Trends) (*snapshot.Column, error) {
	if t.Lines != spec.SegmentLines {
		return nil, nil
	}
	if t.By == "" {
		return nil, fmt.Errorf("trends per segment: name the property to split by")
	}
	return propColumn(l, "trends per segment", t.By)
}

// series builds the lines of periods first..last from the totals.
func (w *trendWorker) series(l *snapshot.Log, steps []string, first, last, top int) []TrendSeries {
	ls := &w.lines
	// Without periods (last = first-1) the lines are there, empty.
	switch ls.kind {
	case spec.StepLines:
		return ls.stepSeries(steps, first, last)
	case spec.SegmentLines:
		return ls.segmentSeries(l, first, last, top)
	}
	return nil
}

// stepSeries is each step's conversion from the previous one: step j
// enters the units at level j or more and converts those at j+1 or more.
func (ls *trendLines) stepSeries(steps []string, first, last int) []TrendSeries {
	out := make([]TrendSeries, 0, ls.k-1)
	for j := 1; j < ls.k; j++ {
		s := TrendSeries{Name: steps[j], Entered: make([]int, last-first+1), Converted: make([]int, last-first+1)}
		for p := first; p <= last; p++ {
			for lv := j; lv <= ls.k; lv++ {
				n := ls.levels[p*(ls.k+1)+lv]
				s.Entered[p-first] += n
				if lv > j {
					s.Converted[p-first] += n
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// segmentSeries is the top segments by units entering, largest first
// (ties by value), and the rest summed as OtherSegment.
func (ls *trendLines) segmentSeries(l *snapshot.Log, first, last, top int) []TrendSeries {
	if top <= 0 {
		top = spec.DefaultTrendTop
	}
	ids := rankSegments(l, ls.segs, func(s *segTally) (n int) {
		for _, e := range s.entered {
			n += e
		}
		return n
	})
	var out []TrendSeries
	for i, v := range ids {
		name := segmentValue(l, v)
		if i >= top {
			name = OtherSegment
		}
		if i <= top {
			out = append(out, TrendSeries{Name: name, Entered: make([]int, last-first+1), Converted: make([]int, last-first+1)})
		}
		s, t := &out[len(out)-1], ls.segs[v]
		addInts(s.Entered, t.entered[first:last+1])
		addInts(s.Converted, t.converted[first:last+1])
	}
	return out
}
