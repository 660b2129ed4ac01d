package ingest

import (
	"strings"
	"testing"
)

// The expected values below were computed independently (Python's datetime),
// not with the code under test.
const (
	mar1at10 = 1709287200000000 // 2024-03-01T10:00:00Z in µs
	oct1     = 1569888000000000 // 2019-10-01T00:00:00Z in µs
)

func TestParseTimeReadsEveryTimestampFormIntoUTCMicroseconds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		unit TimeUnit
		want int64
	}{
		// RFC 3339 and its zones.
		{"RFC 3339 with Z", "2024-03-01T10:00:00Z", UnitAuto, mar1at10},
		{"RFC 3339 with lower-case t and z", "2024-03-01t10:00:00z", UnitAuto, mar1at10},
		{"RFC 3339 with +02:00 is two hours earlier in UTC", "2024-03-01T10:00:00+02:00", UnitAuto, 1709280000000000},
		{"RFC 3339 with -0530 is five and a half hours later in UTC", "2024-03-01T10:00:00-0530", UnitAuto, 1709307000000000},
		{"RFC 3339 with -05:30", "2024-03-01T10:00:00-05:30", UnitAuto, 1709307000000000},
		{"RFC 3339 with +05:45", "2024-03-01T10:00:00+05:45", UnitAuto, 1709266500000000},
		{"RFC 3339 with +00:00", "2024-03-01T10:00:00+00:00", UnitAuto, mar1at10},
		{"an hour-only offset +02", "2024-03-01T10:00:00+02", UnitAuto, 1709280000000000},
		{"no zone means UTC", "2024-03-01T10:00:00", UnitAuto, mar1at10},
		{"minutes without seconds", "2024-03-01T10:00Z", UnitAuto, mar1at10},

		// The space-separated forms exports use.
		{"YYYY-MM-DD HH:MM:SS UTC (REES46)", "2019-10-01 00:00:00 UTC", UnitAuto, oct1},
		{"YYYY-MM-DD HH:MM:SS GMT", "2019-10-01 00:00:00 GMT", UnitAuto, oct1},
		{"YYYY-MM-DD HH:MM:SS without a zone", "2019-10-01 00:00:00", UnitAuto, oct1},
		{"YYYY-MM-DD HH:MM:SS+00:00 UTC (BigQuery)", "2019-10-01 00:00:00+00:00 UTC", UnitAuto, oct1},
		{"YYYY-MM-DD HH:MM:SS with a spaced offset", "2024-03-01 10:00:00 +02:00", UnitAuto, 1709280000000000},
		{"surrounding white space is ignored", "  2019-10-01 00:00:00 UTC\t", UnitAuto, oct1},

		// Fractional seconds.
		{"3 fractional digits are milliseconds", "2024-03-01T10:00:00.123Z", UnitAuto, mar1at10 + 123000},
		{"6 fractional digits are microseconds", "2024-03-01T10:00:00.123456Z", UnitAuto, mar1at10 + 123456},
		{"9 fractional digits are cut to microseconds", "2024-03-01T10:00:00.123456789Z", UnitAuto, mar1at10 + 123456},
		{"9 fractional digits round down, not to nearest", "2024-03-01T10:00:00.999999999Z", UnitAuto, mar1at10 + 999999},
		{"1 fractional digit", "2024-03-01T10:00:00.5Z", UnitAuto, mar1at10 + 500000},
		{"a comma as decimal separator", "2024-03-01T10:00:00,25Z", UnitAuto, mar1at10 + 250000},
		{"fraction and offset together", "2024-03-01T10:00:00.123+02:00", UnitAuto, 1709280000000000 + 123000},
		{"fraction with a space format", "1999-12-31 23:59:59.999999 UTC", UnitAuto, 946684799999999},

		// Bare dates.
		{"a bare date is its midnight UTC", "2019-10-01", UnitAuto, oct1},
		{"29 February of a leap year", "2024-02-29", UnitAuto, 1709164800000000},
		{"29 February 2000 (divisible by 400)", "2000-02-29", UnitAuto, 951782400000000},
		{"a time before the epoch is negative", "1969-12-31T23:59:59Z", UnitAuto, -1000000},

		// Epoch numbers, unit by magnitude.
		{"epoch seconds", "1709287200", UnitAuto, mar1at10},
		{"epoch milliseconds", "1709287200123", UnitAuto, mar1at10 + 123000},
		{"epoch microseconds (GA4)", "1709287200123456", UnitAuto, mar1at10 + 123456},
		{"epoch nanoseconds", "1709287200123456789", UnitAuto, mar1at10 + 123456},
		{"zero is the epoch", "0", UnitAuto, 0},
		{"a small number is seconds", "86400", UnitAuto, 86400000000},
		{"the largest seconds value", "99999999999", UnitAuto, 99999999999000000},
		{"1e11 is already milliseconds", "100000000000", UnitAuto, 100000000000000},
		{"negative epoch seconds", "-86400", UnitAuto, -86400000000},
		{"decimal epoch seconds", "1709287200.5", UnitAuto, mar1at10 + 500000},
		{"decimal epoch seconds with microseconds", "1709287200.25", UnitAuto, mar1at10 + 250000},
		{"decimal epoch milliseconds", "1709287200123.5", UnitAuto, mar1at10 + 123500},

		// Explicit units override the magnitude.
		{"seconds unit", "5", UnitSeconds, 5000000},
		{"milliseconds unit on a seconds-sized number", "1709287200", UnitMillis, 1709287200000},
		{"microseconds unit", "1709287200", UnitMicros, 1709287200},
		{"nanoseconds unit", "1709287200", UnitNanos, 1709287},
		{"decimal with milliseconds unit", "1.5", UnitMillis, 1500},
		{"decimal with seconds unit", "0.000001", UnitSeconds, 1},
		{"a unit does not change a civil timestamp", "2024-03-01T10:00:00Z", UnitMillis, mar1at10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.in, tt.unit)
			if err != nil {
				t.Fatalf("ParseTime(%q, %d): unexpected error %v", tt.in, tt.unit, err)
			}
			if got != tt.want {
				t.Errorf("ParseTime(%q, %d) = %d, want %d (off by %d µs)", tt.in, tt.unit, got, tt.want, got-tt.want)
			}
		})
	}
}

