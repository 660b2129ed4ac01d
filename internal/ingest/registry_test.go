package ingest

import (
	"bufio"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestAFormatRegisteredFromItsOwnTestFileIsDetectedAndImported(t *testing.T) {
	data := `{"pipes": "p1|signup|2024-03-01T10:00:00Z|plan=pro"}
{"pipes": "p1|upgrade|1709287260|plan=team|seats=5"}
`
	want := []storedEvent{
		{User: "p1", Name: "signup", Time: us(2024, 3, 1, 10, 0, 0, 0), Props: map[string]string{"plan": "pro"}},
		{User: "p1", Name: "upgrade", Time: us(2024, 3, 1, 10, 1, 0, 0), Props: map[string]string{"plan": "team", "seats": "5"}},
	}
	for _, format := range []string{"auto", "pipes"} {
		st := openTemp(t)
		res, err := importString(t, st, Options{Format: format}, "in", data)
		if err != nil {
			t.Fatalf("--format %s: %v", format, err)
		}
		if res.Format != "pipes" || res.Imported != 2 {
			t.Errorf("--format %s: format %q, %d imported; want pipes, 2 (errors %v)", format, res.Format, res.Imported, res.Errors)
		}
		if got := storedEvents(t, st); !reflect.DeepEqual(got, want) {
			t.Errorf("--format %s: stored\n got %+v\nwant %+v", format, got, want)
		}
	}
	if !slices.Contains(Formats, "pipes") {
		t.Errorf("Formats %q lack the registered format", Formats)
	}
}

func TestFormatsAreUniqueAndListedInTheirDetectionOrder(t *testing.T) {
	// The order fields of the registrations, ascending: the plain text
	// formats, the vendors from the most specific fields to the least, the
	// test-only pipes, and plain JSON for what no vendor claims.
	want := []string{"csv", "tsv", "ga4", "mixpanel", "amplitude", "segment", "posthog", "pipes", "ndjson", "json"}
	if got := formats.names(); !reflect.DeepEqual(got, want) {
		t.Errorf("registry: got %q, want %q", got, want)
	}
	if got := Formats; !reflect.DeepEqual(got, append([]string{"auto"}, want...)) {
		t.Errorf("Formats: got %q, want auto then %q", got, want)
	}
	seen := map[string]bool{}
	for i, f := range formats {
		if seen[f.name] {
			t.Errorf("format %q registered twice", f.name)
		}
		seen[f.name] = true
		if i > 0 && formats[i-1].order >= f.order {
			t.Errorf("format %q (order %d) after %q (order %d)", f.name, f.order, formats[i-1].name, formats[i-1].order)
		}
	}
}

func TestRegisteringATakenNameOrOrderPanicsAndLeavesTheRegistryAlone(t *testing.T) {
	yes := func(*sniffed) bool { return true }
	open := openJSON("x", mapPlain)
	rg := registry{}.with(format{name: "a", order: 1, detect: yes, open: open})
	tests := []struct {
		name string
		f    format
	}{
		{"a name taken", format{name: "a", order: 2, detect: yes, open: open}},
		{"an order taken", format{name: "b", order: 1, detect: yes, open: open}},
		{"the name auto", format{name: "auto", order: 3, detect: yes, open: open}},
		{"no detect function", format{name: "c", order: 4, open: open}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("registering %q (order %d) did not panic", tt.f.name, tt.f.order)
				}
				if got := rg.names(); !reflect.DeepEqual(got, []string{"a"}) {
					t.Errorf("registry now %q, want [a]", got)
				}
			}()
			rg.with(tt.f)
		})
	}
}

func TestContentTwoFormatsAcceptGoesToTheEarlierOne(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"a GA4 row with Amplitude's fields is GA4's",
			`{"event_name":"e","event_timestamp":1,"user_pseudo_id":"u","event_type":"e","event_time":"1","device_id":"d"}`, "ga4"},
		{"a Mixpanel record with PostHog's fields is Mixpanel's",
			`{"event":"e","distinct_id":"u","timestamp":"1","properties":{"distinct_id":"u","time":1}}`, "mixpanel"},
		{"a Segment call with PostHog's fields is Segment's",
			`{"type":"track","event":"e","userId":"u","distinct_id":"u","timestamp":"1"}`, "segment"},
		{"a pipes record with PostHog's fields is PostHog's",
			`{"pipes":"u|e|1","event":"e","distinct_id":"u","timestamp":"1"}`, "posthog"},
		{"a record no vendor claims, one a line, is NDJSON", `{"user":"u","event":"e","time":1}` + "\n", "ndjson"},
		{"an array no vendor claims is JSON", `[{"user":"u","event":"e","time":1}]`, "json"},
		{"an array of a vendor's records is the vendor's", `[{"pipes":"u|e|1"}]`, "pipes"},
		{"a header with more tabs than commas is TSV", "user\tevent\ttime,zone\n", "tsv"},
		{"a header with more semicolons than tabs is CSV", "user;event;time\tzone\n", "csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sniff(bufio.NewReader(strings.NewReader(tt.data)), DefaultMaxField)
			if err != nil {
				t.Fatal(err)
			}
			if f, ok := formats.detect(s); !ok || f.name != tt.want {
				t.Errorf("detected %q (%v), want %q", f.name, ok, tt.want)
			}
		})
	}
}
