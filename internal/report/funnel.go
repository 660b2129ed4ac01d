package report

import (
	"fmt"
	"strconv"

	"github.com/funnelscope/funnelscope/internal/analysis"
)

// FunnelTable is the table of a funnel, one row per step. With by (a
// breakdown was asked for, even if it found no segments) the rows of
// every segment follow the "all" rows, with a segment column first and a
// significance column last; without it those two columns are left out.
func FunnelTable(res *analysis.FunnelResult, segs []analysis.Segment, by bool) Table {
	t := Table{Headers: []string{"segment", "step", "count", "from start", "95% CI", "from previous", "dropped", "median", "p90", "sig"},
		RightAlign: []bool{false, false, true, true, false, true, true, true, true, false}}
	add := func(seg string, steps []analysis.StepResult, sig string) {
		for i, s := range steps {
			label, mark := "", ""
			if i == 0 {
				label, mark = seg, sig
			}
			median, p90 := StepTimes(i, s)
			t.Rows = append(t.Rows, []string{label, s.Name, strconv.Itoa(s.Count), Percent(s.ConvFromStart),
				CI(s.CIStart), Percent(s.ConvFromPrev), strconv.Itoa(s.Dropped), median, p90, mark})
		}
	}
	add("all", res.Steps, "")
	for _, s := range segs {
		sig := ""
		if s.Significant {
			sig = "* " + PValueLabel(s.PValue)
		}
		add(SegmentLabel(s.Value), s.Steps, sig)
	}
	if !by {
		t.Headers, t.RightAlign = t.Headers[1:len(t.Headers)-1], t.RightAlign[1:len(t.RightAlign)-1]
		for i := range t.Rows {
			t.Rows[i] = t.Rows[i][1 : len(t.Rows[i])-1]
		}
	}
	return t
}

type stepJSON struct {
	Name                   string            `json:"name"`
	Count                  int               `json:"count"`
	ConversionFromStart    float64           `json:"conversion_from_start"`
	ConversionFromPrevious float64           `json:"conversion_from_previous"`
	CIFromStart            [2]float64        `json:"ci95_from_start"`
	CIFromPrevious         [2]float64        `json:"ci95_from_previous"`
	Dropped                int               `json:"dropped"`
	MedianSeconds          float64           `json:"median_seconds"`
	P90Seconds             float64           `json:"p90_seconds"`
	Histogram              []analysis.Bucket `json:"time_to_convert_histogram,omitempty"`
}

type segmentJSON struct {
	Value       string     `json:"value"`
	Steps       []stepJSON `json:"steps"`
	PValue      float64    `json:"p_value"`
	Significant bool       `json:"significant"`
}

type sessionsJSON struct {
	FirstSession       int     `json:"first_session"`
	LaterSessions      int     `json:"later_sessions"`
	LaterShare         float64 `json:"later_share"`
	LaterMedianSeconds float64 `json:"later_median_seconds"`
}

type funnelJSON struct {
	Steps    []stepJSON    `json:"steps"`
	Sessions *sessionsJSON `json:"converted_in,omitempty"`
	Segments []segmentJSON `json:"segments,omitempty"`
}

// SessionSplitLine says when the converters converted, for under the
// funnel: "converted in their first session: 24% · later: 76%
// (median 4d21h later)"; empty when the funnel has no split or no
// converters.
func SessionSplitLine(s *analysis.SessionSplit) string {
	if s == nil || s.First+s.Later == 0 {
		return ""
	}
	line := fmt.Sprintf("converted in their first session: %s · later: %s", PercentNarrow(1-s.LaterShare()), PercentNarrow(s.LaterShare()))
	if s.Later > 0 {
		line += " (median " + Duration(s.LaterMedianSecs) + " later)"
	}
	return line
}

func stepsJSON(steps []analysis.StepResult) []stepJSON {
	out := make([]stepJSON, len(steps))
	for i, s := range steps {
		out[i] = stepJSON{s.Name, s.Count, s.ConvFromStart, s.ConvFromPrev, s.CIStart, s.CIPrev, s.Dropped,
			s.MedianSeconds, s.P90Secs, s.Histogram}
	}
	return out
}

// FunnelJSON is the value the CLI writes for --format json: the steps and
// the segments, if any. A breakdown that found no segments has no
// "segments" field, as without one.
func FunnelJSON(res *analysis.FunnelResult, segs []analysis.Segment) any {
	out := funnelJSON{Steps: stepsJSON(res.Steps)}
	if s := res.Sessions; s != nil {
		out.Sessions = &sessionsJSON{s.First, s.Later, s.LaterShare(), s.LaterMedianSecs}
	}
	for _, s := range segs {
		out.Segments = append(out.Segments, segmentJSON{s.Value, stepsJSON(s.Steps), s.PValue, s.Significant})
	}
	return out
}
