package sample

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/funnelscope/funnelscope/internal/ingest"
)

// The export formats. Each writes the generator's events as a vendor (or
// plain) export would, one record per event; the ingest package reads every
// one of them back. How each generator field maps, per format (a "prop" is
// any property of the event, always written as a JSON string so that "49.90"
// round-trips as its exact text):
//
// csv: one header row, then one row per event.
//
//	user_id, event, timestamp (RFC 3339 UTC, milliseconds, "Z"), session_id,
//	then one column per key of PropKeys() (sorted; the set is fixed), empty
//	when the event lacks it. No insert id: the importer hashes the row.
//
// ndjson: {"user_id", "event", "timestamp" (as csv), "session_id",
// "insert_id", then every prop as a top-level field}.
//
// mixpanel (raw export): {"event", "properties": {"time" (epoch
// milliseconds, a number), "distinct_id" = user, "$insert_id",
// "session_id", then every prop}}.
//
// segment (track calls): {"type": "track", "event", "userId", "messageId" =
// insert id, "timestamp" (RFC 3339, milliseconds, at the fixed offset +02:00
// so that offsets get exercised), "properties": {every prop but device and
// country, then "session_id"}, "context": {"device": {"type": device},
// "location": {"country": country}}}.
//
// ga4 (BigQuery export rows): {"event_date" (YYYYMMDD, UTC),
// "event_timestamp" (epoch µs, a number), "event_name", "user_pseudo_id" =
// user, "event_params": [{"key", "value": {"string_value"}} for every prop
// but device and country, then "ga_session_id" = session], "device":
// {"category": device}, "geo": {"country": country}}. No insert id (GA4 has
// none) and no traffic_source: it is user-level first touch in GA4 and would
// not round-trip; the utm_* props are in event_params. Importing adds the
// property event_date.
//
// amplitude: {"event_type", "user_id", "event_time" ("2006-01-02
// 15:04:05.000000", UTC), "insert_id", "platform": "Web",
// "event_properties": {every prop but device and country, then
// "session_id"}, "country", "device_type" = device}. No top-level
// session_id: Amplitude's is a number (the session's start in ms).
// Importing adds the property platform.
//
// posthog: {"event", "distinct_id" = user, "timestamp" (as csv), "uuid" =
// insert id, "properties": {every prop, then "$session_id"}}.
var formats = []struct {
	name string
	line func(b []byte, ev *ingest.Event) []byte // nil for csv
}{
	{"csv", nil},
	{"ndjson", appendNDJSON},
	{"mixpanel", appendMixpanel},
	{"segment", appendSegment},
	{"ga4", appendGA4},
	{"amplitude", appendAmplitude},
	{"posthog", appendPostHog},
}

// Formats returns the names of the formats Write knows, in a fixed order.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.name
	}
	return out
}

// Rename returns the key that the generator's property key has once a file
// of format is imported (docs/semantics.md, "The event model"): vendor property bags become
// top-level keys, other nested fields dotted keys. Only device and country
// move, in segment, ga4 and amplitude; every other key keeps its name.
func Rename(format, key string) string {
	switch format + " " + key {
	case "segment device":
		return "context.device.type"
	case "segment country":
		return "context.location.country"
	case "ga4 device":
		return "device.category"
	case "ga4 country":
		return "geo.country"
	case "amplitude device":
		return "device_type"
	}
	return key
}

