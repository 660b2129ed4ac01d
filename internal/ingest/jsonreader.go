package ingest

import (
	"bufio"
	"fmt"
	"slices"
	"strings"

	"github.com/valyala/fastjson"
)

// mapFunc fills ev from one parsed record of a given format.
type mapFunc func(j *jsonReader, v *fastjson.Value, ev *Event) error

// jsonReader parses records with fastjson and maps them with the format's mapFunc.
type jsonReader struct {
	src   jsonSource
	p     fastjson.Parser
	mapf  mapFunc
	opts  *Options
	flat  flattener
	roles roleCache
	line  int64
	// mapped counts the records (or --explode elements) given to takeRoles:
	// the first one decides whether the file is event data at all, wherever
	// it starts (a JSON array's first object is on line 2).
	mapped int64
	// later marks the reader of a chunk after the file's first (chunks.go):
	// its first mapped record is not the file's.
	later bool

	// --explode: the parent record and the next element to emit.
	parent  *fastjson.Value
	items   []*fastjson.Value
	itemIdx int
}

func (j *jsonReader) recordLine() int64 { return j.line }

func (j *jsonReader) next(ev *Event) error {
	for {
		if j.itemIdx < len(j.items) {
			item := j.items[j.itemIdx]
			j.itemIdx++
			return j.mapExploded(item, ev)
		}
		b, line, err := j.src.record()
		if err != nil {
			return err
		}
		j.line = line
		if tooDeep(b, j.opts.MaxDepth) {
			return rowErr(line, "JSON nested deeper than %d levels (--max-depth)", j.opts.MaxDepth)
		}
		v, err := j.p.ParseBytes(b)
		if err != nil {
			return rowErr(line, "invalid JSON: %v", err)
		}
		if v.Type() != fastjson.TypeObject {
			return rowErr(line, "expected a JSON object, found %s", v.Type())
		}
		if j.opts.Explode == "" {
			ev.Reset()
			return j.mapf(j, v, ev)
		}
		arr := v.Get(j.opts.Explode)
		if arr == nil || arr.Type() != fastjson.TypeArray {
			return rowErr(line, "--explode %s: the record has no array %q", j.opts.Explode, j.opts.Explode)
		}
		j.parent, j.itemIdx = v, 0
		j.items, _ = arr.Array()
	}
}

// mapExploded builds one event from the parent's fields plus one element's
// (the element wins where both have a field).
func (j *jsonReader) mapExploded(item *fastjson.Value, ev *Event) error {
	ev.Reset()
	j.flat.addObject(ev, j.parent, func(k string) bool { return k == j.opts.Explode })
	if item.Type() == fastjson.TypeObject {
		j.flat.addObject(ev, item, nil)
	} else if s, ok := scalar(item); ok {
		ev.Props = append(ev.Props, Prop{Key: j.opts.Explode, Value: s})
	}
	return j.takeRoles(ev, j.line)
}

// openJSON returns the openFunc of a JSON format named name whose records
// mapf maps. --explode replaces mapf: the exploded elements are no vendor's
// records.
func openJSON(name string, mapf mapFunc) openFunc {
	return func(_ *bufio.Reader, s *sniffed, opts *Options) (recordReader, string, error) {
		if !s.json {
			return nil, "", fmt.Errorf("--format %s expects JSON, but the file starts with %q", name, firstLine(s.trimmed))
		}
		m := mapf
		if opts.Explode != "" {
			m = mapPlain
		}
		j := &jsonReader{src: s.src, mapf: m, opts: opts}
		if ls, ok := s.src.(*lineSource); ok && splitInput {
			return &ndjsonReader{jsonReader: j, lines: ls}, name, nil
		}
		return j, name, nil
	}
}

// mapPlain handles plain JSON: every field flattened, roles found by name.
func mapPlain(j *jsonReader, v *fastjson.Value, ev *Event) error {
	j.flat.addObject(ev, v, nil)
	return j.takeRoles(ev, j.line)
}

// takeRoles moves the user, event, time, session and insert-id properties
// of ev into its fields.
func (j *jsonReader) takeRoles(ev *Event, line int64) error {
	j.mapped++
	idx := j.roles.pick(ev.Props, j.opts.Columns)
	if idx[roleUser] < 0 || idx[roleEvent] < 0 || idx[roleTime] < 0 {
		return j.missing(ev, idx, line)
	}
	t, err := ParseTime(ev.Props[idx[roleTime]].Value, j.opts.TimeUnit)
	if err != nil {
		return rowErr(line, "field %q: %v", ev.Props[idx[roleTime]].Key, err)
	}
	ev.User, ev.Name, ev.Time = ev.Props[idx[roleUser]].Value, ev.Props[idx[roleEvent]].Value, t
	if i := idx[roleSession]; i >= 0 {
		ev.Session = ev.Props[i].Value
	}
	if i := idx[roleInsertID]; i >= 0 {
		ev.InsertID = ev.Props[i].Value
	}
	removeIdx(ev, idx)
	return nil
}

