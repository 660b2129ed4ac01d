package report

import (
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func trendsResult() *analysis.TrendsResult {
	day := func(d int) time.Time { return time.Date(2026, 9, d, 0, 0, 0, 0, time.UTC) }
	return &analysis.TrendsResult{Steps: []string{"view", "buy"}, Interval: spec.Day, Location: time.UTC, Baseline: 8,
		Entered: 30, Converted: 6, Periods: []analysis.TrendPeriod{
			{Start: day(1), End: day(2), Entered: 10, Converted: 2, Rate: 0.2},
			{Start: day(2), End: day(3)},
			{Start: day(3), End: day(4), Entered: 20, Converted: 4, Rate: 0.2, HasBand: true, BandLow: 0.05, BandHigh: 0.1,
				OutsideBand: true, Incomplete: true},
		}}
}

func TestTrendsTable(t *testing.T) {
	headers := []string{"period", "entered", "converted", "rate", "band", "mark"}
	res := trendsResult()
	cases := []struct {
		name    string
		bars    bool
		headers []string
		at      int
		row     []string
	}{
		{"a period without a band has an empty band", false, headers, 0, []string{"2026-09-01", "10", "2", "20.0%", "", ""}},
		{"a period without entries has no rate", false, headers, 1, []string{"2026-09-02", "0", "0", "-", "", ""}},
		{"marks join with a comma", false, headers, 2, []string{"2026-09-03", "20", "4", "20.0%", "5.0%-10.0%", "above band, incomplete"}},
		{"bars add an unnamed last column", true, append(headers, ""), 0,
			[]string{"2026-09-01", "10", "2", "20.0%", "", "", "████████████████████"}},
		{"an empty period has an empty bar", true, append(headers, ""), 1, []string{"2026-09-02", "0", "0", "-", "", "", ""}},
	}
	for _, c := range cases {
		checkTable(t, c.name, TrendsTable(res, c.bars), c.headers, 3, c.at, c.row)
	}
}

func TestTrendsHeadingDrawsTheRatesOrSaysNobodyEntered(t *testing.T) {
	res := trendsResult()
	want := "view -> buy: users converting per day (UTC); band: mean +/- 2 sd of the previous 8 days with entries\nrate █·█\n"
	if got := TrendsHeading(res); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	empty := &analysis.TrendsResult{Steps: []string{"a", "b"}, Unit: spec.Sessions, Interval: spec.Week,
		Location: time.UTC, Baseline: spec.AllBaseline}
	want = "a -> b: sessions converting per week (UTC, from Monday); band: mean +/- 2 sd of all previous weeks with entries\n" +
		"\nno sessions reached the first step\n"
	if got := TrendsHeading(empty); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestSparklineAndBarScaleToTheHighest(t *testing.T) {
	ps := []analysis.TrendPeriod{{Entered: 1, Rate: 0}, {Entered: 1, Rate: 0.5}, {Entered: 1, Rate: 1}, {}}
	if got := Sparkline(ps); got != "▁▅█·" {
		t.Errorf("sparkline %q", got)
	}
	for _, c := range []struct {
		v, top float64
		want   string
	}{{1, 1, "████"}, {0.5, 1, "██"}, {0.1, 1, "▍"}, {0, 1, ""}, {1, 0, ""}} {
		if got := Bar(c.v, c.top, 4); got != c.want {
			t.Errorf("Bar(%v, %v, 4) = %q, want %q", c.v, c.top, got, c.want)
		}
	}
}

func TestTrendsJSONHasNoBaselineCountForAllPeriods(t *testing.T) {
	res := trendsResult()
	res.Baseline = spec.AllBaseline
	m := jsonOf(t, TrendsJSON(res))
	if m["baseline_periods"] != nil || m["unit"] != "users" {
		t.Errorf("got %v", m)
	}
	p := m["periods"].([]any)[0].(map[string]any)
	if p["band_low"] != nil || p["start"] != "2026-09-01T00:00:00Z" {
		t.Errorf("period %v", p)
	}
}
