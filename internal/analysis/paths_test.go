package analysis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/propblob"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// rawEvent is an event as an export holds it: strings only.
type rawEvent struct {
	user, name string
	t          int64
	session    string // export session id, "" for none
	props      map[string]string
}

// strDict is a dictionary under construction: id 0 is the empty string.
type strDict struct {
	strs []string
	ids  map[string]int32
}

func newStrDict(init ...string) *strDict {
	d := &strDict{strs: []string{""}, ids: map[string]int32{}}
	for _, s := range init {
		d.id(s)
	}
	return d
}

func (d *strDict) id(s string) int32 {
	if id, ok := d.ids[s]; ok {
		return id
	}
	d.ids[s] = int32(len(d.strs))
	d.strs = append(d.strs, s)
	return d.ids[s]
}

// rawLog builds a snapshot of evs. names and keys start the dictionaries,
// so that steps may name events and properties no event has.
func rawLog(evs []rawEvent, names, keys []string) *snapshot.Log {
	return dictLog(evs, names, keys, nil)
}

// dictLog builds a snapshot of evs, its name, key and value dictionaries
// starting with names, keys and values, the rest in order of first use.
func dictLog(evs []rawEvent, names, keys, values []string) *snapshot.Log {
	users, nameDict, keyDict, valueDict, sessions := newStrDict(), newStrDict(names...), newStrDict(keys...), newStrDict(values...), newStrDict()
	var b snapshot.Builder
	var pairs []propblob.Pair
	for _, e := range evs {
		pairs = pairs[:0]
		for k, v := range e.props {
			pairs = append(pairs, propblob.Pair{Key: int64(keyDict.id(k)), Value: int64(valueDict.id(v))})
		}
		propblob.Sort(pairs)
		s := int32(0)
		if e.session != "" {
			s = sessions.id(e.session)
		}
		b.Add(users.id(e.user), nameDict.id(e.name), e.t, s, propblob.Append(nil, pairs))
	}
	return b.Build(users.strs, nameDict.strs, keyDict.strs, valueDict.strs)
}

// refCond is the reference's property condition: plain string comparisons.
func refCond(c spec.Cond, props map[string]string) bool {
	v, ok := props[c.Key]
	switch c.Op {
	case spec.Eq:
		return ok && v == c.Value
	case spec.Ne:
		return !ok || v != c.Value
	}
	return ok && v != "" && strings.Contains(v, c.Value)
}

func refMatches(st spec.Step, e rawEvent) bool {
	if e.name != st.Name {
		return false
	}
	for _, c := range st.Conds {
		if !refCond(c, e.props) {
			return false
		}
	}
	return true
}

// refUser is one user's events in (time, import) order.
type refUser struct {
	name string
	evs  []rawEvent
}

func refUsers(evs []rawEvent) []refUser {
	var out []refUser
	at := map[string]int{}
	for _, e := range evs {
		i, ok := at[e.user]
		if !ok {
			i = len(out)
			at[e.user] = i
			out = append(out, refUser{name: e.user})
		}
		out[i].evs = append(out[i].evs, e)
	}
	for _, u := range out {
		sort.SliceStable(u.evs, func(i, j int) bool { return u.evs[i].t < u.evs[j].t })
	}
	return out
}

// refSessions labels each event's session: its export id, else a session
// that ends after more than gap without events lacking an id.
func refSessions(evs []rawEvent, gap int64) []string {
	out := make([]string, len(evs))
	n, last := 0, int64(0)
	for i, e := range evs {
		if e.session != "" {
			out[i] = "id " + e.session
			continue
		}
		if n == 0 || e.t-last > gap {
			n++
		}
		out[i], last = fmt.Sprintf("gap %d", n), e.t
	}
	return out
}

