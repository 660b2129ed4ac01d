package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSegmentReadsWhatStringWrites(t *testing.T) {
	cases := map[string]Segment{
		"a plain key and value":            {Key: "device", Value: "mobile"},
		"the segment without the property": {Key: "device", Value: ""},
		"names that need quotes":           {Key: "utm source", Value: "a&b]"},
	}
	for name, s := range cases {
		got, err := ParseSegment(s.String())
		if err != nil || got != s {
			t.Errorf("%s: %q read back as %+v, %v", name, s.String(), got, err)
		}
	}
}

func TestParseSegmentRefusesWhatIsNotOneValue(t *testing.T) {
	for _, s := range []string{"device!=mobile", "device~mob", "device", "=x"} {
		if got, err := ParseSegment(s); err == nil {
			t.Errorf("%q: read as %+v, want an error", s, got)
		}
	}
}

func TestAnEmptySegmentKeepsEveryUnit(t *testing.T) {
	s, err := ParseSegment("")
	if err != nil || !s.IsZero() || s.String() != "" {
		t.Errorf("ParseSegment(\"\") = %+v, %v", s, err)
	}
}

func TestSavedFunnelCarriesTheSegmentFilter(t *testing.T) {
	f := richFunnel()
	f.Segment = Segment{Key: "utm source", Value: "tiktok&teens"}
	data := mustMarshal(t, f)
	got, err := ParseSavedFunnel(data)
	if err != nil || !reflect.DeepEqual(got, f) {
		t.Fatalf("%s read back as %+v, %v", data, got, err)
	}
	// Version 1 readers ignore unknown fields: they must refuse a
	// segmented funnel rather than count every unit.
	if !strings.Contains(string(data), `"version":2,`) {
		t.Errorf("a funnel with a segment is not written as version 2: %s", data)
	}
}

func TestSavedFunnelWithoutASegmentKeepsItsBytesAndReadsAsEveryUnit(t *testing.T) {
	data := mustMarshal(t, richFunnel())
	if strings.Contains(string(data), "segment") || !strings.Contains(string(data), `"version":1,`) {
		t.Errorf("a funnel without a segment is not the version 1 it was: %s", data)
	}
	got, err := ParseSavedFunnel(data)
	if err != nil || !got.Segment.IsZero() {
		t.Errorf("read as segment %+v, %v", got.Segment, err)
	}
}

func TestSavedFunnelRefusesASegmentItCannotRead(t *testing.T) {
	doc := `{"version":1,"kind":"funnel","steps":["a"],"segment":"device~mob"}`
	if f, err := ParseSavedFunnel([]byte(doc)); err == nil {
		t.Errorf("read as %+v, want an error", f)
	}
}
