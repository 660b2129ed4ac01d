package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseStepsReadsNamesConditionsAndQuotes(t *testing.T) {
	cases := []struct {
		in   string
		want []Step
	}{
		{"a,b,c", []Step{{Name: "a"}, {Name: "b"}, {Name: "c"}}},
		{" view_item , add_to_cart ", []Step{{Name: "view_item"}, {Name: "add_to_cart"}}},
		{"purchase[device=mobile&value!=0]", []Step{{Name: "purchase", Conds: []Cond{{"device", Eq, "mobile"}, {"value", Ne, "0"}}}}},
		{`page_view[page~/blog], "a, b [x]"`, []Step{{Name: "page_view", Conds: []Cond{{"page", Contains, "/blog"}}}, {Name: "a, b [x]"}}},
		{`x["utm source"="a&b"]`, []Step{{Name: "x", Conds: []Cond{{"utm source", Eq, "a&b"}}}}},
	}
	for _, c := range cases {
		got, err := ParseSteps(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v want %+v", c.in, got, c.want)
		}
		// Printing and parsing again gives the same steps.
		var parts []string
		for _, s := range got {
			parts = append(parts, s.String())
		}
		again, err := ParseSteps(strings.Join(parts, ","))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("%q does not round-trip through String: %v %+v", c.in, err, again)
		}
	}
}

func TestParseStepsRejectsBadSyntaxSayingWhere(t *testing.T) {
	for in, want := range map[string]string{
		"a,,b":  "empty step name",
		"a[x]":  "expected =, != or ~",
		"a[x=1": "expected '&' or ']'",
		`"open`: "unterminated quote",
		"a[=1]": "expected a property name",
		"a] b":  "expected ','",
	} {
		_, err := ParseSteps(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error containing %q", in, err, want)
		}
	}
}

func TestParseDurationKnowsDaysAndWeeks(t *testing.T) {
	for in, want := range map[string]int64{"30m": 30 * 60e6, "1h": 3600e6, "7d": 7 * 86400e6, "2w": 14 * 86400e6, "90s": 90e6, "1.5d": 129600e6} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("%q: got %d, %v; want %d", in, got, err, want)
		}
		if back, _ := ParseDuration(FormatDuration(got)); back != got {
			t.Errorf("%q: FormatDuration gives %q", in, FormatDuration(got))
		}
	}
	for _, bad := range []string{"", "7x", "-1d", "d"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestParseCondReadsWhereFilters(t *testing.T) {
	c, err := ParseCond("country!=DE")
	if err != nil || c != (Cond{"country", Ne, "DE"}) {
		t.Fatalf("got %+v %v", c, err)
	}
	if _, err := ParseCond("country"); err == nil {
		t.Fatal("want an error for a filter without operator")
	}
}
