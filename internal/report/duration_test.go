package report

import (
	"math"
	"testing"
)

func TestDurationsRenderInAtMostTwoUnits(t *testing.T) {
	const day = 86400.0
	cases := []struct {
		name string
		secs float64
		want string
	}{
		{"zero is 0s", 0, "0s"},
		{"under a second rounds to it", 0.4, "0s"},
		{"seconds round to the second", 137.4, "2m17s"},
		{"a whole minute has no seconds", 60, "1m"},
		{"under an hour stays exact", 3599, "59m59s"},
		{"a whole hour has no minutes", 3600, "1h"},
		{"hours drop the seconds", 10*3600 + 5*60 + 52, "10h6m"},
		{"hours with two-digit minutes", 10*3600 + 36*60, "10h36m"},
		{"just under a day rounds up to it", 86399, "1d"},
		{"a day less twenty seconds is a day", day - 20, "1d"},
		{"days drop the minutes", 91*3600 + 7*60 + 39, "3d19h"},
		{"the CLI's and the explorer's median alike", 1.8 * day, "1d19h"},
		{"whole days", 2*day + 20*60, "2d"},
		{"two-digit days and hours", 12*day + 19*3600, "12d19h"},
		{"half past the hour keeps its minutes", 10*3600 + 30*60, "10h30m"},
	}
	for _, c := range cases {
		if got := Duration(c.secs); got != c.want {
			t.Errorf("%s: Duration(%v) = %q, want %q", c.name, c.secs, got, c.want)
		}
	}
}

func TestDurationSpanLabelsHistogramBuckets(t *testing.T) {
	cases := []struct {
		name     string
		from, to float64
		want     string
	}{
		{"the first bucket is below its end", 0, 60, "< 1m"},
		{"a middle bucket is from-to", 60, 300, "1m–5m"},
		{"hours to a day", 6 * 3600, 86400, "6h–1d"},
		{"the last bucket has no end", 7 * 86400, 0, "7d+"},
		{"an infinite end is open too", 3 * 86400, math.Inf(1), "3d+"},
	}
	for _, c := range cases {
		if got := DurationSpan(c.from, c.to); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
