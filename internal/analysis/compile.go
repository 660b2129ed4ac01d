package analysis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// cond is a compiled property condition over one property column.
type cond struct {
	col *snapshot.Column
	op  spec.Op
	id  int32  // Eq/Ne: the value id (0 when no event has the value)
	set []bool // Contains: value ids whose text contains the substring
}

func (c *cond) holds(i int) bool {
	v := c.col.At(i)
	switch c.op {
	case spec.Eq:
		return c.id != 0 && v == c.id
	case spec.Ne:
		return c.id == 0 || v != c.id
	}
	return v != 0 && c.set[v]
}

// conds is a conjunction of compiled conditions: a step's or the global
// filter's.
type conds []cond

// hold reports whether event i meets every condition.
func (cs conds) hold(i int) bool {
	for k := range cs {
		if !cs[k].holds(i) {
			return false
		}
	}
	return true
}

// stepMatch is one compiled step on its own (a goal, a paths anchor): an
// event name and its conditions. Funnels compile their steps together,
// into a matcher.
type stepMatch struct {
	name  int32
	conds conds
}

// compileStep compiles st, the what of an analysis ("goal", "anchor"),
// which must name an event.
func compileStep(l *snapshot.Log, what string, st spec.Step) (*stepMatch, error) {
	if st.Name == "" {
		return nil, fmt.Errorf("%s: name the %s event (e.g. purchase)", what, what)
	}
	id, ok := l.NameID(st.Name)
	if !ok {
		return nil, fmt.Errorf("%s: %w", what, unknownName("event", st.Name, l.Names))
	}
	cs, err := compileConds(l, st.Conds)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, st.Name, err)
	}
	return &stepMatch{name: id, conds: cs}, nil
}

// holds reports whether event i meets the step's conditions; the caller
// has checked its name.
func (m *stepMatch) holds(i int) bool { return m.conds.hold(i) }

// matcher decides which of up to 64 patterns (steps, exclusions) an event
// matches: the name gives candidate bits, conditions clear some.
type matcher struct {
	static []uint64 // name id -> patterns with that name and no conditions
	byName [][]int  // name id -> patterns with that name and conditions
	conds  []conds
	n      int
	// anyConds is set when some pattern has conditions (condBits needed).
	anyConds bool
}

func compileMatcher(l *snapshot.Log, steps []spec.Step) (*matcher, error) {
	if len(steps) > 64 {
		return nil, fmt.Errorf("at most 64 steps, got %d", len(steps))
	}
	m := &matcher{static: make([]uint64, len(l.Names)), byName: make([][]int, len(l.Names)),
		conds: make([]conds, len(steps)), n: len(steps)}
	for i, s := range steps {
		id, ok := l.NameID(s.Name)
		if !ok {
			return nil, unknownName("event", s.Name, l.Names)
		}
		cs, err := compileConds(l, s.Conds)
		if err != nil {
			return nil, fmt.Errorf("step %s: %w", s.Name, err)
		}
		m.conds[i] = cs
		if len(cs) == 0 {
			m.static[id] |= 1 << i
		} else {
			m.byName[id] = append(m.byName[id], i)
			m.anyConds = true
		}
	}
	return m, nil
}

func compileConds(l *snapshot.Log, where []spec.Cond) (conds, error) {
	var out conds
	for _, c := range where {
		key, ok := l.KeyID(c.Key)
		if !ok {
			return nil, unknownName("property", c.Key, l.Keys)
		}
		col, err := l.Column(key)
		if err != nil {
			return nil, err
		}
		cc := cond{col: col, op: c.Op}
		if c.Op == spec.Contains {
			cc.set = make([]bool, len(l.Values))
			for id, v := range l.Values {
				cc.set[id] = id > 0 && strings.Contains(v, c.Value)
			}
		} else {
			cc.id = valueID(l, c.Value)
		}
		out = append(out, cc)
	}
	return out, nil
}

// valueID finds a value's id by a linear scan, once per compiled condition.
func valueID(l *snapshot.Log, v string) int32 {
	for id, s := range l.Values {
		if id > 0 && s == v {
			return int32(id)
		}
	}
	return 0
}

// mask returns the bit set of patterns event i matches.
func (m *matcher) mask(l *snapshot.Log, i int) uint64 {
	return m.static[l.Name[i]] | m.condBits(l, i)
}

// condBits returns the patterns with conditions that event i matches.
func (m *matcher) condBits(l *snapshot.Log, i int) uint64 { return m.condBitsOf(l.Name[i], i) }

// condBitsOf is condBits of event i, whose name the caller has at hand.
func (m *matcher) condBitsOf(name int32, i int) uint64 {
	var bits uint64
	for _, p := range m.byName[name] {
		if m.conds[p].hold(i) {
			bits |= 1 << p
		}
	}
	return bits
}

// filter keeps the events of the date range that pass every global condition.
type filter struct {
	conds    conds
	from, to int64
	time     []int64
	all      bool // no filter at all: keep everything
}

func compileFilter(l *snapshot.Log, where []spec.Cond, from, to int64) (*filter, error) {
	cs, err := compileConds(l, where)
	if err != nil {
		return nil, fmt.Errorf("--where: %w", err)
	}
	return &filter{conds: cs, from: from, to: to, time: l.Time, all: len(cs) == 0 && from == 0 && to == 0}, nil
}

func (f *filter) keep(i int) bool {
	if f.all {
		return true
	}
	if t := f.time[i]; (f.from != 0 && t < f.from) || (f.to != 0 && t >= f.to) {
		return false
	}
	return f.conds.hold(i)
}

// propColumn returns the column of the property named name; an unknown
// name is an error that what (the option naming it) starts.
func propColumn(l *snapshot.Log, what, name string) (*snapshot.Column, error) {
	key, ok := l.KeyID(name)
	if !ok {
		return nil, fmt.Errorf("%s: %w", what, unknownName("property", name, l.Keys))
	}
	return l.Column(key)
}

// unknownName builds a "no such X" error suggesting the closest names.
func unknownName(kind, name string, known []string) error {
	type cand struct {
		s string
		d int
	}
	var cs []cand
	for i, k := range known {
		if i == 0 && k == "" {
			continue
		}
		cs = append(cs, cand{k, distance(strings.ToLower(name), strings.ToLower(k))})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].s < cs[j].s
	})
	var sugg []string
	for _, c := range cs {
		if len(sugg) == 3 || c.d > max(3, len(name)/2) {
			break
		}
		sugg = append(sugg, c.s)
	}
	msg := fmt.Sprintf("no %s named %q", kind, name)
	if len(sugg) > 0 {
		msg += "; did you mean " + strings.Join(sugg, ", ") + "?"
	} else if kind == "event" {
		msg += " (funnelscope events lists them)"
	}
	return fmt.Errorf("%s", msg)
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
