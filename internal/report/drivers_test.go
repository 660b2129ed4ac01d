package report

import (
	"math"
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
)

func driversResult() *analysis.DriversResult {
	return &analysis.DriversResult{Goal: "purchase", Users: 200, Converters: 20, MinUsers: 30, Drivers: []analysis.Driver{
		{Event: "cart", With: 50, WithConverted: 15, Without: 150, WithoutConverted: 5, PWith: 0.3, PWithout: 1.0 / 30,
			CIWith: [2]float64{0.2, 0.4}, CIWithout: [2]float64{0.01, 0.07}, Lift: 9, PValue: 1e-20, MedianSeconds: 0},
		{Event: "chat", With: 10, WithConverted: 2, Without: 190, PWith: 0.2, Lift: math.Inf(1), PValue: 0.5,
			MedianSeconds: 61, LowSupport: true},
		{Event: "scroll", With: 200, Lift: math.NaN(), PValue: 1},
	}}
}

func TestDriversTable(t *testing.T) {
	headers := []string{"event", "with", "converted", "rate", "95% CI", "without", "converted", "rate", "95% CI",
		"lift", "p-value", "median to goal", "note"}
	res := driversResult()
	cases := []struct {
		name string
		at   int
		row  []string
	}{
		{"a median of 0 with converters is 0s, a tiny p-value a bound", 0,
			[]string{"cart", "50", "15", "30.0%", "20.0%-40.0%", "150", "5", "3.3%", "1.0%-7.0%", "9.00x", "<1e-16", "0s", ""}},
		{"an infinite lift is inf, few users are noted", 1,
			[]string{"chat", "10", "2", "20.0%", "0.0%-0.0%", "190", "0", "0.0%", "0.0%-0.0%", "inf", "0.5", "1m1s", "few users (< 30)"}},
		{"an undefined lift and no converters are dashes", 2,
			[]string{"scroll", "200", "0", "0.0%", "0.0%-0.0%", "0", "0", "0.0%", "0.0%-0.0%", "-", "1", "-", ""}},
	}
	for _, c := range cases {
		checkTable(t, c.name, DriversTable(res), headers, 3, c.at, c.row)
	}
}

func TestDriversHeadingSurvivesNoUsers(t *testing.T) {
	for _, c := range []struct {
		res  *analysis.DriversResult
		want string
	}{
		{driversResult(), "goal purchase: 20 of 200 users convert (10.0%)\n"},
		{&analysis.DriversResult{Goal: "x"}, "goal x: 0 of 0 users convert (0.0%)\n"},
	} {
		if got := DriversHeading(c.res); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestDriversJSONNullsLiftsJSONCannotHold(t *testing.T) {
	ds := jsonOf(t, DriversJSON(driversResult()))["drivers"].([]any)
	chat, scroll := ds[1].(map[string]any), ds[2].(map[string]any)
	if chat["lift"] != nil || chat["lift_infinite"] != true {
		t.Errorf("infinite lift: %v", chat)
	}
	if scroll["lift"] != nil || scroll["lift_infinite"] != nil || scroll["median_seconds_to_goal"] != nil {
		t.Errorf("undefined lift: %v", scroll)
	}
}
