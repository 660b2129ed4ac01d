package report

import (
	"fmt"
	"math"
	"time"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// Pct renders a fraction as a percentage with one decimal: 0.125 is "12.5%".
func Pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// Seconds renders a duration in seconds for people, or "-" for 0, which
// the funnel uses for "nobody converted yet" (step 1, empty steps). Under
// an hour it is exact to the second (2m17s); beyond, the smaller units are
// noise and are dropped: 10h5m, 3d19h.
func Seconds(s float64) string {
	if s == 0 {
		return "-"
	}
	d := time.Duration(s * float64(time.Second)).Round(time.Second)
	const day = 24 * time.Hour
	switch {
	case d >= day:
		d = d.Round(time.Hour)
		if h := d % day / time.Hour; h != 0 {
			return fmt.Sprintf("%dd%dh", d/day, h)
		}
		return fmt.Sprintf("%dd", d/day)
	case d >= time.Hour:
		d = d.Round(time.Minute)
		if d >= day {
			return "1d"
		}
		return fmt.Sprintf("%dh%dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	return d.String()
}

// CIRange renders a confidence interval as "low%-high%".
func CIRange(c [2]float64) string { return fmt.Sprintf("%s-%s", Pct(c[0]), Pct(c[1])) }

// PValueText renders a p-value with three significant digits, and those
// below double precision's reach as the bound "<1e-16".
func PValueText(p float64) string {
	if p < 1e-16 {
		return "<1e-16"
	}
	return fmt.Sprintf("%.3g", p)
}

// LiftText renders a lift ratio as "1.23x", "inf" when nobody without the
// event converts, and "-" when it is undefined (NaN).
func LiftText(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case math.IsInf(x, 1):
		return "inf"
	}
	return fmt.Sprintf("%.2fx", x)
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
func UnitName(u spec.Unit) string {
	if u == spec.Sessions {
		return "sessions"
	}
	return "users"
}

// finiteOrNil returns &x, or nil for NaN and infinities, which JSON cannot hold.
func finiteOrNil(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