// refReach is the brute-force funnel of one user: it tries every chain of
// distinct kept events and returns the level and, when the level is at
// least step, the index of the first kept event matching the step at the
// time the chain with the latest start first reached it.
func refReach(evs []rawEvent, kept []bool, f spec.Funnel, step int) (int, int) {
	k, window := len(f.Steps), f.Window
	if window <= 0 {
		window = spec.DefaultWindow
	}
	level := 0
	bestS, bestE := make([]int64, k+1), make([]int64, k+1)
	for j := range bestS {
		bestS[j] = none
	}
	used := make([]bool, len(evs))
	var chain []int64
	var dfs func()
	dfs = func() {
		if j := len(chain); j > 0 {
			level = max(level, j)
			s, t := chain[0], chain[j-1]
			if s > bestS[j] || (s == bestS[j] && t < bestE[j]) {
				bestS[j], bestE[j] = s, t
			}
			if j == k {
				return
			}
		}
		j := len(chain)
		for i, e := range evs {
			if used[i] || !kept[i] || !refMatches(f.Steps[j], e) {
				continue
			}
			if j > 0 && (e.t < chain[j-1] || e.t-chain[0] > window) {
				continue
			}
			used[i] = true
			chain = append(chain, e.t)
			dfs()
			chain = chain[:j]
			used[i] = false
		}
	}
	dfs()
	if level = refSegment(evs, kept, f, level); level < step {
		return level, -1
	}
	for i, e := range evs {
		if kept[i] && e.t == bestE[step] && refMatches(f.Steps[step-1], e) {
			return level, i
		}
	}
	panic("reference: no event at the chain's time")
}

// refSegment is level, or 0 when f has a segment filter and the unit's
// first kept step-1 event has another value of its property (a missing
// property is the value "").
func refSegment(evs []rawEvent, kept []bool, f spec.Funnel, level int) int {
	if f.Segment.IsZero() || level == 0 {
		return level
	}
	for i, e := range evs {
		if kept[i] && refMatches(f.Steps[0], e) {
			if e.props[f.Segment.Key] != f.Segment.Value {
				return 0
			}
			break
		}
	}
	return level
}

// refGroup is a group's paths as the reference sees them: nodes in time
// order joined by " > ", users per path.
type refGroup struct {
	users int
	paths map[string]int
	walks map[string]int // the same paths in walk order, joined by " > "
}

func newRefGroup() *refGroup { return &refGroup{paths: map[string]int{}, walks: map[string]int{}} }

// refPaths is the deliberately plain reference for Paths.
func refPaths(raw []rawEvent, p spec.Paths) (all, conv, non *refGroup) {
	all, conv, non = newRefGroup(), newRefGroup(), newRefGroup()
	depth := p.Depth
	if depth == 0 {
		depth = spec.DefaultPathDepth
	}
	gap := p.SessionGap
	if gap <= 0 {
		gap = snapshot.DefaultSessionGap
	}
	for _, u := range refUsers(raw) {
		evs := u.evs
		sess := refSessions(evs, gap)
		kept := make([]bool, len(evs))
		for i, e := range evs {
			kept[i] = (p.From == 0 || e.t >= p.From) && (p.To == 0 || e.t < p.To)
			for _, c := range p.Where {
				kept[i] = kept[i] && refCond(c, e.props)
			}
		}
		x := -1
		if p.AfterStep > 0 {
			if lv, i := refReach(evs, kept, p.Funnel, p.AfterStep); lv == p.AfterStep {
				x = i
			}
		} else {
			for i, e := range evs {
				if kept[i] && refMatches(p.Anchor, e) {
					x = i
					break
				}
			}
		}
		if x < 0 {
			continue
		}
		walk := []string{evs[x].name}
		dir := 1
		if p.Direction == spec.Backward {
			dir = -1
		}
		if p.AfterStep > 0 {
			walk = refDropOutWalk(evs, kept, sess, x, p.Funnel.Window, depth)
		}
		for i := x + dir; p.AfterStep == 0 && i >= 0 && i < len(evs) && len(walk) < depth; i += dir {
			if kept[i] && sess[i] == sess[x] && evs[i].name != walk[len(walk)-1] {
				walk = append(walk, evs[i].name)
			}
		}
		if len(walk) < depth {
			walk = append(walk, map[int]string{1: EndNode, -1: StartNode}[dir])
		}
		nodes := slices.Clone(walk)
		if dir < 0 {
			slices.Reverse(nodes)
		}
		groups := []*refGroup{all}
		if p.Goal.Name != "" {
			converted := false
			for i := x + 1; i < len(evs); i++ {
				converted = converted || (kept[i] && refMatches(p.Goal, evs[i]))
			}
			if converted {
				groups = append(groups, conv)
			} else {
				groups = append(groups, non)
			}
		}
		for _, g := range groups {
			g.users++
			g.paths[strings.Join(nodes, " > ")]++
			g.walks[strings.Join(walk, " > ")]++
		}
	}
	return all, conv, non
}

