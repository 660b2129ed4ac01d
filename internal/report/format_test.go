package report

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

func TestNumberFormattersRenderEdgeCases(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		{"a fraction is a percentage with one decimal", Percent(0.1234), "12.3%"},
		{"zero is 0.0%", Percent(0), "0.0%"},
		{"a narrow percentage is whole", PercentNarrow(0.126), "13%"},
		{"a narrow 100% stays 100%", PercentNarrow(1), "100%"},
		{"an interval is low-high", CI([2]float64{0.05, 0.125}), "5.0%-12.5%"},
		{"a narrow interval drops the percent signs", CINarrow([2]float64{0.488, 0.549}), "48.8-54.9"},
		{"a p-value has three significant digits", PValue(0.012345), "0.0123"},
		{"a small p-value keeps three digits", PValue(3.83e-10), "3.83e-10"},
		{"a p-value of 0 is a bound", PValue(0), "<1e-16"},
		{"a tiny p-value is a bound", PValue(1e-20), "<1e-16"},
		{"a narrow p-value has three decimals", PValueNarrow(0.012345), "0.012"},
		{"a narrow p-value below 0.001 has one digit", PValueNarrow(2.3e-5), "2e-05"},
		{"a narrow tiny p-value is the bound", PValueNarrow(1e-20), "<1e-16"},
		{"a p-value label has an equals sign", PValueLabel(0.00123), "p=0.00123"},
		{"a bound label does not", PValueLabel(1e-30), "p<1e-16"},
		{"a lift has two decimals and an x", Lift(2.5), "2.50x"},
		{"a big lift keeps its decimals", Lift(123.456), "123.46x"},
		{"an infinite lift is inf", Lift(math.Inf(1)), "inf"},
		{"an undefined lift is a dash", Lift(math.NaN()), "-"},
		{"a narrow lift is whole from 100", LiftNarrow(123.456), "123x"},
		{"a narrow small lift keeps its decimals", LiftNarrow(2.5), "2.50x"},
		{"a narrow infinite lift is the sign", LiftNarrow(math.Inf(1)), "∞"},
		{"a narrow undefined lift is a dash", LiftNarrow(math.NaN()), "-"},
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
