package common

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/funnelscope/funnelscope/internal/report"
)

// Count formats a count with thousands separators.
func Count(n int) string { return humanize.Comma(int64(n)) }

// Millis formats a duration for the status line.
func Millis(d time.Duration) string {
	if d < time.Millisecond {
		return "<1ms"
	}
	return d.Round(time.Millisecond).String()
}

// TextTable renders an aligned text table of the given columns; right
// marks numeric columns.
func TextTable(headers []string, rows [][]string, right []bool) string {
	var b strings.Builder
	report.Table{Headers: headers, Rows: rows, RightAlign: right}.Write(&b, "table")
	return strings.TrimRight(b.String(), "\n")
}

// Short formats seconds compactly: 45s, 5m, 1h30m, 2d.
func Short(secs float64) string {
	d := time.Duration(secs * float64(time.Second))
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.Round(time.Second).String()
}

// Span labels a histogram bucket [from, to) seconds.
func Span(from, to float64) string {
	if from <= 0 {
		return "< " + Short(to)
	}
	if math.IsInf(to, 1) || to <= from {
		return Short(from) + "+"
	}
	return Short(from) + "–" + Short(to)
}
