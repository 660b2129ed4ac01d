package ingest

import (
	"slices"

	"github.com/valyala/fastjson"
)

// The helpers of the vendor mappers (vendor_*.go). The mappers follow the
// event model of docs/semantics.md, section 1: the vendor's property bag
// becomes top-level keys, other nested fields keep dotted names. Transport
// timestamps (upload, receipt) are dropped: each is unique per event, so
// keeping them would make the value dictionary as large as the data while
// saying nothing about the user's journey.

func str(v *fastjson.Value, key string) string {
	f := v.Get(key)
	if f == nil {
		return ""
	}
	s, _ := scalar(f)
	return s
}

// userOr returns the user id in field primary of v, else in fallback, and
// the name of the field it came from: the mappers keep the other one as a
// property.
func userOr(v *fastjson.Value, primary, fallback string) (user, field string) {
	if user = str(v, primary); user != "" {
		return user, primary
	}
	return str(v, fallback), fallback
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
// It finds it by name as the plain formats do, through the reader's role
// cache: a row costs a comparison per key, not a normalisation per key and
// candidate. Vendor formats take no --*-col names, hence the empty Columns.
func (j *jsonReader) sessionFromProps(ev *Event) {
	if ev.Session != "" {
		return
	}
	if i := j.roles.pick(ev.Props, Columns{})[roleSession]; i >= 0 {
		ev.Session = ev.Props[i].Value
		ev.Props = slices.Delete(ev.Props, i, i+1)
	}
}
