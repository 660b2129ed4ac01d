package report

// The names below are the formatters' former names, kept while ui/ still
// calls them. Delete this file once ui/ uses the new names.

// Pct is Percent.
//
// Deprecated: use Percent.
func Pct(x float64) string { return Percent(x) }

// CIRange is CI.
//
// Deprecated: use CI (or CINarrow).
func CIRange(c [2]float64) string { return CI(c) }

// PValueText is PValue.
//
// Deprecated: use PValue (or PValueLabel, PValueNarrow).
func PValueText(p float64) string { return PValue(p) }

// LiftText is Lift.
//
// Deprecated: use Lift (or LiftNarrow).
func LiftText(x float64) string { return Lift(x) }

// Seconds is Duration, but for 0, which it shows as "-" (the funnel's
// first step and steps nobody reached).
//
// Deprecated: use StepTimes for a funnel step, Duration elsewhere.
func Seconds(s float64) string {
	if s == 0 {
		return "-"
	}
	return Duration(s)
}