func (j *jsonReader) missing(ev *Event, idx [numRoles]int, line int64) error {
	var miss []string
	for _, r := range []role{roleUser, roleEvent, roleTime} {
		if idx[r] < 0 {
			miss = append(miss, roleNames[r])
		}
	}
	if j.mapped == 1 && !j.later {
		keys := make([]string, len(ev.Props))
		for i, p := range ev.Props {
			keys[i] = strings.Clone(p.Key)
		}
		return &NotEventDataError{Missing: miss, Fields: keys, Hint: j.explodeHint(ev)}
	}
	return rowErr(line, "no %s field", strings.Join(miss, ", no "))
}

// explodeHint spots records that hold their events in a nested array (the
// OTTO dataset's {"session":..,"events":[...]}) and says how to import them.
func (j *jsonReader) explodeHint(ev *Event) string {
	if j.opts.Explode != "" {
		return ""
	}
	// The largest array of objects is the likeliest event list (GA360
	// sessions hold a one-element customDimensions before their hits).
	best := -1
	for i, p := range ev.Props {
		if strings.HasPrefix(p.Value, "[{") && (best < 0 || len(p.Value) > len(ev.Props[best].Value)) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	k := ev.Props[best].Key
	return fmt.Sprintf("each record holds an array %q of objects: if those are the events, import with --explode %s (and name the roles with --user-col etc. if needed)", k, k)
}

// removeIdx drops the properties at the role indexes (-1 for none).
func removeIdx(ev *Event, idx [numRoles]int) {
	// Order the few indexes, then move the runs between them down: one
	// pass over the properties instead of a test of each against all.
	slices.Sort(idx[:])
	out, from := ev.Props[:0], 0
	for _, k := range idx {
		if k < from || k >= len(ev.Props) { // -1, or an index twice
			continue
		}
		out = append(out, ev.Props[from:k]...)
		from = k + 1
	}
	if from == 0 {
		return
	}
	ev.Props = append(out, ev.Props[from:]...)
}

// roleCache remembers, per field name, which role it may play and at what
// preference, so each record costs a map lookup per field.
type roleCache struct {
	m map[string]roleRank
	// Records of one file usually list the same fields in the same order:
	// comparing with the previous record's key at the same position is
	// cheaper than hashing it. The keys are copies in reused buffers
	// (readers' strings alias theirs), so a key that changes costs no
	// allocation.
	lastKeys  [][]byte
	lastRanks []roleRank
}

type roleRank struct {
	r    role
	rank int // lower wins; -1 for an explicit --*-col name
}

const numRoles = int(roleInsertID) + 1

func (c *roleCache) rankOf(key string, cols Columns) roleRank {
	if rr, ok := c.m[key]; ok {
		return rr
	}
	if c.m == nil {
		c.m = map[string]roleRank{}
	}
	rr := roleRank{r: roleNone}
	for r := roleUser; r <= roleInsertID; r++ {
		if e := cols.explicit(r); e != "" && e == key { // "" is no --*-col, not a field named ""
			rr = roleRank{r, -1}
			break
		}
	}
	if rr.r == roleNone {
		n := normName(key)
	found:
		for r := roleUser; r <= roleInsertID; r++ {
			if cols.explicit(r) != "" {
				continue // an explicit column replaces the search
			}
			for i, cand := range normCandidates[r] {
				if cand == n {
					rr = roleRank{r, i}
					break found
				}
			}
		}
	}
	if len(c.m) < 100000 {
		c.m[strings.Clone(key)] = rr
	}
	return rr
}

func (c *roleCache) pick(props []Prop, cols Columns) [numRoles]int {
	var idx, best [numRoles]int
	for i := range idx {
		idx[i], best[i] = -1, 1<<30
	}
	for i, p := range props {
		var rr roleRank
		if i < len(c.lastKeys) && string(c.lastKeys[i]) == p.Key {
			rr = c.lastRanks[i]
		} else {
			rr = c.rankOf(p.Key, cols)
			if i >= len(c.lastKeys) && i < 256 {
				c.lastKeys, c.lastRanks = append(c.lastKeys, nil), append(c.lastRanks, rr)
			}
			if i < len(c.lastKeys) {
				c.lastKeys[i], c.lastRanks[i] = append(c.lastKeys[i][:0], p.Key...), rr
			}
		}
		if rr.r != roleNone && rr.rank < best[rr.r] {
			idx[rr.r], best[rr.r] = i, rr.rank
		}
	}
	return idx
}
