package report

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

func TestFormattingHelpersRenderEdgeCases(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		{"a fraction is a percentage with one decimal", Pct(0.1234), "12.3%"},
		{"zero is 0.0%", Pct(0), "0.0%"},
		{"zero seconds is a dash", Seconds(0), "-"},
		{"seconds round to the second", Seconds(137.4), "2m17s"},
		{"under an hour stays exact", Seconds(3599), "59m59s"},
		{"hours drop the seconds", Seconds(10*3600 + 5*60 + 52), "10h6m"},
		{"a whole hour", Seconds(3600), "1h0m"},
		{"just under a day rounds up to it", Seconds(86399), "1d"},
		{"days drop the minutes", Seconds(91*3600 + 7*60 + 39), "3d19h"},
		{"whole days", Seconds(2*86400 + 20*60), "2d"},
		{"an interval is low-high", CIRange([2]float64{0.05, 0.125}), "5.0%-12.5%"},
		{"a p-value has three significant digits", PValueText(0.012345), "0.0123"},
		{"a p-value of 0 is a bound", PValueText(0), "<1e-16"},
		{"a tiny p-value is a bound", PValueText(1e-20), "<1e-16"},
		{"a lift has two decimals and an x", LiftText(2.5), "2.50x"},
		{"an infinite lift is inf", LiftText(math.Inf(1)), "inf"},
		{"an undefined lift is a dash", LiftText(math.NaN()), "-"},
		{"an empty segment is (none)", SegmentLabel(""), "(none)"},
		{"a segment keeps its value", SegmentLabel("mobile"), "mobile"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

// checkTable compares t's headers, one row (by index) and its row count.
func checkTable(t *testing.T, name string, got Table, headers []string, rows int, at int, row []string) {
	t.Helper()
	if !reflect.DeepEqual(got.Headers, headers) {
		t.Errorf("%s: headers %q, want %q", name, got.Headers, headers)
	}
	if len(got.RightAlign) != len(got.Headers) {
		t.Errorf("%s: %d alignments for %d headers", name, len(got.RightAlign), len(got.Headers))
	}
	if len(got.Rows) != rows {
		t.Fatalf("%s: %d rows, want %d: %q", name, len(got.Rows), rows, got.Rows)
	}
	if row != nil && !reflect.DeepEqual(got.Rows[at], row) {
		t.Errorf("%s: row %d\n got %q\nwant %q", name, at, got.Rows[at], row)
	}
}

// jsonOf marshals v and reads it back as generic JSON, to check fields by name.
func jsonOf(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
