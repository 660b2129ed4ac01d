package spec

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// update rewrites the golden files of this package instead of comparing
// with them: go test ./internal/spec -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const hour = int64(3600 * 1e6)

// richFunnel sets every field, with every operator, quoted names, names
// that look like exclusion ranges and instants with microseconds.
func richFunnel() Funnel {
	return Funnel{
		Steps: []Step{
			{Name: "view_item", Conds: []Cond{{"device", Eq, "mobile"}, {"price", Ne, "0"}}},
			{Name: "add to cart, fast", Conds: []Cond{{"page", Contains, "/shop&sale]"}, {"utm source", Eq, ""}}},
			{Name: "signup@2"},
			{Name: "purchase"},
		},
		Window: 36 * hour, Order: AnyOrder, Count: Sessions, SessionGap: 45 * 60e6,
		Exclude: []Exclusion{
			{Event: Step{Name: "refund", Conds: []Cond{{"reason", Contains, "fraud"}}}, To: 3},
			{Event: Step{Name: "support_chat"}},
			{Event: Step{Name: "x@2"}},
			{Event: Step{Name: "x@2"}, To: 2},
		},
		Where: []Cond{{"country", Eq, "DE"}, {"utm_source", Ne, "spam"}, {"page", Contains, " /blog "}},
		From:  time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).UnixMicro(),
		To:    time.Date(2026, 10, 1, 12, 30, 0, 1000, time.UTC).UnixMicro(),
		By:    "device", Top: 5,
	}
}

func TestSavedFunnelRoundTripsEveryField(t *testing.T) {
	cases := map[string]Funnel{"a funnel setting every field": richFunnel()}
	for o := range Order(len(orderNames)) {
		for u := range Unit(len(unitNames)) {
			f := richFunnel()
			f.Order, f.Count = o, u
			cases["order "+o.String()+", count "+u.String()] = f
		}
	}
	before := richFunnel()
	before.From, before.To = time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC).UnixMicro(), 0
	cases["an instant before 1970 and an open end"] = before
	for name, f := range cases {
		got, err := ParseSavedFunnel(mustMarshal(t, f))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, f)
		}
	}
}

func TestSavedFunnelWritesTheDefaultsItMeans(t *testing.T) {
	data := mustMarshal(t, Funnel{Steps: []Step{{Name: "a"}}, Window: -1})
	const doc = `{"version":1,"kind":"funnel","steps":["a"],"window":"1w","order":"sequential","count":"users",` +
		`"session_gap":"30m","exclude":[],"where":[],"from":"","to":"","by":"","top":10}`
	if string(data) != doc {
		t.Errorf("got  %s\nwant %s", data, doc)
	}
	got, err := ParseSavedFunnel(data)
	if err != nil {
		t.Fatal(err)
	}
	want := Funnel{Steps: []Step{{Name: "a"}}, Window: DefaultWindow, SessionGap: defaultSessionGap, Top: defaultTop}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// The golden file pins the bytes of the format: a change to it is a
// change to every saved funnel, and must be deliberate (-update).
func TestSavedFunnelGoldenBytes(t *testing.T) {
	got := mustMarshal(t, richFunnel())
	const path = "testdata/saved_v1.json"
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
		t.Errorf("saved funnel bytes changed (run with -update if deliberate):\n got %s\nwant %s", got, want)
	}
	if f, err := ParseSavedFunnel(want); err != nil || !reflect.DeepEqual(f, richFunnel()) {
		t.Errorf("the golden file reads as %+v, %v", f, err)
	}
}

// The legacy files were written by json.Marshal(spec.Funnel) before the
// format had a version, as the TUI saved funnels then.
func TestSavedFunnelReadsTheFormatOfEarlierReleases(t *testing.T) {
	day := 24 * hour
	cases := map[string]Funnel{
		"testdata/legacy_plain.json": {Steps: []Step{{Name: "view_item"}, {Name: "purchase"}}, Window: DefaultWindow},
		"testdata/legacy_rich.json": {
			Steps: []Step{
				{Name: "view_item", Conds: []Cond{{"device", Eq, "mobile"}, {"price", Ne, "0"}}},
				{Name: "add to cart, fast", Conds: []Cond{{"page", Contains, "/shop"}}},
				{Name: "purchase"},
			},
			Window: 3 * day, Order: AnyOrder, Count: Sessions, SessionGap: 45 * 60e6,
			Exclude: []Exclusion{
				{Event: Step{Name: "refund", Conds: []Cond{{"reason", Contains, "fraud"}}}, To: 2},
				{Event: Step{Name: "support_chat"}},
			},
			Where: []Cond{{"country", Eq, "DE"}, {"utm_source", Ne, "spam"}},
			From:  time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).UnixMicro(),
			To:    time.Date(2026, 10, 1, 12, 30, 0, 0, time.UTC).UnixMicro(),
			By:    "device", Top: 5,
		},
	}
	for path, want := range cases {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseSavedFunnel(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", path, got, want)
		}
	}
}

