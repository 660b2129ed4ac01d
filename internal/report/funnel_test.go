package report

import (
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
)

func funnelSteps(n1, n2 int) []analysis.StepResult {
	return []analysis.StepResult{
		{Name: "view", Count: n1, ConvFromStart: 1, ConvFromPrev: 1, CIStart: [2]float64{0.99, 1}},
		{Name: "buy", Count: n2, ConvFromStart: 0.25, ConvFromPrev: 0.25, CIStart: [2]float64{0.2, 0.3},
			Dropped: n1 - n2, MedianSeconds: 90, P90Secs: 3600},
	}
}

func TestFunnelTable(t *testing.T) {
	res := &analysis.FunnelResult{Steps: funnelSteps(100, 25)}
	segs := []analysis.Segment{
		{Value: "mobile", Steps: funnelSteps(60, 10), PValue: 0.00123, Significant: true},
		{Value: "", Steps: funnelSteps(40, 15), PValue: 0.4},
		{Value: "tablet", Steps: funnelSteps(30, 0), PValue: 1e-30, Significant: true},
	}
	instant := &analysis.FunnelResult{Steps: funnelSteps(100, 25)}
	instant.Steps[1].MedianSeconds, instant.Steps[1].P90Secs = 0, 0
	plain := []string{"step", "count", "from start", "95% CI", "from previous", "dropped", "median", "p90"}
	broken := append(append([]string{"segment"}, plain...), "sig")
	cases := []struct {
		name     string
		res      *analysis.FunnelResult
		segs     []analysis.Segment
		by       bool
		headers  []string
		rows, at int
		row      []string
	}{
		{"without a breakdown the segment and sig columns go", res, nil, false, plain, 2, 0,
			[]string{"view", "100", "100.0%", "99.0%-100.0%", "100.0%", "0", "-", "-"}},
		{"a later step shows its times", res, nil, false, plain, 2, 1,
			[]string{"buy", "25", "25.0%", "20.0%-30.0%", "25.0%", "75", "1m30s", "1h"}},
		{"a breakdown labels its first rows all", res, segs, true, broken, 8, 0,
			[]string{"all", "view", "100", "100.0%", "99.0%-100.0%", "100.0%", "0", "-", "-", ""}},
		{"a significant segment is marked on its first row", res, segs, true, broken, 8, 2,
			[]string{"mobile", "view", "60", "100.0%", "99.0%-100.0%", "100.0%", "0", "-", "-", "* p=0.00123"}},
		{"later rows of a segment have no label", res, segs, true, broken, 8, 3,
			[]string{"", "buy", "10", "25.0%", "20.0%-30.0%", "25.0%", "50", "1m30s", "1h", ""}},
		{"an empty value is (none)", res, segs, true, broken, 8, 4,
			[]string{"(none)", "view", "40", "100.0%", "99.0%-100.0%", "100.0%", "0", "-", "-", ""}},
		{"a breakdown without segments keeps its columns", res, nil, true, broken, 2, 0, nil},
		{"a p-value beyond the z-test's reach is a bound", res, segs, true, broken, 8, 6,
			[]string{"tablet", "view", "30", "100.0%", "99.0%-100.0%", "100.0%", "0", "-", "-", "* p<1e-16"}},
		{"a step nobody reached has no times", res, segs, true, broken, 8, 7,
			[]string{"", "buy", "0", "25.0%", "20.0%-30.0%", "25.0%", "30", "-", "-", ""}},
		{"a step at the same instant as the first takes 0s", instant, nil, false, plain, 2, 1,
			[]string{"buy", "25", "25.0%", "20.0%-30.0%", "25.0%", "75", "0s", "0s"}},
	}
	for _, c := range cases {
		checkTable(t, c.name, FunnelTable(c.res, c.segs, c.by), c.headers, c.rows, c.at, c.row)
	}
}

func TestFunnelJSONListsSegmentsOnlyWhenThereAreSome(t *testing.T) {
	res := &analysis.FunnelResult{Steps: funnelSteps(100, 25)}
	segs := []analysis.Segment{{Value: "", Steps: funnelSteps(40, 15)}}
	if got, ok := jsonOf(t, FunnelJSON(res, segs))["segments"].([]any); !ok || len(got) != 1 {
		t.Errorf("with a segment: segments %v", got)
	}
	// omitempty drops an empty list: the CLI has always written no field.
	if _, ok := jsonOf(t, FunnelJSON(res, nil))["segments"]; ok {
		t.Error("without segments: want no segments field")
	}
}

func TestFunnelJSONSaysWhenConvertersConvertedOnlyWhenSplit(t *testing.T) {
	res := &analysis.FunnelResult{Steps: funnelSteps(100, 25)}
	if _, ok := jsonOf(t, FunnelJSON(res, nil))["converted_in"]; ok {
		t.Error("without a split: want no converted_in field")
	}
	res.Sessions = &analysis.SessionSplit{First: 5, Later: 20, LaterMedianSecs: 3600}
	got, _ := jsonOf(t, FunnelJSON(res, nil))["converted_in"].(map[string]any)
	if got["first_session"] != 5.0 || got["later_sessions"] != 20.0 || got["later_share"] != 0.8 || got["later_median_seconds"] != 3600.0 {
		t.Errorf("converted_in %v", got)
	}
}

func TestSessionSplitLine(t *testing.T) {
	cases := []struct {
		name  string
		split *analysis.SessionSplit
		want  string
	}{
		{"no split is no line", nil, ""},
		{"no converters is no line", &analysis.SessionSplit{}, ""},
		{"shares and the later ones' median", &analysis.SessionSplit{First: 1, Later: 3, LaterMedianSecs: 2.4 * 86400},
			"converted in their first session: 25% · later: 75% (median 2d10h later)"},
		{"nobody later has no median", &analysis.SessionSplit{First: 4},
			"converted in their first session: 100% · later: 0%"},
	}
	for _, c := range cases {
		if got := SessionSplitLine(c.split); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
