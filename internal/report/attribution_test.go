package report

import (
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestAttributionTable(t *testing.T) {
	headers := []string{"utm_source", "credit", "share", "converters touched", "touches", "users touched", "users converting"}
	res := &analysis.AttributionResult{Goal: "buy", Touch: "utm_source", Model: spec.Linear, Converters: 3, Credits: []analysis.Credit{
		{Touch: "google", Credit: 2.5, Converters: 3, Touches: 7, Users: 8, UsersConverted: 3},
		{Touch: "tiktok", Users: 40},
		{Touch: analysis.NoTouch, None: true, Credit: 0.5, Converters: 1},
	}}
	noConverters := &analysis.AttributionResult{Touch: "utm_source", Credits: []analysis.Credit{{Touch: "x"}}}
	cases := []struct {
		name string
		res  *analysis.AttributionResult
		rows int
		at   int
		row  []string
	}{
		{"credit has two decimals, share is of the converters, users convert in their own share", res, 3, 0,
			[]string{"google", "2.50", "83.3%", "3", "7", "8", "37.5%"}},
		{"a value touching users but no converter shows them", res, 3, 1, []string{"tiktok", "0.00", "0.0%", "0", "0", "40", "0.0%"}},
		{"converters without touches have their row, no users touched", res, 3, 2, []string{analysis.NoTouch, "0.50", "16.7%", "1", "0", "", ""}},
		{"no converters is no division by zero", noConverters, 1, 0, []string{"x", "0.00", "0.0%", "0", "0", "0", "0.0%"}},
	}
	for _, c := range cases {
		checkTable(t, c.name, AttributionTable(c.res), headers, c.rows, c.at, c.row)
	}
}

func TestAttributionHeadingAndJSONReadZeroWindowsAsTheDefaults(t *testing.T) {
	res := &analysis.AttributionResult{Goal: "buy", Touch: "utm_source", Model: spec.TimeDecay, Converters: 3}
	cases := []struct {
		name               string
		a                  spec.Attribution
		heading            string
		lookback, halfLife any
	}{
		{"zero is the default", spec.Attribution{Model: spec.TimeDecay},
			"3 conversions of buy credited to utm_source, time-decay model, 30d lookback, half-life 1w\n", 2592000.0, 604800.0},
		{"no lookback", spec.Attribution{Model: spec.TimeDecay, Lookback: spec.NoLookback, HalfLife: 3600e6},
			"3 conversions of buy credited to utm_source, time-decay model, no lookback limit, half-life 1h\n", nil, 3600.0},
	}
	for _, c := range cases {
		if got := AttributionHeading(c.a, res); got != c.heading {
			t.Errorf("%s: heading %q, want %q", c.name, got, c.heading)
		}
		m := jsonOf(t, AttributionJSON(c.a, res))
		if m["lookback_seconds"] != c.lookback || m["half_life_seconds"] != c.halfLife {
			t.Errorf("%s: JSON %v", c.name, m)
		}
	}
	res.Model = spec.LastTouch
	if _, ok := jsonOf(t, AttributionJSON(spec.Attribution{}, res))["half_life_seconds"]; ok {
		t.Error("a model without decay has no half-life in JSON")
	}
}

func TestAttributionJSONGivesUsersTouchedAndTheirConversion(t *testing.T) {
	res := &analysis.AttributionResult{Touch: "utm_source", Converters: 1,
		Credits: []analysis.Credit{{Touch: "google", Credit: 1, Converters: 1, Touches: 1, Users: 4, UsersConverted: 1}}}
	c := jsonOf(t, AttributionJSON(spec.Attribution{}, res))["credits"].([]any)[0].(map[string]any)
	if c["users_touched"] != 4.0 || c["users_converting"] != 1.0 || c["user_conversion"] != 0.25 {
		t.Errorf("credit JSON %v", c)
	}
}
