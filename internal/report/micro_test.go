package report

import (
	"math"
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
)

func TestMicroTable(t *testing.T) {
	headers := []string{"event", "events", "users", "per user", "sessions", "per session", "per conversion", ""}
	res := &analysis.MicroResult{Goal: "buy", Users: 10, Sessions: 20, Conversions: 4, Converters: 3, Events: []analysis.MicroEvent{
		{Event: "view", Events: 30, Users: 10, Sessions: 18, PerUser: 1, PerSession: 0.9, PerConversion: 7.5},
		{Event: "buy", Events: 4, Users: 3, Sessions: 4, PerUser: 0.3, PerSession: 0.2, PerConversion: 1, Goal: true},
	}}
	none := &analysis.MicroResult{Goal: "buy", Events: []analysis.MicroEvent{{Event: "view", Events: 1, PerConversion: math.NaN()}}}
	cases := []struct {
		name string
		res  *analysis.MicroResult
		rows int
		at   int
		row  []string
	}{
		{"an event shows its ratio with two decimals", res, 2, 0, []string{"view", "30", "10", "100.0%", "18", "90.0%", "7.50", ""}},
		{"the goal's row is marked", res, 2, 1, []string{"buy", "4", "3", "30.0%", "4", "20.0%", "1.00", "goal"}},
		{"without conversions the ratio is a dash", none, 1, 0, []string{"view", "1", "0", "0.0%", "0", "0.0%", "-", ""}},
	}
	for _, c := range cases {
		checkTable(t, c.name, MicroTable(c.res), headers, c.rows, c.at, c.row)
	}
	if got, want := MicroHeading(res), "goal buy: 4 conversions by 3 of 10 users, in 20 sessions\n"; got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	if e := jsonOf(t, MicroJSON(none))["events"].([]any)[0].(map[string]any); e["micro_to_macro"] != nil {
		t.Errorf("NaN ratio in JSON: %v", e)
	}
}
