package report

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/funnelscope/funnelscope/internal/analysis"
)

// The units of Duration, largest first.
var durationUnits = []struct {
	d    time.Duration
	name string
}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}

// Duration renders a duration in seconds for people, in at most two
// units: exact to the second under an hour (2m17s), then to the minute
// (10h6m), then to the hour (3d19h); a zero smaller unit is left out (1h,
// 2d). Times to convert and to a goal, in the CLI and the explorer alike.
func Duration(secs float64) string {
	d := time.Duration(secs * float64(time.Second)).Round(time.Second)
	for i, u := range durationUnits[:len(durationUnits)-1] {
		if d < u.d {
			continue
		}
		// Round to the next unit down; that can carry into this one's
		// successor (23h59m40s is 1d), so compare again after rounding.
		small := durationUnits[i+1]
		d = d.Round(small.d)
		if i > 0 && d >= durationUnits[i-1].d {
			return "1" + durationUnits[i-1].name
		}
		out := strconv.FormatInt(int64(d/u.d), 10) + u.name
		if rest := d % u.d / small.d; rest != 0 {
			out += strconv.FormatInt(int64(rest), 10) + small.name
		}
		return out
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}

// DurationSpan labels a histogram bucket [from, to) in seconds: "< 1m"
// for the first, "1m–5m", and "7d+" for the last, open one (to infinite
// or not above from).
func DurationSpan(from, to float64) string {
	switch {
	case from <= 0:
		return "< " + Duration(to)
	case math.IsInf(to, 1) || to <= from:
		return Duration(from) + "+"
	}
	return fmt.Sprintf("%s–%s", Duration(from), Duration(to))
}

// StepTimes renders the median and p90 time to convert to step i (0-based)
// of a funnel. The first step and steps nobody reached have no time to
// convert: "-"; 0s is a real time (the step at the same instant as the
// first).
func StepTimes(i int, s analysis.StepResult) (median, p90 string) {
	if i == 0 || s.Count == 0 {
		return "-", "-"
	}
	return Duration(s.MedianSeconds), Duration(s.P90Secs)
}
