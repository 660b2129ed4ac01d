package spec

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Interval is the length of one trends period.
type Interval int

// Trends intervals.
const (
	Day  Interval = iota // calendar days, from midnight
	Week                 // calendar weeks, from Monday midnight
)

func (i Interval) String() string {
	if i == Week {
		return "week"
	}
	return "day"
}

// ParseInterval reads day (daily, d) or week (weekly, w).
func ParseInterval(s string) (Interval, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "day", "daily", "d":
		return Day, nil
	case "week", "weekly", "w":
		return Week, nil
	}
	return 0, fmt.Errorf("interval %q: use day or week", s)
}

// Baseline settings of Trends.
const (
	DefaultBaseline = 8  // previous periods in the band when Baseline is 0
	AllBaseline     = -1 // Baseline value: every previous period
	MinBaseline     = 3  // previous periods a band needs
)

// Trends is a funnel's conversion per period of the unit's first step-1
// event (docs/semantics.md, "Trends"), with a baseline band of mean ±
// 2 standard deviations of the previous periods' rates.
type Trends struct {
	// Funnel is the funnel whose conversion (last step over first) is
	// tracked; every option applies (window, order, count, exclusions,
	// where, from/to). By and Top are ignored.
	Funnel   Funnel
	Interval Interval
	// Location is the time zone whose calendar cuts the periods; nil
	// means UTC.
	Location *time.Location
	// Baseline is how many of the latest previous periods with entries
	// make a period's band: 0 means DefaultBaseline, AllBaseline all of
	// them. Periods without entries never count.
	Baseline int
	// Lines asks for lines beside the overall rate: one per step or one
	// per segment of By (docs/semantics.md, "Trends").
	Lines Lines
	// By is the property whose segments SegmentLines draws; Top the
	// segments kept before the rest is summed as "(other)" (0 means
	// DefaultTrendTop).
	By  string
	Top int
}

// Lines says which lines a trend computes beside the overall rate.
type Lines int

// Trend lines.
const (
	OverallLine  Lines = iota // the funnel's conversion alone
	StepLines                 // each step's conversion from the previous step
	SegmentLines              // the funnel's conversion per segment of By
)

// DefaultTrendTop is how many segments a trend draws before "(other)":
// more lines than that cannot be told apart in a terminal chart.
const DefaultTrendTop = 4

func (l Lines) String() string {
	switch l {
	case StepLines:
		return "per step"
	case SegmentLines:
		return "per segment"
	}
	return "overall"
}

// Flag is l as --lines reads it: overall, steps or segments.
func (l Lines) Flag() string {
	switch l {
	case StepLines:
		return "steps"
	case SegmentLines:
		return "segments"
	}
	return "overall"
}

// ParseLines reads --lines: overall, steps or segments (singulars too).
func ParseLines(s string) (Lines, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "overall":
		return OverallLine, nil
	case "steps", "step":
		return StepLines, nil
	case "segments", "segment":
		return SegmentLines, nil
	}
	return 0, fmt.Errorf("lines %q: use overall, steps or segments", s)
}

// ParseZone reads a time zone: an IANA name (Europe/Berlin), UTC, or a
// fixed offset (+02:00, -0530, UTC+2). "" is UTC.
func ParseZone(s string) (*time.Location, error) {
	s = strings.TrimSpace(s)
	switch strings.ToUpper(s) {
	case "", "UTC", "Z", "GMT":
		return time.UTC, nil
	}
	if off, ok := parseOffset(s); ok {
		name := s
		if off == 0 {
			return time.UTC, nil
		}
		return time.FixedZone(name, off), nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: not known; use an IANA name such as Europe/Berlin or America/New_York, UTC, or an offset such as +02:00", s)
	}
	return loc, nil
}

// parseOffset reads ±H, ±HH, ±HHMM or ±HH:MM, optionally after UTC or GMT,
// as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	u := strings.ToUpper(s)
	if strings.HasPrefix(u, "UTC") || strings.HasPrefix(u, "GMT") {
		s = s[3:]
	}
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	sign, body := 1, s[1:]
	if s[0] == '-' {
		sign = -1
	}
	h, m := body, "0"
	if i := strings.IndexByte(body, ':'); i >= 0 {
		h, m = body[:i], body[i+1:]
	} else if len(body) == 4 {
		h, m = body[:2], body[2:]
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(h) > 2 || len(m) > 2 || hh > 14 || mm > 59 {
		return 0, false
	}
	return sign * (hh*3600 + mm*60), true
}
