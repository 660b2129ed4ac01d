package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// DriversHeading is the line the text table starts with: how many users
// convert.
func DriversHeading(res *analysis.DriversResult) string {
	return fmt.Sprintf("goal %s: %d of %d users convert (%s)\n", textsafe.Display(res.Goal), res.Converters, res.Users,
		PercentOf(res.Converters, res.Users))
}

// DriversTable is the table of a drivers analysis, one row per event in
// the result's order.
func DriversTable(res *analysis.DriversResult) Table {
	t := Table{
		Headers: []string{"event", "with", "converted", "rate", "95% CI", "without", "converted", "rate", "95% CI",
			"lift", "p-value", "median to goal", "note"},
		RightAlign: []bool{false, true, true, true, false, true, true, true, false, true, true, true, false},
	}
	for _, d := range res.Drivers {
		note, median := "", "-"
		if d.LowSupport {
			note = fmt.Sprintf("few users (< %d)", res.MinUsers)
		}
		if d.WithConverted > 0 {
			median = Duration(d.MedianSeconds)
		}
		t.Rows = append(t.Rows, []string{d.Event, strconv.Itoa(d.With), strconv.Itoa(d.WithConverted), Percent(d.PWith),
			CI(d.CIWith), strconv.Itoa(d.Without), strconv.Itoa(d.WithoutConverted), Percent(d.PWithout), CI(d.CIWithout),
			Lift(d.Lift), PValue(d.PValue), median, note})
	}
	return t
}

type driverJSON struct {
	Event            string     `json:"event"`
	With             int        `json:"with"`
	WithConverted    int        `json:"with_converted"`
	Without          int        `json:"without"`
	WithoutConverted int        `json:"without_converted"`
	PWith            float64    `json:"p_with"`
	PWithout         float64    `json:"p_without"`
	CIWith           [2]float64 `json:"ci95_with"`
	CIWithout        [2]float64 `json:"ci95_without"`
	Lift             *float64   `json:"lift"` // null when infinite or undefined
	LiftInfinite     bool       `json:"lift_infinite,omitempty"`
	PValue           float64    `json:"p_value"`
	MedianSeconds    *float64   `json:"median_seconds_to_goal"` // null without converters with X
	LowSupport       bool       `json:"low_support"`
}

type driversJSON struct {
	Goal       string       `json:"goal"`
	Users      int          `json:"users"`
	Converters int          `json:"converters"`
	MinUsers   int          `json:"min_users"`
	Drivers    []driverJSON `json:"drivers"`
}

// DriversJSON is the value the CLI writes for --format json. Lifts and
// medians JSON cannot hold (infinite, undefined) are null.
func DriversJSON(res *analysis.DriversResult) any {
	out := driversJSON{Goal: res.Goal, Users: res.Users, Converters: res.Converters, MinUsers: res.MinUsers,
		Drivers: make([]driverJSON, 0, len(res.Drivers))}
	for _, d := range res.Drivers {
		j := driverJSON{Event: d.Event, With: d.With, WithConverted: d.WithConverted, Without: d.Without,
			WithoutConverted: d.WithoutConverted, PWith: d.PWith, PWithout: d.PWithout, CIWith: d.CIWith,
			CIWithout: d.CIWithout, Lift: finiteOrNil(d.Lift), LiftInfinite: math.IsInf(d.Lift, 1),
			PValue: d.PValue, LowSupport: d.LowSupport}
		if d.WithConverted > 0 {
			j.MedianSeconds = finiteOrNil(d.MedianSeconds)
		}
		out.Drivers = append(out.Drivers, j)
	}
	return out
}
