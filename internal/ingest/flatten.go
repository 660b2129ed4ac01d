package ingest

import (
	"unsafe"

	"github.com/valyala/fastjson"
)

// alias views b as a string without copying. The string is valid only while
// the parser's buffer is: the encoder copies whatever it keeps.
func alias(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// scalar renders a JSON scalar as property text: strings as they are,
// numbers in their original spelling, booleans as true/false. ok is false
// for null, objects and arrays.
func scalar(v *fastjson.Value) (string, bool) {
	switch v.Type() {
	case fastjson.TypeString:
		return alias(v.GetStringBytes()), true
	case fastjson.TypeNumber:
		return alias(v.MarshalTo(nil)), true
	case fastjson.TypeTrue:
		return "true", true
	case fastjson.TypeFalse:
		return "false", true
	}
	return "", false
}

// flattener turns nested JSON into dotted property keys. It caches joined
// keys so that the same nested field costs one allocation per file, not one
// per event.
type flattener struct {
	keys map[string]map[string]string // prefix -> key -> prefix.key
}

func (f *flattener) join(prefix string, key []byte) string {
	if prefix == "" {
		return alias(key)
	}
	if f.keys == nil {
		f.keys = map[string]map[string]string{}
	}
	m := f.keys[prefix]
	if m == nil {
		m = map[string]string{}
		f.keys[prefix] = m
	}
	if s, ok := m[string(key)]; ok {
		return s
	}
	s := prefix + "." + string(key)
	m[string(key)] = s
	if len(m) > 10000 { // a map keyed by ids, not names: stop caching
		f.keys[prefix] = map[string]string{}
	}
	return s
}

// add appends v under key to ev: scalars as they are, objects flattened with
// dots, non-empty arrays as compact JSON text; nulls and "" are left out.
func (f *flattener) add(ev *Event, key string, v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		o.Visit(func(k []byte, child *fastjson.Value) {
			f.add(ev, f.join(key, k), child)
		})
	case fastjson.TypeArray:
		if a, _ := v.Array(); len(a) > 0 {
			ev.Props = append(ev.Props, Prop{Key: key, Value: alias(v.MarshalTo(nil))})
		}
	default:
		if s, ok := scalar(v); ok && s != "" {
			ev.Props = append(ev.Props, Prop{Key: key, Value: s})
		}
	}
}

// addObject flattens every field of the record object v, except those skip
// names; objects nested in it get their dotted prefix from add. A v that is
// nil (a field the record lacks) or no object adds nothing.
func (f *flattener) addObject(ev *Event, v *fastjson.Value, skip func(k string) bool) {
	if v == nil {
		return
	}
	o, err := v.Object()
	if err != nil {
		return
	}
	o.Visit(func(k []byte, child *fastjson.Value) {
		if skip != nil && skip(alias(k)) {
			return
		}
		f.add(ev, alias(k), child)
	})
}