// refDropOutWalk is a drop-out's path from event x as docs/semantics.md
// words it: each kept event up to the window after x, a session node
// whenever the session changes from the last kept event's, and no name
// twice in a row, cut at depth nodes.
func refDropOutWalk(evs []rawEvent, kept []bool, sess []string, x int, window int64, depth int) []string {
	if window <= 0 {
		window = spec.DefaultWindow
	}
	walk, s := []string{evs[x].name}, sess[x]
	for i := x + 1; i < len(evs) && evs[i].t-evs[x].t <= window; i++ {
		if !kept[i] {
			continue
		}
		if sess[i] != s {
			s = sess[i]
			walk = append(walk, SessionNode)
		}
		if evs[i].name != walk[len(walk)-1] {
			walk = append(walk, evs[i].name)
		}
	}
	return walk[:min(depth, len(walk))]
}

// top lists the group's top paths: most users first, ties by nodes.
func (g *refGroup) top(k int) []Path {
	out := []Path{}
	for s, n := range g.paths {
		out = append(out, Path{Nodes: strings.Split(s, " > "), Count: n, Share: float64(n) / float64(g.users)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		a, b := out[i].Nodes, out[j].Nodes
		for x := 0; x < len(a) && x < len(b); x++ {
			if a[x] != b[x] {
				return a[x] < b[x]
			}
		}
		return len(a) < len(b)
	})
	return out[:min(k, len(out))]
}

// prefixes counts users per walk-order prefix, as the tree should.
func (g *refGroup) prefixes() map[string]int {
	out := map[string]int{}
	for w, n := range g.walks {
		parts := strings.Split(w, " > ")
		for i := range parts {
			out[strings.Join(parts[:i+1], " > ")] += n
		}
	}
	return out
}

// treePrefixes flattens a tree the same way, checking its order on the way.
func treePrefixes(t *testing.T, n PathNode, prefix string, out map[string]int) {
	sum := 0
	for i, c := range n.Children {
		if i > 0 {
			p := n.Children[i-1]
			if p.Count < c.Count || (p.Count == c.Count && p.Name >= c.Name) {
				t.Fatalf("tree children out of order under %q: %+v before %+v", prefix, p, c)
			}
		}
		sum += c.Count
		key := c.Name
		if prefix != "" {
			key = prefix + " > " + c.Name
		}
		out[key] = c.Count
		treePrefixes(t, c, key, out)
	}
	if sum > n.Count {
		t.Fatalf("tree node %q: children hold %d users, the node %d", prefix, sum, n.Count)
	}
}

func checkGroup(t *testing.T, what string, got *PathGroup, want *refGroup, top int) {
	t.Helper()
	if got.Users != want.users || got.Distinct != len(want.paths) {
		t.Fatalf("%s: %d users, %d distinct; reference %d, %d", what, got.Users, got.Distinct, want.users, len(want.paths))
	}
	if w := want.top(top); !reflect.DeepEqual(got.Paths, w) {
		t.Fatalf("%s: paths\n%+v\nreference\n%+v", what, got.Paths, w)
	}
	if got.Tree.Count != want.users {
		t.Fatalf("%s: tree root %d users, want %d", what, got.Tree.Count, want.users)
	}
	tp := map[string]int{}
	treePrefixes(t, got.Tree, "", tp)
	if w := want.prefixes(); !reflect.DeepEqual(tp, w) {
		t.Fatalf("%s: tree\n%v\nreference\n%v", what, tp, w)
	}
}

var pathNames = []string{"a", "b", "c", "x"}

// randomPathsCase draws a log of up to maxUsers users full of ties,
// repeats, interleaved and gap sessions, and a paths spec exercising every
// option.
func randomPathsCase(r *rand.Rand, maxUsers int) ([]rawEvent, spec.Paths) {
	var evs []rawEvent
	sessMode := r.IntN(3) // 0: no export ids, 1: all events have one, 2: some do
	for u := 0; u < 1+r.IntN(maxUsers); u++ {
		for range r.IntN(10) {
			e := rawEvent{user: fmt.Sprintf("u%d", u), name: pathNames[r.IntN(len(pathNames))],
				t: int64(r.IntN(15)) * 10, props: map[string]string{}}
			if sessMode == 1 || (sessMode == 2 && r.IntN(2) == 0) {
				e.session = fmt.Sprintf("s%d", r.IntN(3))
			}
			if r.IntN(5) > 0 {
				e.props["p"] = []string{"1", "2"}[r.IntN(2)]
			}
			if r.IntN(3) == 0 {
				e.props["q"] = []string{"xa", "yb"}[r.IntN(2)]
			}
			evs = append(evs, e)
		}
	}
	randCond := func() spec.Cond {
		switch r.IntN(3) {
		case 0:
			return spec.Cond{Key: "p", Op: spec.Eq, Value: "1"}
		case 1:
			return spec.Cond{Key: "p", Op: spec.Ne, Value: "2"}
		}
		return spec.Cond{Key: "q", Op: spec.Contains, Value: []string{"a", "y"}[r.IntN(2)]}
	}
	randStep := func() spec.Step {
		st := spec.Step{Name: pathNames[r.IntN(len(pathNames))]}
		if r.IntN(4) == 0 {
			st.Conds = []spec.Cond{randCond()}
		}
		return st
	}
	p := spec.Paths{Anchor: randStep(), Direction: spec.Direction(r.IntN(2)),
		Depth: 1 + r.IntN(5), Top: 1 + r.IntN(4), SessionGap: []int64{0, 15, 25, 60}[r.IntN(4)]}
	switch r.IntN(8) {
	case 0:
		p.Depth = 12 + r.IntN(20) // past 21 nodes the keys no longer fit a uint64
	case 1:
		p.Depth, p.Top = 0, 0 // the defaults
	case 2:
		p.Top = 100
	}
	if r.IntN(2) == 0 {
		p.Goal = randStep()
	}
	if r.IntN(4) == 0 {
		p.Where = []spec.Cond{randCond()}
	}
	if r.IntN(4) == 0 {
		p.From, p.To = int64(r.IntN(5))*10, int64(60+r.IntN(10)*10)
	}
	if r.IntN(4) == 0 {
		k := 2 + r.IntN(2)
		p.Funnel = spec.Funnel{Window: int64(10 + r.IntN(100))}
		for range k {
			p.Funnel.Steps = append(p.Funnel.Steps, randStep())
		}
		p.AfterStep = 1 + r.IntN(k-1)
		if r.IntN(3) == 0 {
			p.Funnel.Segment = spec.Segment{Key: "p", Value: []string{"1", "2", "", "9"}[r.IntN(4)]}
		}
	}
	return evs, p
}

func TestPathsMatchTheBruteForceReference(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 29))
	trials := 5000
	if testing.Short() {
		trials = 500
	}
	for trial := range trials {
		users := 6
		if trial%1000 == 0 {
			users = 10000 // usually enough users for several goroutines
		}
		evs, p := randomPathsCase(r, users)
		l := rawLog(evs, pathNames, []string{"p", "q"})
		got, err := Paths(l, p)
		if err != nil {
			t.Fatalf("trial %d: %v\nspec %+v", trial, err, p)
		}
		all, conv, non := refPaths(evs, p)
		top := p.Top
		if top == 0 {
			top = spec.DefaultPathTop
		}
		what := fmt.Sprintf("trial %d, spec %+v\nevents %+v\n", trial, p, evs)
		checkGroup(t, what+"all users", &got.PathGroup, all, top)
		if (p.Goal.Name != "") != (got.Converters != nil) || (got.Converters == nil) != (got.NonConverters == nil) {
			t.Fatalf("%s: goal %q but converters %v", what, p.Goal.Name, got.Converters)
		}
		if got.Converters != nil {
			checkGroup(t, what+"converters", got.Converters, conv, top)
			checkGroup(t, what+"non-converters", got.NonConverters, non, top)
		}
	}
}

func TestReachStepMatchesTheBruteForceReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	for trial := range 3000 {
		users := 6
		if trial%1000 == 0 {
			users = 10000
		}
		evs, p := randomPathsCase(r, users)
		f := spec.Funnel{Window: int64(10 + r.IntN(100)), Where: p.Where, From: p.From, To: p.To}
		for range 1 + r.IntN(4) {
			f.Steps = append(f.Steps, spec.Step{Name: pathNames[r.IntN(3)]})
		}
		step := 1 + r.IntN(len(f.Steps))
		l := rawLog(evs, pathNames, []string{"p", "q"})
		got, err := ReachStep(l, f, step)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range refUsers(evs) {
			kept := make([]bool, len(u.evs))
			for i, e := range u.evs {
				kept[i] = (f.From == 0 || e.t >= f.From) && (f.To == 0 || e.t < f.To)
				for _, c := range f.Where {
					kept[i] = kept[i] && refCond(c, e.props)
				}
			}
			lv, ev := refReach(u.evs, kept, f, step)
			ui := slices.Index(l.Users, u.name)
			gotEv := int(got.Event[ui])
			if gotEv >= 0 {
				gotEv -= int(l.Offsets[ui])
			}
			if int(got.Level[ui]) != lv || gotEv != ev {
				t.Fatalf("trial %d user %s: level %d event %d, reference %d %d\nfunnel %+v step %d\nevents %+v",
					trial, u.name, got.Level[ui], gotEv, lv, ev, f, step, u.evs)
			}
		}
	}
}

