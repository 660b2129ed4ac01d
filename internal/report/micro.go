package report

import (
	"fmt"
	"strconv"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// MicroHeading is the line the text table starts with: the goal's
// conversions, converters, users and sessions.
func MicroHeading(res *analysis.MicroResult) string {
	return fmt.Sprintf("goal %s: %d conversions by %d of %d users, in %d sessions\n", textsafe.Display(res.Goal), res.Conversions,
		res.Converters, res.Users, res.Sessions)
}

// MicroTable is the table of a micro-conversion summary, one row per
// event; the goal's own row is marked "goal" in the last column.
func MicroTable(res *analysis.MicroResult) Table {
	t := Table{Headers: []string{"event", "events", "users", "per user", "sessions", "per session", "per conversion", ""},
		RightAlign: []bool{false, true, true, true, true, true, true, false}}
	for _, e := range res.Events {
		ratio, mark := "-", ""
		if p := finiteOrNil(e.PerConversion); p != nil {
			ratio = strconv.FormatFloat(*p, 'f', 2, 64)
		}
		if e.Goal {
			mark = "goal"
		}
		t.Rows = append(t.Rows, []string{e.Event, strconv.Itoa(e.Events), strconv.Itoa(e.Users), Percent(e.PerUser),
			strconv.Itoa(e.Sessions), Percent(e.PerSession), ratio, mark})
	}
	return t
}

type microEventJSON struct {
	Event        string   `json:"event"`
	Events       int      `json:"events"`
	Users        int      `json:"users"`
	Sessions     int      `json:"sessions"`
	RatePerUser  float64  `json:"rate_per_user"`
	RatePerSess  float64  `json:"rate_per_session"`
	MicroToMacro *float64 `json:"micro_to_macro"` // null without goal events
	Goal         bool     `json:"goal,omitempty"`
}

type microJSON struct {
	Goal        string           `json:"goal"`
	Users       int              `json:"users"`
	Sessions    int              `json:"sessions"`
	Conversions int              `json:"conversions"`
	Converters  int              `json:"converters"`
	Events      []microEventJSON `json:"events"`
}

// MicroJSON is the value the CLI writes for --format json.
func MicroJSON(res *analysis.MicroResult) any {
	out := microJSON{Goal: res.Goal, Users: res.Users, Sessions: res.Sessions, Conversions: res.Conversions,
		Converters: res.Converters, Events: make([]microEventJSON, 0, len(res.Events))}
	for _, e := range res.Events {
		out.Events = append(out.Events, microEventJSON{e.Event, e.Events, e.Users, e.Sessions, e.PerUser,
			e.PerSession, finiteOrNil(e.PerConversion), e.Goal})
	}
	return out
}
