package ingest

import "github.com/valyala/fastjson"

// Mixpanel's raw event export is NDJSON, one object an event, everything
// but the name inside "properties":
//
//	{"event": "Signed Up", "properties": {"time": 1709287200123, "distinct_id": "u1",
//	 "$insert_id": "a1b2", "session_id": "s9", "plan": "pro", "$browser": "Firefox"}}
//
// The user is properties.distinct_id, the name is event, the time is
// properties.time (an epoch number whose unit its size tells) and the
// insert id is properties.$insert_id. Every other property becomes a
// top-level property under its own name, as the event model in
// docs/semantics.md (section 1) says; the session is the session_id
// property when there is one.
func init() { registerVendor("mixpanel", 200, isMixpanel, mapMixpanel) }

// isMixpanel asks for the name and the user and time inside properties.
func isMixpanel(v *fastjson.Value) bool {
	return v.Exists("event") && v.Exists("properties", "distinct_id") && v.Exists("properties", "time")
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
	j.flat.addObject(ev, v, skipSet("event", "properties"))
	j.flat.addObject(ev, p, skipSet("distinct_id", "time", "$insert_id"))
	j.sessionFromProps(ev)
	return need(j.line, ev, "properties.distinct_id", "event", "properties.time")
}