func TestKeyCountsCountLikeAMapWhileGrowing(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	kc, want := newKeyCounts(), map[uint64]int32{}
	for range 100000 {
		k := 1 + r.Uint64N(5000)
		if r.IntN(10) == 0 {
			k = r.Uint64() | 1 // keys anywhere in the range
		}
		kc.add(k, 2)
		want[k] += 2
	}
	got := map[uint64]int32{}
	kc.each(func(k uint64, c int32) { got[k] = c })
	if !reflect.DeepEqual(got, want) || kc.n != len(want) {
		t.Fatalf("%d keys counted, want %d", len(got), len(want))
	}
}

// pev is a hand-written event: user, name, minute, optional session id.
type pev struct {
	user, name string
	min        int64
	sess       string
}

func handLog(evs ...pev) ([]rawEvent, *snapshot.Log) {
	var raw []rawEvent
	for _, e := range evs {
		raw = append(raw, rawEvent{user: e.user, name: e.name, t: e.min * 60e6, session: e.sess,
			props: map[string]string{"n": fmt.Sprint(e.min)}})
	}
	return raw, rawLog(raw, nil, nil)
}

func pathsOf(g PathGroup) []string {
	var out []string
	for _, p := range g.Paths {
		out = append(out, fmt.Sprintf("%d %s", p.Count, strings.Join(p.Nodes, " > ")))
	}
	return out
}

