package report

import (
	"fmt"
	"math"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// The formatters below are the one rendering of each kind of number, for
// the CLI and the explorer alike; a ...Narrow variant says the same in
// fewer columns, for tight table columns.

// Percent renders a fraction as a percentage with one decimal: 0.125 is
// "12.5%".
func Percent(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// PercentNarrow renders a fraction as a whole percentage: 0.126 is "13%".
func PercentNarrow(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// CI renders a confidence interval of fractions as "low%-high%".
func CI(c [2]float64) string { return Percent(c[0]) + "-" + Percent(c[1]) }

// CINarrow renders a confidence interval without the percent signs:
// "48.8-54.9".
func CINarrow(c [2]float64) string { return fmt.Sprintf("%.1f-%.1f", 100*c[0], 100*c[1]) }

// pFloor is the smallest p-value shown as a number. The z-test's normal
// approximation says nothing meaningful that far out, so anything below
// reads as the bound.
const pFloor = 1e-16

// PValue renders a p-value with three significant digits, and those below
// pFloor as the bound "<1e-16".
func PValue(p float64) string {
	if p < pFloor {
		return "<1e-16"
	}
	return fmt.Sprintf("%.3g", p)
}

// PValueNarrow renders a p-value in at most six columns: three decimals,
// one significant digit below 0.001 ("2e-05"), or the bound "<1e-16".
func PValueNarrow(p float64) string {
	switch {
	case p < pFloor:
		return "<1e-16"
	case p < 0.001:
		return fmt.Sprintf("%.0e", p)
	}
	return fmt.Sprintf("%.3f", p)
}

// PValueLabel renders a p-value as a label: "p=0.0123", or "p<1e-16" for
// the bound.
func PValueLabel(p float64) string {
	if p < pFloor {
		return "p" + PValue(p)
	}
	return "p=" + PValue(p)
}

// Lift renders a lift ratio as "1.23x", "inf" when nobody without the
// event converts, and "-" when it is undefined (NaN).
func Lift(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case math.IsInf(x, 1):
		return "inf"
	}
	return fmt.Sprintf("%.2fx", x)
}

// LiftNarrow renders a lift in at most six columns for lifts below 10^5:
// whole from 100 up ("123x"), and infinity as "∞".
func LiftNarrow(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "∞"
	case x >= 100:
		return fmt.Sprintf("%.0fx", x)
	}
	return Lift(x)
}

// SegmentLabel names a breakdown segment, "(none)" for users without a
// value of the property.
func SegmentLabel(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

// UnitName is what a funnel counts, as a plural noun: "users" or "sessions".
func UnitName(u spec.Unit) string { return u.String() }

// finiteOrNil returns &x, or nil for NaN and infinities, which JSON cannot hold.
func finiteOrNil(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
