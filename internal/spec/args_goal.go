package spec

import "time"

// defaultModel is --model's default. Unlike the spec's other zero fields
// the zero Model is not a default but FirstTouch, so --model first is
// written out.
const defaultModel = LastTouch

// DriversArgs renders d as the flags of funnelscope drivers. A MinUsers
// of zero or below is left out, as the default it means.
func DriversArgs(d Drivers) []string {
	a := args{"--goal", d.Goal.String()}
	if d.MinUsers > 0 {
		a.count("--min-users", d.MinUsers, DefaultMinUsers)
	}
	a.filters(d.Where, d.From, d.To, time.UTC)
	return a
}

// MicroArgs renders m as the flags of funnelscope micro. A zero
// SessionGap is left out, as the default it means.
func MicroArgs(m Micro) []string {
	a := args{"--goal", m.Goal.String()}
	a.duration("--session-gap", m.SessionGap, defaultSessionGap)
	a.filters(m.Where, m.From, m.To, time.UTC)
	return a
}

// AttributionArgs renders at as the flags of funnelscope attribution.
// Zero Lookback and HalfLife are left out, as the defaults they mean; any
// negative Lookback is --lookback none. The half-life is given whenever it
// is not the default, even for models that do not read it, so that the
// spec comes back whole.
func AttributionArgs(at Attribution) []string {
	a := args{"--goal", at.Goal.String(), "--touch", at.Touch}
	if at.Model != defaultModel {
		a.add("--model", at.Model.String())
	}
	if at.Lookback < 0 {
		a.add("--lookback", "none")
	}
	a.duration("--lookback", at.Lookback, DefaultLookback)
	a.duration("--half-life", at.HalfLife, DefaultHalfLife)
	a.filters(at.Where, at.From, at.To, time.UTC)
	return a
}