func TestPathsTable(t *testing.T) {
	cases := []struct {
		name string
		evs  []pev
		spec spec.Paths
		want []string
	}{{
		name: "forward paths start at the first anchor, collapse repeats and end with (end) when the session does",
		evs: []pev{
			{"1", "home", 0, ""}, {"1", "view", 1, ""}, {"1", "view", 2, ""}, {"1", "cart", 3, ""}, {"1", "view", 4, ""}, {"1", "buy", 5, ""},
			{"2", "view", 0, ""}, {"2", "cart", 1, ""}, {"2", "cart", 2, ""},
			{"3", "view", 0, ""}, {"3", "home", 1, ""}, {"3", "view", 90, ""}, {"3", "cart", 91, ""}, // 89 min later: a new session
			{"4", "home", 0, ""}, // never views
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "view"}},
		want: []string{"1 view > cart > (end)", "1 view > cart > view > buy", "1 view > home > (end)"},
	}, {
		name: "depth cuts the path, and a path exactly as long as the depth gets no (end)",
		evs: []pev{
			{"1", "a", 0, ""}, {"1", "b", 1, ""}, {"1", "c", 2, ""},
			{"2", "a", 0, ""}, {"2", "b", 1, ""},
			{"3", "a", 0, ""}, {"3", "b", 1, ""}, {"3", "b", 2, ""}, {"3", "a", 3, ""},
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "a"}, Depth: 2},
		want: []string{"3 a > b"},
	}, {
		name: "backward paths end at the first anchor and start with (start) when the session does",
		evs: []pev{
			{"1", "home", 0, ""}, {"1", "view", 1, ""}, {"1", "view", 2, ""}, {"1", "buy", 3, ""}, {"1", "buy", 4, ""},
			{"2", "ad", 0, ""}, {"2", "home", 1, ""}, {"2", "view", 2, ""}, {"2", "cart", 3, ""}, {"2", "buy", 4, ""},
			{"3", "view", 0, ""}, {"3", "buy", 45, ""}, // 45 minutes apart: buy opens its own session
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "buy"}, Direction: spec.Backward},
		want: []string{"1 (start) > buy", "1 (start) > home > view > buy", "1 home > view > cart > buy"},
	}, {
		name: "export session ids decide sessions, interleaved events of another session are skipped",
		evs: []pev{
			{"1", "a", 0, "s1"}, {"1", "x", 1, "s2"}, {"1", "b", 2, "s1"}, {"1", "c", 200, "s1"},
			{"2", "a", 0, "s1"}, {"2", "b", 1, "s2"},
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "a"}},
		want: []string{"1 a > (end)", "1 a > b > c > (end)"},
	}, {
		name: "a session gap given in the spec ends sessions sooner",
		evs: []pev{
			{"1", "a", 0, ""}, {"1", "b", 4, ""}, {"1", "c", 10, ""},
			{"2", "a", 0, ""}, {"2", "b", 4, ""},
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "a"}, SessionGap: 5 * 60e6},
		want: []string{"2 a > b > (end)"},
	}, {
		name: "global filters drop events before the path is read",
		evs: []pev{
			{"1", "a", 0, ""}, {"1", "b", 1, ""}, {"1", "a", 2, ""}, {"1", "c", 3, ""},
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "a"}, Where: []spec.Cond{{Key: "n", Op: spec.Ne, Value: "1"}}},
		want: []string{"1 a > c > (end)"},
	}, {
		name: "anchor conditions choose which occurrence starts the path",
		evs: []pev{
			{"1", "a", 0, ""}, {"1", "b", 1, ""}, {"1", "a", 2, ""}, {"1", "c", 3, ""},
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "a", Conds: []spec.Cond{{Key: "n", Op: spec.Eq, Value: "2"}}}},
		want: []string{"1 a > c > (end)"},
	}, {
		name: "ties in count are listed by nodes, and top keeps the first",
		evs: []pev{
			{"1", "a", 0, ""}, {"1", "c", 1, ""},
			{"2", "a", 0, ""}, {"2", "b", 1, ""},
			{"3", "a", 0, ""},
			{"4", "a", 0, ""}, {"4", "d", 1, ""}, {"5", "a", 0, ""}, {"5", "d", 1, ""},
		},
		spec: spec.Paths{Anchor: spec.Step{Name: "a"}, Top: 3},
		want: []string{"2 a > d > (end)", "1 a > (end)", "1 a > b > (end)"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, l := handLog(c.evs...)
			got, err := Paths(l, c.spec)
			if err != nil {
				t.Fatal(err)
			}
			if g := pathsOf(got.PathGroup); !slices.Equal(g, c.want) {
				t.Errorf("got %q\nwant %q", g, c.want)
			}
		})
	}
}

