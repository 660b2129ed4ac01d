package sample

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// flatten turns a decoded JSON record into the flat properties of
// docs/semantics.md section 1:
// bag (the vendor's property bag) becomes top-level keys, other nested
// objects dotted keys, GA4's event_params their keys. It is the test's own
// reading of the rule, independent of the ingest package.
func flatten(rec map[string]any, bag string) map[string]string {
	out := map[string]string{}
	var add func(prefix string, v any)
	add = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				if prefix == "" {
					add(k, c)
				} else {
					add(prefix+"."+k, c)
				}
			}
		case []any:
			for _, it := range v {
				p := it.(map[string]any)
				add(p["key"].(string), p["value"].(map[string]any)["string_value"])
			}
		case string:
			out[prefix] = v
		case json.Number:
			out[prefix] = v.String()
		default:
			out[prefix] = fmt.Sprint(v)
		}
	}
	for k, v := range rec {
		if k == bag || k == "event_params" {
			add("", v)
		} else {
			add(k, v)
		}
	}
	return out
}

// roles per format: the field (after flatten) holding each event field,
// and the fields that are neither a generator prop nor a role.
var roles = map[string]struct {
	user, name, time, session, insertID string
	parseTime                           func(string) (int64, error)
	extra                               []string
}{
	"ndjson":    {"user_id", "event", "timestamp", "session_id", "insert_id", rfc3339, nil},
	"mixpanel":  {"distinct_id", "event", "time", "session_id", "$insert_id", epochMillis, nil},
	"segment":   {"userId", "event", "timestamp", "session_id", "messageId", rfc3339, []string{"type"}},
	"ga4":       {"user_pseudo_id", "event_name", "event_timestamp", "ga_session_id", "", epochMicros, []string{"event_date"}},
	"amplitude": {"user_id", "event_type", "event_time", "session_id", "insert_id", amplitudeTime, []string{"platform"}},
	"posthog":   {"distinct_id", "event", "timestamp", "$session_id", "uuid", rfc3339, nil},
}

func rfc3339(s string) (int64, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UnixMicro(), err
}

func amplitudeTime(s string) (int64, error) {
	t, err := time.Parse("2006-01-02 15:04:05.000000", s)
	return t.UnixMicro(), err
}

func epochMillis(s string) (int64, error) {
	var n int64
	_, err := fmt.Sscan(s, &n)
	return n * 1000, err
}

func epochMicros(s string) (int64, error) {
	var n int64
	_, err := fmt.Sscan(s, &n)
	return n, err
}

var exportCfg = Config{Users: 300, Seed: 5}