// Write generates the sample of cfg and writes it to w in format (one of
// Formats()). It returns the number of events written.
func Write(w io.Writer, format string, cfg Config) (int, error) {
	var line func([]byte, *ingest.Event) []byte
	found := false
	for _, f := range formats {
		if f.name == format {
			line, found = f.line, true
		}
	}
	if !found {
		return 0, fmt.Errorf("sample: unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	n := 0
	var err error
	if line == nil {
		n, err = writeCSV(bw, cfg)
	} else {
		var b []byte
		err = Generate(cfg, func(ev *ingest.Event) error {
			b = line(b[:0], ev)
			b = append(b, '\n')
			if _, err := bw.Write(b); err != nil {
				return err
			}
			n++
			return nil
		})
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("sample: write %s: %w", format, err)
	}
	return n, nil
}

func writeCSV(w io.Writer, cfg Config) (int, error) {
	cw := csv.NewWriter(w)
	rec := append([]string{"user_id", "event", "timestamp", "session_id"}, propKeys...)
	if err := cw.Write(rec); err != nil {
		return 0, err
	}
	n := 0
	var tb []byte
	err := Generate(cfg, func(ev *ingest.Event) error {
		tb = appendRFC3339(tb[:0], ev.Time, time.UTC)
		rec[0], rec[1], rec[2], rec[3] = ev.User, ev.Name, string(tb), ev.Session
		// Both ev.Props and propKeys are sorted: merge them.
		j := 0
		for i, k := range propKeys {
			rec[4+i] = ""
			if j < len(ev.Props) && ev.Props[j].Key == k {
				rec[4+i] = ev.Props[j].Value
				j++
			}
		}
		if j != len(ev.Props) {
			return fmt.Errorf("event %s: property %q is not in PropKeys", ev.InsertID, ev.Props[j].Key)
		}
		n++
		return cw.Write(rec)
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// plus2 is the fixed offset of the segment timestamps.
var plus2 = time.FixedZone("+02:00", 2*60*60)

// appendRFC3339 appends t (µs) as RFC 3339 with milliseconds in loc ("Z" for UTC).
func appendRFC3339(b []byte, us int64, loc *time.Location) []byte {
	return time.UnixMicro(us).In(loc).AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
}

// appendStr appends s as a JSON string.
func appendStr(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	return append(append(b, s[start:]...), '"')
}

// appendField appends ,"key":"value" (without the comma when first).
func appendField(b []byte, first bool, key, value string) []byte {
	if !first {
		b = append(b, ',')
	}
	return appendStr(append(appendStr(b, key), ':'), value)
}

// appendTimeField appends ,"key":"t" with t (µs) in RFC 3339 in loc.
func appendTimeField(b []byte, key string, us int64, loc *time.Location) []byte {
	b = append(appendStr(append(b, ','), key), ':', '"')
	return append(appendRFC3339(b, us, loc), '"')
}

// appendProps appends the props as string fields, skipping device and
// country when user is false (formats that keep them elsewhere).
func appendProps(b []byte, first bool, ev *ingest.Event, user bool) ([]byte, bool) {
	for _, p := range ev.Props {
		if !user && (p.Key == keyDevice || p.Key == keyCountry) {
			continue
		}
		b = appendField(b, first, p.Key, p.Value)
		first = false
	}
	return b, first
}

func appendNDJSON(b []byte, ev *ingest.Event) []byte {
	b = appendField(append(b, '{'), true, "user_id", ev.User)
	b = appendField(b, false, "event", ev.Name)
	b = appendTimeField(b, "timestamp", ev.Time, time.UTC)
	b = appendField(b, false, "session_id", ev.Session)
	b = appendField(b, false, "insert_id", ev.InsertID)
	b, _ = appendProps(b, false, ev, true)
	return append(b, '}')
}

func appendMixpanel(b []byte, ev *ingest.Event) []byte {
	b = appendField(append(b, '{'), true, "event", ev.Name)
	b = append(b, `,"properties":{"time":`...)
	b = strconv.AppendInt(b, ev.Time/1000, 10)
	b = appendField(b, false, "distinct_id", ev.User)
	b = appendField(b, false, "$insert_id", ev.InsertID)
	b = appendField(b, false, "session_id", ev.Session)
	b, _ = appendProps(b, false, ev, true)
	return append(b, "}}"...)
}

func appendSegment(b []byte, ev *ingest.Event) []byte {
	b = append(b, `{"type":"track"`...)
	b = appendField(b, false, "event", ev.Name)
	b = appendField(b, false, "userId", ev.User)
	b = appendField(b, false, "messageId", ev.InsertID)
	b = appendTimeField(b, "timestamp", ev.Time, plus2)
	b = append(b, `,"properties":{`...)
	b, first := appendProps(b, true, ev, false)
	b = appendField(b, first, "session_id", ev.Session)
	dev, _ := ev.Prop(keyDevice)
	country, _ := ev.Prop(keyCountry)
	b = append(b, `},"context":{"device":{`...)
	b = appendField(b, true, "type", dev)
	b = append(b, `},"location":{`...)
	b = appendField(b, true, "country", country)
	return append(b, "}}}"...)
}

func appendGA4(b []byte, ev *ingest.Event) []byte {
	b = append(b, `{"event_date":"`...)
	b = append(time.UnixMicro(ev.Time).UTC().AppendFormat(b, "20060102"), '"')
	b = append(b, `,"event_timestamp":`...)
	b = strconv.AppendInt(b, ev.Time, 10)
	b = appendField(b, false, "event_name", ev.Name)
	b = appendField(b, false, "user_pseudo_id", ev.User)
	b = append(b, `,"event_params":[`...)
	param := func(b []byte, key, value string) []byte {
		b = appendField(append(b, '{'), true, "key", key)
		b = append(b, `,"value":{`...)
		b = appendField(b, true, "string_value", value)
		return append(b, "}},"...)
	}
	for _, p := range ev.Props {
		if p.Key != keyDevice && p.Key != keyCountry {
			b = param(b, p.Key, p.Value)
		}
	}
	b = param(b, "ga_session_id", ev.Session)
	b = append(b[:len(b)-1], ']') // drop the last comma
	dev, _ := ev.Prop(keyDevice)
	country, _ := ev.Prop(keyCountry)
	b = append(b, `,"device":{`...)
	b = appendField(b, true, "category", dev)
	b = append(b, `},"geo":{`...)
	b = appendField(b, true, "country", country)
	return append(b, "}}"...)
}

func appendAmplitude(b []byte, ev *ingest.Event) []byte {
	b = appendField(append(b, '{'), true, "event_type", ev.Name)
	b = appendField(b, false, "user_id", ev.User)
	b = append(b, `,"event_time":"`...)
	b = append(time.UnixMicro(ev.Time).UTC().AppendFormat(b, "2006-01-02 15:04:05.000000"), '"')
	b = appendField(b, false, "insert_id", ev.InsertID)
	b = appendField(b, false, "platform", "Web")
	b = append(b, `,"event_properties":{`...)
	b, first := appendProps(b, true, ev, false)
	b = appendField(b, first, "session_id", ev.Session)
	b = append(b, '}')
	country, _ := ev.Prop(keyCountry)
	dev, _ := ev.Prop(keyDevice)
	b = appendField(b, false, "country", country)
	b = appendField(b, false, "device_type", dev)
	return append(b, '}')
}

func appendPostHog(b []byte, ev *ingest.Event) []byte {
	b = appendField(append(b, '{'), true, "event", ev.Name)
	b = appendField(b, false, "distinct_id", ev.User)
	b = appendTimeField(b, "timestamp", ev.Time, time.UTC)
	b = appendField(b, false, "uuid", ev.InsertID)
	b = append(b, `,"properties":{`...)
	b, first := appendProps(b, true, ev, true)
	b = appendField(b, first, "$session_id", ev.Session)
	return append(b, "}}"...)
}