func TestPathsSplitConvertersByAGoalAfterTheAnchor(t *testing.T) {
	_, l := handLog(
		pev{"1", "view", 0, ""}, pev{"1", "cart", 1, ""}, pev{"1", "buy", 600, ""}, // buys in a later session: a converter
		pev{"2", "buy", 0, ""}, pev{"2", "view", 1, ""}, pev{"2", "cart", 2, ""}, // bought before the anchor only
		pev{"3", "view", 0, ""}, pev{"3", "home", 1, ""},
		pev{"4", "view", 0, ""}, pev{"4", "cart", 1, ""}, pev{"4", "buy", 2, ""},
	)
	got, err := Paths(l, spec.Paths{Anchor: spec.Step{Name: "view"}, Goal: spec.Step{Name: "buy"}, Depth: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got.Goal != "buy" || got.Users != 4 || got.Converters.Users != 2 || got.NonConverters.Users != 2 {
		t.Fatalf("goal %q, users %d: %d converters, %d not", got.Goal, got.Users, got.Converters.Users, got.NonConverters.Users)
	}
	check := func(what string, g PathGroup, want ...string) {
		if p := pathsOf(g); !slices.Equal(p, want) {
			t.Errorf("%s: %q, want %q", what, p, want)
		}
	}
	check("all", got.PathGroup, "2 view > cart > (end)", "1 view > cart > buy", "1 view > home > (end)")
	check("converters", *got.Converters, "1 view > cart > (end)", "1 view > cart > buy")
	check("non-converters", *got.NonConverters, "1 view > cart > (end)", "1 view > home > (end)")
	if s := got.Converters.Paths[0].Share; s != 0.5 {
		t.Errorf("converter share %v: shares are of the group's users", s)
	}
}

func TestPathsAfterDroppingAtAFunnelStepStartAtTheLatestChainsStepEvent(t *testing.T) {
	_, l := handLog(
		// Views twice, carts after the second view, never checks out: the
		// path starts at the cart.
		pev{"1", "view", 0, ""}, pev{"1", "home", 1, ""}, pev{"1", "view", 2, ""}, pev{"1", "cart", 3, ""},
		pev{"1", "help", 4, ""}, pev{"1", "help", 5, ""}, pev{"1", "home", 6, ""},
		// Carts twice: the chain with the latest start is view@10 > cart@11.
		pev{"2", "view", 0, ""}, pev{"2", "cart", 1, ""}, pev{"2", "view", 10, ""}, pev{"2", "cart", 11, ""}, pev{"2", "exit", 12, ""},
		// Reaches checkout: not dropped at step 2.
		pev{"3", "view", 0, ""}, pev{"3", "cart", 1, ""}, pev{"3", "checkout", 2, ""},
		// Only views: dropped at step 1.
		pev{"4", "view", 0, ""}, pev{"4", "home", 1, ""},
	)
	f := spec.Funnel{Steps: steps("view", "cart", "checkout")}
	got, err := Paths(l, spec.Paths{AfterStep: 2, Funnel: f, Depth: 3})
	if err != nil {
		t.Fatal(err)
	}
	if p := pathsOf(got.PathGroup); !slices.Equal(p, []string{"1 cart > exit > (end)", "1 cart > help > home"}) || got.Anchor != "cart" {
		t.Errorf("anchor %q, paths %q", got.Anchor, p)
	}
	got, err = Paths(l, spec.Paths{AfterStep: 1, Funnel: f, Depth: 3})
	if err != nil {
		t.Fatal(err)
	}
	if p := pathsOf(got.PathGroup); !slices.Equal(p, []string{"1 view > home > (end)"}) {
		t.Errorf("after step 1: %q", p)
	}
	r, err := ReachStep(l, f, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Level, []int32{2, 2, 3, 1}) || r.Time[1] != 11*60e6 || r.Event[1] != l.Offsets[1]+3 || r.Event[3] != -1 {
		t.Errorf("reach: levels %v times %v events %v", r.Level, r.Time, r.Event)
	}
}

func TestPathsTreeCountsUsersPerPrefixInWalkOrder(t *testing.T) {
	_, l := handLog(
		pev{"1", "a", 0, ""}, pev{"1", "b", 1, ""}, pev{"1", "c", 2, ""},
		pev{"2", "a", 0, ""}, pev{"2", "b", 1, ""},
		pev{"3", "a", 0, ""}, pev{"3", "c", 1, ""},
	)
	got, err := Paths(l, spec.Paths{Anchor: spec.Step{Name: "a"}, Depth: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := PathNode{Count: 3, Children: []PathNode{{Name: "a", Count: 3, Children: []PathNode{
		{Name: "b", Count: 2, Children: []PathNode{{Name: "(end)", Count: 1}, {Name: "c", Count: 1}}},
		{Name: "c", Count: 1, Children: []PathNode{{Name: "(end)", Count: 1}}},
	}}}}
	if !reflect.DeepEqual(got.Tree, want) {
		t.Errorf("tree %+v\nwant %+v", got.Tree, want)
	}
	back, err := Paths(l, spec.Paths{Anchor: spec.Step{Name: "c"}, Direction: spec.Backward, Depth: 3})
	if err != nil {
		t.Fatal(err)
	}
	want = PathNode{Count: 2, Children: []PathNode{{Name: "c", Count: 2, Children: []PathNode{
		{Name: "a", Count: 1, Children: []PathNode{{Name: "(start)", Count: 1}}},
		{Name: "b", Count: 1, Children: []PathNode{{Name: "a", Count: 1}}},
	}}}}
	if !reflect.DeepEqual(back.Tree, want) {
		t.Errorf("backward tree %+v\nwant %+v", back.Tree, want)
	}
}

func TestPathsRefuseBadSpecsSayingWhatToDo(t *testing.T) {
	_, l := handLog(pev{"1", "purchase", 0, ""}, pev{"1", "view", 1, ""})
	for _, c := range []struct {
		spec spec.Paths
		want string
	}{
		{spec.Paths{Anchor: spec.Step{Name: "purchse"}}, `anchor: no event named "purchse"; did you mean purchase?`},
		{spec.Paths{Anchor: spec.Step{Name: "view"}, Goal: spec.Step{Name: "vew"}}, `goal: no event named "vew"; did you mean view?`},
		{spec.Paths{}, "anchor: name the anchor event"},
		{spec.Paths{Anchor: spec.Step{Name: "view"}, Depth: -1}, "depth -1"},
		{spec.Paths{Anchor: spec.Step{Name: "view"}, Where: []spec.Cond{{Key: "m", Value: "1"}}}, `no property named "m"; did you mean n?`},
		{spec.Paths{AfterStep: 2, Funnel: spec.Funnel{Steps: steps("view", "purchase")}}, "use a step from 1 to 1"},
		{spec.Paths{AfterStep: 1, Funnel: spec.Funnel{Steps: steps("view", "purchase"), Order: spec.AnyOrder}}, "must be ordered"},
		{spec.Paths{AfterStep: 1, Funnel: spec.Funnel{Steps: steps("view", "purchas")}}, "did you mean purchase"},
	} {
		_, err := Paths(l, c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestPathsOnTheWorkshopSample(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 users")
	}
	got, err := Paths(workshop(), spec.Paths{Anchor: spec.Step{Name: "landing_page_view"}, Goal: spec.Step{Name: "purchase"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Users == 0 || got.Converters.Users+got.NonConverters.Users != got.Users || len(got.Paths) != 10 {
		t.Fatalf("%d users, %d + %d, %d paths", got.Users, got.Converters.Users, got.NonConverters.Users, len(got.Paths))
	}
	sum := 0
	for _, c := range got.Tree.Children {
		sum += c.Count
	}
	if sum != got.Users || len(got.Tree.Children) != 1 || got.Tree.Children[0].Name != "landing_page_view" {
		t.Errorf("tree root children %+v", got.Tree.Children)
	}
}

func BenchmarkPaths(b *testing.B) {
	l := benchLog()
	l.Sessions(snapshot.DefaultSessionGap) // cached, as after the first run
	for _, c := range []struct {
		name string
		spec spec.Paths
	}{
		{"forward", spec.Paths{Anchor: spec.Step{Name: "landing_page_view"}}},
		{"backward", spec.Paths{Anchor: spec.Step{Name: "purchase"}, Direction: spec.Backward}},
		{"goal", spec.Paths{Anchor: spec.Step{Name: "add_to_cart"}, Goal: spec.Step{Name: "purchase"}}},
		{"after-step", spec.Paths{AfterStep: 2, Funnel: spec.Funnel{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase")}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var users int
			for b.Loop() {
				r, err := Paths(l, c.spec)
				if err != nil {
					b.Fatal(err)
				}
				users = r.Users
			}
			b.ReportMetric(float64(users), "paths")
			b.ReportMetric(float64(l.NumEvents()), "events")
		})
	}
}