func TestParseTimeRefusesWhatIsNotATimestamp(t *testing.T) {
	tests := []struct {
		name, in string
		unit     TimeUnit
		wantMsg  string // a part of the error message
	}{
		{"month 13", "2024-13-01", UnitAuto, "date out of range"},
		{"month 0", "2024-00-10", UnitAuto, "date out of range"},
		{"30 February", "2024-02-30", UnitAuto, "date out of range"},
		{"29 February of a common year", "2023-02-29", UnitAuto, "date out of range"},
		{"29 February 1900 (divisible by 100)", "1900-02-29", UnitAuto, "date out of range"},
		{"31 April", "2024-04-31T00:00:00Z", UnitAuto, "date out of range"},
		{"day 0", "2024-01-00", UnitAuto, "date out of range"},
		{"hour 24", "2024-01-01T24:00:00Z", UnitAuto, "HH:MM"},
		{"minute 60", "2024-01-01T10:60:00Z", UnitAuto, "HH:MM"},
		{"second 61", "2024-01-01T10:00:61Z", UnitAuto, "seconds"},
		{"an unknown zone name", "2024-01-01 10:00:00 PST", UnitAuto, "time zone"},
		{"an offset beyond 18 hours", "2024-01-01T10:00:00+19:00", UnitAuto, "time zone"},
		{"trailing garbage", "2024-01-01T10:00:00Zjunk", UnitAuto, "time zone"},
		{"a slash date", "2024/01/01", UnitAuto, "unrecognised timestamp"},
		{"letters in the date", "2024-0a-01", UnitAuto, "YYYY-MM-DD"},
		{"garbage", "yesterday", UnitAuto, "unrecognised timestamp"},
		{"a number with letters", "12abc", UnitAuto, "unrecognised timestamp"},
		{"NaN", "NaN", UnitAuto, "unrecognised timestamp"},
		{"infinity", "Inf", UnitAuto, "unrecognised timestamp"},
		{"an epoch too large for any unit", "1e300", UnitAuto, "unrecognised timestamp"},
		{"seconds that overflow int64 µs", "9223372036854775", UnitSeconds, "unrecognised timestamp"},
		{"milliseconds that overflow int64 µs", "9223372036854775807", UnitMillis, "unrecognised timestamp"},
		{"empty", "", UnitAuto, "empty timestamp"},
		{"only white space", " \t ", UnitAuto, "empty timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.in, tt.unit)
			if err == nil {
				t.Fatalf("ParseTime(%q) = %d, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("ParseTime(%q) error %q, want it to mention %q", tt.in, err, tt.wantMsg)
			}
		})
	}
}

func TestParseTimeUnitReadsTheFlagSpellings(t *testing.T) {
	tests := []struct {
		in   string
		want TimeUnit
	}{
		{"", UnitAuto}, {"auto", UnitAuto}, {"s", UnitSeconds}, {"seconds", UnitSeconds},
		{"ms", UnitMillis}, {"MS", UnitMillis}, {"us", UnitMicros}, {"µs", UnitMicros},
		{"micros", UnitMicros}, {"ns", UnitNanos}, {"nanoseconds", UnitNanos},
	}
	for _, tt := range tests {
		got, err := ParseTimeUnit(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseTimeUnit(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	if _, err := ParseTimeUnit("hours"); err == nil || !strings.Contains(err.Error(), "auto, s, ms, us or ns") {
		t.Errorf("ParseTimeUnit(%q): want an error listing the units, got %v", "hours", err)
	}
}

func TestParseTimeReadsGACompactDates(t *testing.T) {
	got, err := ParseTime("20160801", UnitAuto)
	if err != nil || got != 1470009600000000 {
		t.Fatalf("20160801: got %d %v, want 2016-08-01 (1470009600000000)", got, err)
	}
	if got, _ := ParseTime("20160801", UnitSeconds); got != 20160801*1e6 {
		t.Fatalf("with an explicit unit it is an epoch: got %d", got)
	}
	if got, _ := ParseTime("20161301", UnitAuto); got != 20161301*1e6 {
		t.Fatalf("not a valid date, so epoch seconds: got %d", got)
	}
}