// TestWriteRoundTrips writes every JSON format and reads each line back
// with encoding/json: the event, its time, ids and every property (under
// its Rename name) must come back exactly.
func TestWriteRoundTrips(t *testing.T) {
	want := collect(t, exportCfg)
	for _, format := range Formats() {
		if format == "csv" {
			continue
		}
		t.Run(format, func(t *testing.T) {
			r := roles[format]
			var buf bytes.Buffer
			n, err := Write(&buf, format, exportCfg)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Fatalf("Write says %d events, the generator made %d", n, len(want))
			}
			sc := bufio.NewScanner(&buf)
			sc.Buffer(nil, 1<<20)
			i := 0
			for ; sc.Scan(); i++ {
				if i >= len(want) {
					t.Fatalf("more than %d lines", len(want))
				}
				ev := want[i]
				dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
				dec.UseNumber()
				var rec map[string]any
				if err := dec.Decode(&rec); err != nil {
					t.Fatalf("line %d: %v: %s", i+1, err, sc.Bytes())
				}
				if dec.More() {
					t.Fatalf("line %d: more than one value", i+1)
				}
				got := flatten(rec, map[string]string{"mixpanel": "properties", "segment": "properties",
					"amplitude": "event_properties", "posthog": "properties"}[format])
				take := func(k string) string {
					v, ok := got[k]
					if !ok {
						t.Fatalf("line %d: no %s: %s", i+1, k, sc.Bytes())
					}
					delete(got, k)
					return v
				}
				if u, name, s := take(r.user), take(r.name), take(r.session); u != ev.User || name != ev.Name || s != ev.Session {
					t.Fatalf("line %d: user, event, session %q %q %q, want %q %q %q", i+1, u, name, s, ev.User, ev.Name, ev.Session)
				}
				if r.insertID != "" {
					if id := take(r.insertID); id != ev.InsertID {
						t.Fatalf("line %d: insert id %q, want %q", i+1, id, ev.InsertID)
					}
				}
				if tm, err := r.parseTime(take(r.time)); err != nil || tm != ev.Time {
					t.Fatalf("line %d: time %d (%v), want %d", i+1, tm, err, ev.Time)
				}
				for _, k := range r.extra {
					take(k)
				}
				for _, p := range ev.Props {
					if v := take(Rename(format, p.Key)); v != p.Value {
						t.Fatalf("line %d: %s = %q, want %q", i+1, Rename(format, p.Key), v, p.Value)
					}
				}
				if len(got) > 0 {
					t.Fatalf("line %d: unexpected fields %v", i+1, got)
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			if i != len(want) {
				t.Fatalf("%d lines, want %d", i, len(want))
			}
		})
	}
}

func TestWriteCSV(t *testing.T) {
	want := collect(t, exportCfg)
	var buf bytes.Buffer
	n, err := Write(&buf, "csv", exportCfg)
	if err != nil || n != len(want) {
		t.Fatalf("Write: %d events, %v; want %d", n, err, len(want))
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	if wantHeader := append([]string{"user_id", "event", "timestamp", "session_id"}, PropKeys()...); !slices.Equal(header, wantHeader) {
		t.Fatalf("header %v, want %v", header, wantHeader)
	}
	if !slices.IsSorted(header[4:]) {
		t.Errorf("property columns not sorted: %v", header[4:])
	}
	if len(rows)-1 != len(want) {
		t.Fatalf("%d rows, want %d", len(rows)-1, len(want))
	}
	for i, row := range rows[1:] {
		ev := want[i]
		ts := time.UnixMicro(ev.Time).UTC().Format("2006-01-02T15:04:05.000Z")
		if row[0] != ev.User || row[1] != ev.Name || row[2] != ts || row[3] != ev.Session {
			t.Fatalf("row %d: %v, want %s %s %s %s", i+1, row[:4], ev.User, ev.Name, ts, ev.Session)
		}
		for j, k := range header[4:] {
			v, _ := ev.Prop(k)
			if row[4+j] != v {
				t.Fatalf("row %d: %s = %q, want %q", i+1, k, row[4+j], v)
			}
		}
	}
}

// TestPropKeysAreEveryKey checks that the CSV column set is the union of
// the keys the generator produces: none missing (the writer would fail),
// none never used.
func TestPropKeysAreEveryKey(t *testing.T) {
	seen := map[string]bool{}
	for _, ev := range collect(t, Config{Users: 2000, Seed: 1}) {
		for _, p := range ev.Props {
			seen[p.Key] = true
		}
	}
	for _, k := range PropKeys() {
		if !seen[k] {
			t.Errorf("PropKeys has %q, which no event carries", k)
		}
		delete(seen, k)
	}
	if len(seen) > 0 {
		t.Errorf("keys missing from PropKeys: %v", seen)
	}
}

func TestWriteTimestamps(t *testing.T) {
	cfg := Config{Users: 1}
	ev := collect(t, cfg)[0]
	utc := time.UnixMicro(ev.Time).UTC()
	cases := []struct {
		format, want string
	}{
		{"ndjson", `"timestamp":"` + utc.Format("2006-01-02T15:04:05.000Z") + `"`},
		{"posthog", `"timestamp":"` + utc.Format("2006-01-02T15:04:05.000Z") + `"`},
		{"segment", `"timestamp":"` + utc.Add(2*time.Hour).Format("2006-01-02T15:04:05.000") + `+02:00"`},
		{"mixpanel", fmt.Sprintf(`"time":%d,`, ev.Time/1000)},
		{"ga4", fmt.Sprintf(`{"event_date":"%s","event_timestamp":%d,`, utc.Format("20060102"), ev.Time)},
		{"amplitude", `"event_time":"` + utc.Format("2006-01-02 15:04:05.000") + `000"`},
		{"csv", "," + utc.Format("2006-01-02T15:04:05.000Z") + ","},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := Write(&buf, c.format, cfg); err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(buf.String(), "\n")
			if c.format == "csv" {
				_, rest, _ := strings.Cut(buf.String(), "\n")
				first, _, _ = strings.Cut(rest, "\n")
			}
			if !strings.Contains(first, c.want) {
				t.Errorf("first event %s lacks %s", first, c.want)
			}
		})
	}
}

func TestRename(t *testing.T) {
	cases := []struct{ format, key, want string }{
		{"segment", "device", "context.device.type"},
		{"segment", "country", "context.location.country"},
		{"segment", "utm_source", "utm_source"},
		{"ga4", "device", "device.category"},
		{"ga4", "country", "geo.country"},
		{"ga4", "page", "page"},
		{"amplitude", "device", "device_type"},
		{"amplitude", "country", "country"},
		{"mixpanel", "device", "device"},
		{"posthog", "country", "country"},
		{"csv", "device", "device"},
		{"ndjson", "value", "value"},
	}
	for _, c := range cases {
		if got := Rename(c.format, c.key); got != c.want {
			t.Errorf("Rename(%q, %q) = %q, want %q", c.format, c.key, got, c.want)
		}
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	if _, err := Write(io.Discard, "xml", exportCfg); err == nil || !strings.Contains(err.Error(), "ndjson") {
		t.Errorf("unknown format: %v, want an error listing the formats", err)
	}
	for _, format := range Formats() {
		if _, err := Write(&failingWriter{after: 1 << 20}, format, Config{Users: 2000}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: %v, want disk full", format, err)
		}
	}
}

// TestWriteIsDeterministic writes every format twice.
func TestWriteIsDeterministic(t *testing.T) {
	for _, format := range Formats() {
		var a, b bytes.Buffer
		if _, err := Write(&a, format, exportCfg); err != nil {
			t.Fatal(err)
		}
		if _, err := Write(&b, format, exportCfg); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two writes differ", format)
		}
	}
}
