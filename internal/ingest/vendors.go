package ingest

import (
	"github.com/valyala/fastjson"
)

// The vendor mappers follow design.md section 3: the vendor's property bag
// becomes top-level keys, other nested fields keep dotted names. Transport
// timestamps (upload, receipt) are dropped: each is unique per event, so
// keeping them would make the value dictionary as large as the data while
// saying nothing about the user's journey.

var vendorMappers = map[string]mapFunc{
	"ga4":       mapGA4,
	"mixpanel":  mapMixpanel,
	"amplitude": mapAmplitude,
	"segment":   mapSegment,
	"posthog":   mapPostHog,
	"json":      mapPlain,
	"ndjson":    mapPlain,
}

func str(v *fastjson.Value, key string) string {
	f := v.Get(key)
	if f == nil {
		return ""
	}
	s, _ := scalar(f)
	return s
}

func skipSet(keys ...string) func(string) bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return func(k string) bool { return m[k] }
}

// need checks the three roles a vendor record must have.
func need(line int64, ev *Event, userField, eventField, timeField string) error {
	switch {
	case ev.User == "":
		return rowErr(line, "no user id (expected %s)", userField)
	case ev.Name == "":
		return rowErr(line, "no event name (expected %s)", eventField)
	case ev.Time == 0:
		return rowErr(line, "no timestamp (expected %s)", timeField)
	}
	return nil
}

func (j *jsonReader) vendorTime(ev *Event, raw string, unit TimeUnit, field string) error {
	if raw == "" {
		return nil
	}
	if j.opts.TimeUnit != UnitAuto {
		unit = j.opts.TimeUnit
	}
	t, err := ParseTime(raw, unit)
	if err != nil {
		return rowErr(j.line, "field %q: %v", field, err)
	}
	ev.Time = t
	return nil
}

// sessionFromProps takes the session id out of the properties when the
// format carries it there (Mixpanel session_id, PostHog $session_id, ...).
func (j *jsonReader) sessionFromProps(ev *Event) {
	if ev.Session != "" {
		return
	}
	var idx [numRoles]int
	for i := range idx {
		idx[i] = -1
	}
	best := 1 << 30
	for i, p := range ev.Props {
		for rank, cand := range normCandidates[roleSession] {
			if rank < best && normName(p.Key) == cand {
				idx[roleSession], best = i, rank
			}
		}
	}
	if i := idx[roleSession]; i >= 0 {
		ev.Session = ev.Props[i].Value
		removeIdx(ev, idx)
	}
}

var ga4Skip = skipSet("event_name", "event_timestamp", "event_params", "user_properties",
	"event_previous_timestamp", "event_server_timestamp_offset", "event_bundle_sequence_id")

// mapGA4 reads a BigQuery export row of GA4 (or Firebase).
func mapGA4(j *jsonReader, v *fastjson.Value, ev *Event) error {
	ev.Name = str(v, "event_name")
	userField := "user_id"
	if ev.User = str(v, "user_id"); ev.User == "" {
		ev.User, userField = str(v, "user_pseudo_id"), "user_pseudo_id"
	}
	if err := j.vendorTime(ev, str(v, "event_timestamp"), UnitMicros, "event_timestamp"); err != nil {
		return err
	}
	j.flat.addObject(ev, "", v, func(k string) bool { return ga4Skip(k) || k == userField })
	j.addGA4Params(ev, "", v.Get("event_params"))
	j.addGA4Params(ev, "user_properties", v.Get("user_properties"))
	j.sessionFromProps(ev)
	return need(j.line, ev, "user_id or user_pseudo_id", "event_name", "event_timestamp")
}

// addGA4Params flattens GA4's [{key, value:{string_value|int_value|...}}].
func (j *jsonReader) addGA4Params(ev *Event, prefix string, arr *fastjson.Value) {
	if arr == nil || arr.Type() != fastjson.TypeArray {
		return
	}
	items, _ := arr.Array()
	for _, it := range items {
		key := it.GetStringBytes("key")
		val := it.Get("value")
		if len(key) == 0 || val == nil {
			continue
		}
		for _, f := range []string{"string_value", "int_value", "float_value", "double_value"} {
			if s := str(val, f); s != "" {
				ev.Props = append(ev.Props, Prop{Key: j.flat.join(prefix, key), Value: s})
				break
			}
		}
	}
}

