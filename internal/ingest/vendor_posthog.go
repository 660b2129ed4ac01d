package ingest

import "github.com/valyala/fastjson"

// PostHog's event export is NDJSON or a JSON array, one object an event:
//
//	{"event": "$pageview", "distinct_id": "u1", "timestamp": "2024-03-01T10:00:00.123Z",
//	 "uuid": "0190...", "properties": {"$current_url": "https://...", "$session_id": "s9"}}
//
// The user is distinct_id, the name is event, the time is timestamp and the
// insert id is uuid. properties become top-level properties (PostHog's own
// keep their $), other fields keep their dotted names; the session is the
// $session_id property. created_at is PostHog's ingestion time and is
// dropped.
func init() { registerVendor("posthog", 500, isPostHog, mapPostHog) }

// isPostHog asks only for name, user and time at the top level, the least
// of any vendor: PostHog is tried after the others.
func isPostHog(v *fastjson.Value) bool {
	return v.Exists("event") && v.Exists("distinct_id") && v.Exists("timestamp")
}

var posthogSkip = skipSet("event", "distinct_id", "timestamp", "uuid", "properties", "created_at")

// mapPostHog reads PostHog's event export.
func mapPostHog(j *jsonReader, v *fastjson.Value, ev *Event) error {
	ev.Name, ev.User, ev.InsertID = str(v, "event"), str(v, "distinct_id"), str(v, "uuid")
	if err := j.vendorTime(ev, str(v, "timestamp"), UnitAuto, "timestamp"); err != nil {
		return err
	}
	j.flat.addObject(ev, v, posthogSkip)
	j.flat.addObject(ev, v.Get("properties"), nil)
	j.sessionFromProps(ev)
	return need(j.line, ev, "distinct_id", "event", "timestamp")
}
