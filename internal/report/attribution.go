package report

import (
	"fmt"
	"strconv"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// AttributionWindow returns the lookback and half-life an attribution
// ran with: the spec's zero values mean the defaults, as the analysis
// reads them, and a negative lookback means none (returned as 0).
func AttributionWindow(a spec.Attribution) (lookback, halfLife int64) {
	lookback, halfLife = a.Lookback, a.HalfLife
	switch {
	case lookback == 0:
		lookback = spec.DefaultLookback
	case lookback < 0:
		lookback = 0
	}
	if halfLife <= 0 {
		halfLife = spec.DefaultHalfLife
	}
	return lookback, halfLife
}

// AttributionHeading is the line the text table starts with: the
// conversions, the goal and touch property, the model and its window.
func AttributionHeading(a spec.Attribution, res *analysis.AttributionResult) string {
	lookback, halfLife := AttributionWindow(a)
	window := "no lookback limit"
	if lookback > 0 {
		window = spec.FormatDuration(lookback) + " lookback"
	}
	if res.Model == spec.TimeDecay {
		window += ", half-life " + spec.FormatDuration(halfLife)
	}
	return fmt.Sprintf("%d conversions of %s credited to %s, %s model, %s\n", res.Converters,
		textsafe.Display(res.Goal), textsafe.Display(res.Touch),
		res.Model, window)
}

// AttributionTable is the table of an attribution, one row per touch
// value, its first column named after the touch property. The users
// touched and their conversion sit beside the credit: a value with many
// users and no credit is as much a finding as the top one.
func AttributionTable(res *analysis.AttributionResult) Table {
	t := Table{Headers: []string{res.Touch, "credit", "share", "converters touched", "touches", "users touched", "users converting"},
		RightAlign: []bool{false, true, true, true, true, true, true}}
	for _, c := range res.Credits {
		users, conv := "", ""
		if !c.None {
			users, conv = strconv.Itoa(c.Users), Percent(c.UserConversion())
		}
		t.Rows = append(t.Rows, []string{c.Touch, strconv.FormatFloat(c.Credit, 'f', 2, 64), Percent(CreditShare(res, c.Credit)),
			strconv.Itoa(c.Converters), strconv.Itoa(c.Touches), users, conv})
	}
	return t
}

// CreditShare is a credit over the converters, which the credits sum to.
func CreditShare(res *analysis.AttributionResult, credit float64) float64 {
	return credit / float64(max(1, res.Converters))
}

type creditJSON struct {
	Touch      string  `json:"touch"`
	Credit     float64 `json:"credit"`
	Share      float64 `json:"share"`
	Converters int     `json:"converters"`
	Touches    int     `json:"touches"`
	// Users touched, how many convert and their share; 0 on the none row.
	Users          int     `json:"users_touched"`
	UsersConverted int     `json:"users_converting"`
	UserConversion float64 `json:"user_conversion"`
	None           bool    `json:"none,omitempty"`
}

type attributionJSON struct {
	Goal            string       `json:"goal"`
	Touch           string       `json:"touch"`
	Model           string       `json:"model"`
	LookbackSeconds *float64     `json:"lookback_seconds"` // null: no limit
	HalfLifeSeconds *float64     `json:"half_life_seconds,omitempty"`
	Converters      int          `json:"converters"`
	Credits         []creditJSON `json:"credits"`
}

// AttributionJSON is the value the CLI writes for --format json. It takes
// the spec as well as the result because the lookback and half-life are
// the spec's.
func AttributionJSON(a spec.Attribution, res *analysis.AttributionResult) any {
	lookback, halfLife := AttributionWindow(a)
	out := attributionJSON{Goal: res.Goal, Touch: res.Touch, Model: res.Model.String(), Converters: res.Converters,
		Credits: make([]creditJSON, 0, len(res.Credits))}
	if lookback > 0 {
		s := float64(lookback) / 1e6
		out.LookbackSeconds = &s
	}
	if res.Model == spec.TimeDecay {
		s := float64(halfLife) / 1e6
		out.HalfLifeSeconds = &s
	}
	for _, c := range res.Credits {
		out.Credits = append(out.Credits, creditJSON{c.Touch, c.Credit, CreditShare(res, c.Credit), c.Converters, c.Touches,
			c.Users, c.UsersConverted, c.UserConversion(), c.None})
	}
	return out
}
