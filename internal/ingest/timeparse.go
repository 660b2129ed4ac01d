package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// TimeUnit says how to read a bare number as a timestamp.
type TimeUnit int

// Time units; UnitAuto picks one from the number's magnitude.
const (
	UnitAuto TimeUnit = iota
	UnitSeconds
	UnitMillis
	UnitMicros
	UnitNanos
)

// ParseTimeUnit reads the --time-unit flag.
func ParseTimeUnit(s string) (TimeUnit, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return UnitAuto, nil
	case "s", "sec", "seconds":
		return UnitSeconds, nil
	case "ms", "millis", "milliseconds":
		return UnitMillis, nil
	case "us", "µs", "micros", "microseconds":
		return UnitMicros, nil
	case "ns", "nanos", "nanoseconds":
		return UnitNanos, nil
	}
	return 0, fmt.Errorf("unknown time unit %q: use auto, s, ms, us or ns", s)
}

// Epoch magnitudes: a number below 1e11 is seconds (1e11 s is the year
// 5138), below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
const (
	maxSeconds = 1e11
	maxMillis  = 1e14
	maxMicros  = 1e17
)

// ParseTime reads a timestamp in any supported form and returns UTC
// microseconds since the Unix epoch. Supported: RFC 3339 with any offset,
// "YYYY-MM-DD HH:MM:SS[.f]" with optional "Z", " UTC" or offset, a bare
// date, and epoch numbers (integer or decimal) in unit (or by magnitude).
func ParseTime(s string, unit TimeUnit) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty timestamp")
	}
	if c := s[0]; c >= '0' && c <= '9' && len(s) >= 10 && s[4] == '-' {
		return parseCivil(s)
	}
	if us, ok := parseCompactDate(s, unit); ok {
		return us, nil
	}
	if us, ok := parseEpoch(s, unit); ok {
		return us, nil
	}
	return 0, fmt.Errorf("unrecognised timestamp %s: expected RFC 3339, YYYY-MM-DD HH:MM:SS or an epoch number", quoteClipped(s))
}

// parseCompactDate reads GA's YYYYMMDD dates (event_date, date). As epoch
// seconds such a number would fall in 1970-1973, which no real export
// means, so an 8-digit valid date wins unless --time-unit says otherwise.
func parseCompactDate(s string, unit TimeUnit) (int64, bool) {
	if unit != UnitAuto || len(s) != 8 {
		return 0, false
	}
	y, ok1 := digits(s, 0, 4)
	m, ok2 := digits(s, 4, 2)
	d, ok3 := digits(s, 6, 2)
	if !ok1 || !ok2 || !ok3 || y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).UnixMicro(), true
}

func parseEpoch(s string, unit TimeUnit) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return scaleInt(n, unit)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	if unit == UnitAuto {
		unit = unitFor(math.Abs(f))
	}
	mult := map[TimeUnit]float64{UnitSeconds: 1e6, UnitMillis: 1e3, UnitMicros: 1, UnitNanos: 1e-3}[unit]
	v := math.Round(f * mult)
	if math.Abs(v) > 9e18 {
		return 0, false
	}
	return int64(v), true
}

func unitFor(abs float64) TimeUnit {
	switch {
	case abs < maxSeconds:
		return UnitSeconds
	case abs < maxMillis:
		return UnitMillis
	case abs < maxMicros:
		return UnitMicros
	}
	return UnitNanos
}

func scaleInt(n int64, unit TimeUnit) (int64, bool) {
	if unit == UnitAuto {
		a := n
		if a < 0 {
			a = -a
		}
		unit = unitFor(float64(a))
	}
	switch unit {
	case UnitSeconds:
		if n > math.MaxInt64/1_000_000 || n < math.MinInt64/1_000_000 {
			return 0, false
		}
		return n * 1_000_000, true
	case UnitMillis:
		if n > math.MaxInt64/1000 || n < math.MinInt64/1000 {
			return 0, false
		}
		return n * 1000, true
	case UnitMicros:
		return n, true
	}
	return n / 1000, true
}

// parseCivil reads "YYYY-MM-DD", then optionally [T or space]HH:MM[:SS[.f]]
// and a zone. Hand-written because time.Parse needs one layout per variant
// and this runs once per imported row.
func parseCivil(s string) (int64, error) {
	bad := func(why string) (int64, error) {
		return 0, fmt.Errorf("bad timestamp %s: %s", quoteClipped(s), why)
	}
	year, ok1 := digits(s, 0, 4)
	month, ok2 := digits(s, 5, 2)
	day, ok3 := digits(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || s[7] != '-' {
		return bad("expected YYYY-MM-DD")
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return bad("date out of range")
	}
	rest := s[10:]
	var hour, minute, sec, micros int
	if len(rest) > 0 && (rest[0] == 'T' || rest[0] == 't' || rest[0] == ' ') && len(rest) >= 6 && rest[3] == ':' {
		var ok bool
		hour, ok1 = digits(rest, 1, 2)
		minute, ok2 = digits(rest, 4, 2)
		if !ok1 || !ok2 || hour > 23 || minute > 59 {
			return bad("expected HH:MM")
		}
		rest = rest[6:]
		if len(rest) >= 3 && rest[0] == ':' {
			if sec, ok = digits(rest, 1, 2); !ok || sec > 60 {
				return bad("expected seconds")
			}
			rest = rest[3:]
			if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') {
				micros, rest = fraction(rest[1:])
				if micros < 0 {
					return bad("expected fractional seconds")
				}
			}
		}
	}
	offset, ok := zoneOffset(rest)
	if !ok {
		return bad("unrecognised time zone " + quoteClipped(strings.TrimSpace(rest)))
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	return t.UnixMicro() + int64(micros) - int64(offset)*1e6, nil
}

func digits(s string, at, n int) (int, bool) {
	if at+n > len(s) {
		return 0, false
	}
	v := 0
	for i := at; i < at+n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// fraction reads up to 9 fractional digits (more are ignored) and returns
// microseconds, rounded down, and the rest of s; -1 when there is no digit.
func fraction(s string) (int, string) {
	i, v, scale := 0, 0, 100000
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if scale >= 1 {
			v += int(s[i]-'0') * scale
			scale /= 10
		}
		i++
	}
	if i == 0 {
		return -1, s
	}
	return v, s[i:]
}

// zoneOffset reads "", "Z", "UTC", "GMT" (after optional space) or
// ±HH[:MM] / ±HHMM, returning seconds east of UTC.
func zoneOffset(s string) (int, bool) {
	s = strings.TrimLeft(s, " ")
	switch s {
	case "", "Z", "z", "UTC", "GMT", "+00:00 UTC":
		return 0, true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	h, ok := digits(s, 1, 2)
	if !ok {
		return 0, false
	}
	m := 0
	switch rest := s[3:]; {
	case rest == "":
	case len(rest) == 3 && rest[0] == ':':
		m, ok = digits(rest, 1, 2)
	case len(rest) == 2:
		m, ok = digits(rest, 0, 2)
	default:
		ok = false
	}
	if !ok || h > 18 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
