package ingest

import "github.com/valyala/fastjson"

// Amplitude's export is NDJSON, one object an event:
//
//	{"event_type": "Purchase", "user_id": "u1", "device_id": "d7", "event_time": "2024-03-01 10:00:00.123456",
//	 "$insert_id": "a1b2", "session_id": 1709287200000, "amplitude_id": 123,
//	 "event_properties": {"price": 9.5}, "user_properties": {"plan": "pro"}, "platform": "Web", "country": "DE"}
//
// The user is user_id, else device_id (kept as a property when user_id is
// there); the name is event_type; the time is event_time; the insert id is
// $insert_id, else insert_id; the session is session_id unless it is -1
// (Amplitude's "no session"). event_properties become top-level
// properties, other fields keep their dotted names (platform, country,
// user_properties.plan). The client, upload, receipt and processing times
// are transport bookkeeping and are dropped.
func init() { registerVendor("amplitude", 300, isAmplitude, mapAmplitude) }

// isAmplitude asks for the name and time fields and one of Amplitude's own.
func isAmplitude(v *fastjson.Value) bool {
	return v.Exists("event_type") && v.Exists("event_time") &&
		(v.Exists("amplitude_id") || v.Exists("device_id") || v.Exists("event_properties"))
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
	j.flat.addObject(ev, v, amplitudeSkip)
	j.flat.addObject(ev, v.Get("event_properties"), nil)
	j.sessionFromProps(ev)
	return need(j.line, ev, "user_id or device_id", "event_type", "event_time")
}