func TestSavedFunnelIgnoresUnknownFieldsAndReadsOrderedAsSequential(t *testing.T) {
	got, err := ParseSavedFunnel([]byte(`{"version":1,"kind":"funnel","steps":["a","b"],"order":"ordered",
		"note":"kept for later","layout":{"pane":2}}`))
	want := Funnel{Steps: []Step{{Name: "a"}, {Name: "b"}}, Order: Ordered}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, %v; want %+v", got, err, want)
	}
}

func TestSavedFunnelRefusesWhatItCannotReadSayingWhy(t *testing.T) {
	v1 := func(fields string) string { return `{"version":1,"kind":"funnel","steps":["a"]` + fields + `}` }
	cases := []struct{ name, doc, want string }{
		{"a newer version asks for an upgrade", `{"version":3,"kind":"funnel","steps":["a"]}`,
			"saved funnel written by a newer funnelscope (format 3): upgrade"},
		{"version 0 is unknown", `{"version":0,"kind":"funnel","steps":["a"]}`, "unknown format 0"},
		{"strict is not today's order", v1(`,"order":"strict"`), `unknown order "strict" (known: sequential, any)`},
		{"an unknown order", v1(`,"order":"zigzag"`), `unknown order "zigzag"`},
		{"an unknown unit", v1(`,"count":"events"`), `unknown count "events" (known: users, sessions)`},
		{"another kind of analysis", `{"version":1,"kind":"paths","steps":["a"]}`, `kind "paths", want "funnel"`},
		{"no steps", `{"version":1,"kind":"funnel","steps":[]}`, "no steps"},
		{"a step in bad syntax", `{"version":1,"kind":"funnel","steps":["a[x"]}`, `expected =, != or ~`},
		{"a bad exclusion", v1(`,"exclude":["[x=1]@2"]`), `exclusion "[x=1]@2"`},
		{"a bad window", v1(`,"window":"7x"`), `window: duration "7x"`},
		{"a bad date", v1(`,"from":"2026-09-01"`), `from "2026-09-01": expected an RFC 3339 instant`},
		{"a legacy order beyond today's", `{"Steps":[{"Name":"a"}],"Order":2}`, "unknown order 2"},
		{"a legacy operator beyond today's", `{"Steps":[{"Name":"a","Conds":[{"Key":"k","Op":3}]}]}`, `step "a": unknown operator 3`},
		{"a legacy funnel without steps", `{"Window":1}`, "no steps"},
		{"not a funnel at all", `{"steps":["a"]}`, "no version, and not in the format of earlier releases"},
		{"not JSON", `steps: a`, "saved funnel: invalid character"},
	}
	for _, c := range cases {
		_, err := ParseSavedFunnel([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestMarshalSavedFunnelRefusesFunnelsItCouldNotReadBack(t *testing.T) {
	for name, f := range map[string]Funnel{
		"no steps":         {},
		"an unknown order": {Steps: []Step{{Name: "a"}}, Order: Order(len(orderNames))},
		"an unknown unit":  {Steps: []Step{{Name: "a"}}, Count: -1},
	} {
		if _, err := MarshalSavedFunnel(f); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestParseExclusionReadsWhatStringWrites(t *testing.T) {
	cases := []struct {
		in   string
		want Exclusion
	}{
		{"refund", Exclusion{Event: Step{Name: "refund"}}},
		{"refund@2", Exclusion{Event: Step{Name: "refund"}, To: 2}},
		{"refund[reason~fraud]@3", Exclusion{Event: Step{Name: "refund", Conds: []Cond{{"reason", Contains, "fraud"}}}, To: 3}},
		{`"x@2"`, Exclusion{Event: Step{Name: "x@2"}}},
		{"x@2@3", Exclusion{Event: Step{Name: "x@2"}, To: 3}},
		{"a@b", Exclusion{Event: Step{Name: "a@b"}}},
	}
	for _, c := range cases {
		got, err := ParseExclusion(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v, %v; want %+v", c.in, got, err, c.want)
		}
		if s := c.want.String(); s != c.in {
			t.Errorf("%+v prints as %q, want %q", c.want, s, c.in)
		}
	}
}

func mustMarshal(t *testing.T, f Funnel) []byte {
	t.Helper()
	data, err := MarshalSavedFunnel(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
