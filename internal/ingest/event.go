// Package ingest turns export files (CSV, TSV, NDJSON, JSON and the GA4,
// Mixpanel, Amplitude, Segment and PostHog export formats) into normalised
// events and writes them to the store. It owns format detection, parsing,
// timestamp parsing and dedup keys; it never runs SQL itself. Each format
// registers itself from its own file (registry.go): plain.go for the plain
// ones, vendor_<name>.go for each vendor's.
package ingest

import "sort"

// Event is one normalised event, as docs/semantics.md section 1 defines it.
type Event struct {
	User     string // best stable id: user id, else anonymous/device id
	Name     string // event name
	Time     int64  // microseconds since the Unix epoch, UTC
	Session  string // export session id, "" when the export has none
	InsertID string // export's insert/message id, "" when none (dedup then hashes the event)
	Props    []Prop // flat properties; keys are unique
}

// Prop is one flat property: a dotted key and its scalar value as text.
type Prop struct {
	Key, Value string
}

// SortProps orders properties by key so that equal events hash equally
// whatever order the export listed them in.
func (e *Event) SortProps() {
	sort.Slice(e.Props, func(i, j int) bool { return e.Props[i].Key < e.Props[j].Key })
}

// Prop returns the value of key and whether it is present.
func (e *Event) Prop(key string) (string, bool) {
	for _, p := range e.Props {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

// Reset empties e for reuse while keeping the Props backing array.
func (e *Event) Reset() {
	*e = Event{Props: e.Props[:0]}
}
