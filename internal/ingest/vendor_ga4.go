package ingest

import "github.com/valyala/fastjson"

// GA4 and Firebase export to BigQuery one row per event, downloaded as
// NDJSON or a JSON array:
//
//	{"event_date": "20201101", "event_timestamp": 1604192073036492, "event_name": "page_view",
//	 "event_params": [{"key": "ga_session_id", "value": {"int_value": 4863244888}}, ...],
//	 "user_id": null, "user_pseudo_id": "1005694.58", "user_properties": [...],
//	 "device": {"category": "mobile"}, "geo": {"country": "US"}, ...}
//
// The user is user_id, else user_pseudo_id (the other one stays a
// property); the name is event_name; the time is event_timestamp, in
// microseconds. Each event_params entry becomes a top-level property named
// by its key (its string, int, float or double value), user_properties
// entries become user_properties.<key>, and the session is the
// ga_session_id parameter. Other fields keep their dotted names
// (device.category, geo.country, traffic_source.source); the previous and
// server timestamps and the bundle sequence id are transport bookkeeping and
// are dropped.
func init() { registerVendor("ga4", 100, isGA4, mapGA4) }

// isGA4 asks for the name and timestamp fields and one of GA4's own.
func isGA4(v *fastjson.Value) bool {
	return v.Exists("event_name") && v.Exists("event_timestamp") &&
		(v.Exists("user_pseudo_id") || v.Exists("event_params"))
}

var ga4Skip = skipSet("event_name", "event_timestamp", "event_params", "user_properties",
	"event_previous_timestamp", "event_server_timestamp_offset", "event_bundle_sequence_id")

// mapGA4 reads a BigQuery export row of GA4 (or Firebase).
func mapGA4(j *jsonReader, v *fastjson.Value, ev *Event) error {
	ev.Name = str(v, "event_name")
	user, userField := userOr(v, "user_id", "user_pseudo_id")
	ev.User = user
	if err := j.vendorTime(ev, str(v, "event_timestamp"), UnitMicros, "event_timestamp"); err != nil {
		return err
	}
	j.flat.addObject(ev, v, func(k string) bool { return ga4Skip(k) || k == userField })
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