// mapMixpanel reads Mixpanel's raw export: {"event", "properties": {...}}.
func mapMixpanel(j *jsonReader, v *fastjson.Value, ev *Event) error {
	ev.Name = str(v, "event")
	p := v.Get("properties")
	if p == nil || p.Type() != fastjson.TypeObject {
		return rowErr(j.line, "no \"properties\" object")
	}
	ev.User, ev.InsertID = str(p, "distinct_id"), str(p, "$insert_id")
	if err := j.vendorTime(ev, str(p, "time"), UnitAuto, "properties.time"); err != nil {
		return err
	}
	j.flat.addObject(ev, "", v, skipSet("event", "properties"))
	j.flat.addObject(ev, "", p, skipSet("distinct_id", "time", "$insert_id"))
	j.sessionFromProps(ev)
	return need(j.line, ev, "properties.distinct_id", "event", "properties.time")
}

var amplitudeSkip = skipSet("event_type", "user_id", "device_id", "event_time", "$insert_id", "insert_id",
	"session_id", "event_properties", "client_event_time", "client_upload_time", "server_received_time",
	"server_upload_time", "processed_time")

// mapAmplitude reads Amplitude's export rows.
func mapAmplitude(j *jsonReader, v *fastjson.Value, ev *Event) error {
	ev.Name = str(v, "event_type")
	if ev.User = str(v, "user_id"); ev.User == "" {
		ev.User = str(v, "device_id")
	} else if d := str(v, "device_id"); d != "" {
		ev.Props = append(ev.Props, Prop{Key: "device_id", Value: d})
	}
	if err := j.vendorTime(ev, str(v, "event_time"), UnitAuto, "event_time"); err != nil {
		return err
	}
	ev.InsertID = str(v, "$insert_id")
	if ev.InsertID == "" {
		ev.InsertID = str(v, "insert_id")
	}
	if s := str(v, "session_id"); s != "" && s != "-1" {
		ev.Session = s
	}
	j.flat.addObject(ev, "", v, amplitudeSkip)
	if p := v.Get("event_properties"); p != nil {
		j.flat.addObject(ev, "", p, nil)
	}
	j.sessionFromProps(ev)
	return need(j.line, ev, "user_id or device_id", "event_type", "event_time")
}

// segmentCalls are the "type" values of Segment's spec: a record whose type
// is something else (an event log with its event name in "type") is not Segment's.
var segmentCalls = map[string]bool{"track": true, "page": true, "screen": true, "identify": true, "group": true, "alias": true}

var segmentSkip = skipSet("type", "event", "userId", "anonymousId", "timestamp", "messageId", "properties",
	"originalTimestamp", "sentAt", "receivedAt")

// mapSegment reads Segment's track calls; page and screen calls become
// events named "page" and "screen"; identify, group and alias are skipped.
func mapSegment(j *jsonReader, v *fastjson.Value, ev *Event) error {
	switch typ := str(v, "type"); typ {
	case "track":
		ev.Name = str(v, "event")
	case "page", "screen":
		ev.Name = typ
	case "identify", "group", "alias":
		return &RowError{Line: j.line, Reason: "segment " + typ + " call: not an event", NotEvent: true}
	default: // a malformed record, not a valid row to skip quietly
		return rowErr(j.line, "unknown segment call type %q (expected track, page, screen, identify, group or alias)", typ)
	}
	userField := "userId"
	if ev.User = str(v, "userId"); ev.User == "" {
		ev.User, userField = str(v, "anonymousId"), "anonymousId"
	}
	ev.InsertID = str(v, "messageId")
	for _, f := range []string{"timestamp", "originalTimestamp", "receivedAt", "sentAt"} {
		if raw := str(v, f); raw != "" {
			if err := j.vendorTime(ev, raw, UnitAuto, f); err != nil {
				return err
			}
			break
		}
	}
	j.flat.addObject(ev, "", v, func(k string) bool { return segmentSkip(k) && k != otherID(userField) })
	if p := v.Get("properties"); p != nil {
		j.flat.addObject(ev, "", p, nil)
	}
	j.sessionFromProps(ev)
	return need(j.line, ev, "userId or anonymousId", "event", "timestamp")
}

// otherID is the Segment id field that was not used as the user: it is kept as a property.
func otherID(used string) string {
	if used == "userId" {
		return "anonymousId"
	}
	return "userId"
}

var posthogSkip = skipSet("event", "distinct_id", "timestamp", "uuid", "properties", "created_at")

// mapPostHog reads PostHog's event export.
func mapPostHog(j *jsonReader, v *fastjson.Value, ev *Event) error {
	ev.Name, ev.User, ev.InsertID = str(v, "event"), str(v, "distinct_id"), str(v, "uuid")
	if err := j.vendorTime(ev, str(v, "timestamp"), UnitAuto, "timestamp"); err != nil {
		return err
	}
	j.flat.addObject(ev, "", v, posthogSkip)
	if p := v.Get("properties"); p != nil {
		j.flat.addObject(ev, "", p, nil)
	}
	j.sessionFromProps(ev)
	return need(j.line, ev, "distinct_id", "event", "timestamp")
}
