package ingest

import (
	"strings"

	"github.com/valyala/fastjson"
)

// A "pipes" export exists only in the tests: it is the living proof that an
// importer is one file. It holds each event in one string field,
//
//	{"pipes": "user|event|time|key=value|..."}
//
// whose first three fields are the user, the name and the time (an epoch
// number or a date) and whose others are properties. Nothing else in the
// package names it.
func init() { registerVendor("pipes", 600, isPipes, mapPipes) }

// isPipes asks for the one field of the format.
func isPipes(v *fastjson.Value) bool { return v.Exists("pipes") }

// mapPipes splits the pipes field.
func mapPipes(j *jsonReader, v *fastjson.Value, ev *Event) error {
	fields := strings.Split(str(v, "pipes"), "|")
	if len(fields) < 3 {
		return rowErr(j.line, "expected user|event|time, found %d fields", len(fields))
	}
	ev.User, ev.Name = fields[0], fields[1]
	if err := j.vendorTime(ev, fields[2], UnitAuto, "pipes"); err != nil {
		return err
	}
	for _, kv := range fields[3:] {
		k, val, _ := strings.Cut(kv, "=")
		ev.Props = append(ev.Props, Prop{Key: k, Value: val})
	}
	return need(j.line, ev, "pipes field 1", "pipes field 2", "pipes field 3")
}
