package ingest

import "github.com/valyala/fastjson"

// Segment's exports (a warehouse dump or a webhook log) hold one API call
// an object, as NDJSON or a JSON array:
//
//	{"type": "track", "event": "Order Completed", "userId": "u1", "anonymousId": "a9",
//	 "messageId": "m-1", "timestamp": "2024-03-01T12:00:00.000+02:00",
//	 "properties": {"revenue": 20, "session_id": "s9"}, "context": {"device": {"type": "ios"}}}
//
// A track call is an event named by event; page and screen calls are
// events named "page" and "screen"; identify, group and alias calls are
// not events and are skipped (counted, not rejected). The user is userId,
// else anonymousId (the other one stays a property); the insert id is
// messageId; the time is timestamp, else originalTimestamp, receivedAt or
// sentAt (none of the four is kept as a property). properties become
// top-level properties, other fields keep their dotted names
// (context.device.type); the session is the session_id property when there
// is one.
func init() { registerVendor("segment", 400, isSegment, mapSegment) }

// isSegment asks for a call type of Segment's spec and one of its id fields.
func isSegment(v *fastjson.Value) bool {
	return segmentCalls[string(v.GetStringBytes("type"))] &&
		(v.Exists("messageId") || v.Exists("anonymousId") || v.Exists("userId"))
}

// segmentCalls are the "type" values of Segment's spec: a record whose type
// is something else (an event log with its event name in "type") is not Segment's.
var segmentCalls = map[string]bool{"track": true, "page": true, "screen": true, "identify": true, "group": true, "alias": true}

var segmentSkip = skipSet("type", "event", "timestamp", "messageId", "properties",
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
	user, userField := userOr(v, "userId", "anonymousId")
	ev.User = user
	ev.InsertID = str(v, "messageId")
	for _, f := range []string{"timestamp", "originalTimestamp", "receivedAt", "sentAt"} {
		if raw := str(v, f); raw != "" {
			if err := j.vendorTime(ev, raw, UnitAuto, f); err != nil {
				return err
			}
			break
		}
	}
	j.flat.addObject(ev, v, func(k string) bool { return segmentSkip(k) || k == userField })
	j.flat.addObject(ev, v.Get("properties"), nil)
	j.sessionFromProps(ev)
	return need(j.line, ev, "userId or anonymousId", "event", "timestamp")
}
