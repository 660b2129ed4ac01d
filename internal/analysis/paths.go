package analysis

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"sort"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Node names that close a path whose session ran out before the depth:
// after the last event (forward) or before the first (backward).
const (
	EndNode   = "(end)"
	StartNode = "(start)"
)

// Path is one sequence of events and how many users took it.
type Path struct {
	Nodes []string // in time order; a forward path may end with EndNode, a backward one start with StartNode
	Count int      // users
	Share float64  // Count / the Users of its group
}

// PathNode is a node of a path tree. The tree runs in walk order, from the
// anchor outwards: for backward paths a node's children are the events
// just before it.
type PathNode struct {
	Name     string
	Count    int        // users whose path runs through this node
	Children []PathNode // most users first, ties by name
}

// PathGroup is the paths of one group of users.
type PathGroup struct {
	Users    int      // users in the group (each has one path)
	Distinct int      // distinct sequences among them
	Paths    []Path   // the Top most frequent, most first, ties by nodes
	Tree     PathNode // root: no name, Count = Users; its children are the first nodes
}

// PathsResult is a computed paths analysis.
type PathsResult struct {
	Anchor    string // the anchor step, or the funnel step users dropped after
	Direction spec.Direction
	Depth     int
	AfterStep int // > 0: the users are those who dropped after this funnel step

	PathGroup // every user with an anchor event

	// With a goal: the users with a goal event after their anchor event
	// (Converters) and the others; both nil without a goal.
	Goal                      string
	Converters, NonConverters *PathGroup
}

// pathsEngine is a paths spec compiled against one log.
type pathsEngine struct {
	l        *snapshot.Log
	keep     *filter
	all      bool
	anchor   *stepMatch // nil when anchors gives the anchor events
	anchors  []int32    // per user: the anchor event, -1 for none
	goal     *stepMatch
	sess     []int32
	depth    int
	backward bool
	// window > 0 walks a drop-out's path (dropouts.go): across sessions,
	// up to window µs after the anchor; sessNode is then the id of the
	// session-boundary node.
	window   int64
	sessNode int32
	// Paths are counted under a uint64 key, depth fields of width bits
	// holding name id + 1 (0: past the end), when that fits; under a
	// string of the ids otherwise.
	width  uint
	packed bool
}

// pathsPart is one goroutine's counts: per group (0, or 0 converters and
// 1 non-converters), users per path key.
type pathsPart struct {
	packed [2]*keyCounts
	keyed  [2]map[string]int32 // key -> index in counts
	counts [2][]int32
}

// Paths computes the most frequent paths from or to an anchor event
// (docs/semantics.md, "Paths"), counted by users:
//
//   - The anchor event is the user's first event matching p.Anchor after
//     the global filters (or, with p.AfterStep, the step event described
//     at ReachStep, for users who dropped after that step).
//   - Forward, the path is the anchor followed by the next events of its
//     session; backward, the events of its session before it, then the
//     anchor. Events the global filters drop are invisible; events of
//     other sessions (export session ids may interleave) are skipped.
//     Sessions are the snapshot's: export session ids, else a new one
//     after p.SessionGap of inactivity, over the unfiltered events, as
//     for session funnels.
//   - Consecutive events of one name make one node (the anchor's name
//     included), and the path stops at p.Depth nodes. A path that runs out
//     of session events first gets one more node, EndNode forward or
//     StartNode backward: ["(start)", "b", "a"] is a backward path whose
//     session began with b.
//   - With p.Goal, a converter is a user with a goal event (after the
//     global filters) anywhere after the anchor event, in either
//     direction, in any session.
//
// Shares are of the group's users; the tree holds every path, not only
// the top ones.
func Paths(l *snapshot.Log, p spec.Paths) (*PathsResult, error) {
	depth, top := p.Depth, p.Top
	if depth == 0 {
		depth = spec.DefaultPathDepth
	}
	if top == 0 {
		top = spec.DefaultPathTop
	}
	if depth < 1 {
		return nil, fmt.Errorf("paths depth %d: use 1 or more", depth)
	}
	if top < 1 {
		return nil, fmt.Errorf("paths top %d: use 1 or more", top)
	}
	keep, err := compileFilter(l, p.Where, p.From, p.To)
	if err != nil {
		return nil, err
	}
	e := &pathsEngine{l: l, keep: keep, all: keep.all, depth: depth, backward: p.Direction == spec.Backward}
	res := &PathsResult{Direction: p.Direction, Depth: depth, AfterStep: p.AfterStep}
	if p.AfterStep != 0 {
		k := len(p.Funnel.Steps)
		if p.AfterStep < 1 || p.AfterStep >= k {
			return nil, fmt.Errorf("paths after step %d: the funnel has %d steps; use a step from 1 to %d, "+
				"so that there is a next step to drop before", p.AfterStep, k, max(1, k-1))
		}
		if err := e.dropOuts(p); err != nil {
			return nil, err
		}
		res.Anchor = p.Funnel.Steps[p.AfterStep-1].String()
	} else {
		if e.anchor, err = compileStep(l, "anchor", p.Anchor); err != nil {
			return nil, err
		}
		res.Anchor = p.Anchor.String()
	}
	if p.Goal.Name != "" {
		if e.goal, err = compileStep(l, "goal", p.Goal); err != nil {
			return nil, err
		}
		res.Goal = p.Goal.String()
	}
	e.sess = l.Sessions(p.SessionGap)
	e.width = uint(bits.Len(uint(len(l.Names) + 1))) // + 1: the session node's id
	e.packed = uint(depth)*e.width <= 64

	part, err := scanUsers(l, e.users, e.merge)
	if err != nil {
		return nil, err
	}
	groups := e.decode(part)
	if e.goal == nil {
		res.PathGroup = e.group(groups[0], top)
		return res, nil
	}
	conv, non := e.group(groups[0], top), e.group(groups[1], top)
	res.Converters, res.NonConverters = &conv, &non
	res.PathGroup = e.group(combine(groups[0], groups[1]), top)
	return res, nil
}

// users counts the paths of users [lo, hi).
func (e *pathsEngine) users(lo, hi int) *pathsPart {
	p := &pathsPart{}
	for g := range 2 {
		if e.packed {
			p.packed[g] = newKeyCounts()
		} else {
			p.keyed[g] = map[string]int32{}
		}
	}
	l, keep, all := e.l, e.keep, e.all
	name, off := l.Name, l.Offsets
	nodes := make([]int32, e.depth)
	var buf []byte
	for u := lo; u < hi; u++ {
		a, b := int(off[u]), int(off[u+1])
		x := -1
		if e.anchors != nil {
			x = int(e.anchors[u])
		} else {
			an := e.anchor
			for i := a; i < b; i++ {
				if name[i] == an.name && (all || keep.keep(i)) && an.holds(i) {
					x = i
					break
				}
			}
		}
		if x < 0 {
			continue
		}
		var n int
		if e.window > 0 {
			n = e.walkOn(x, b, nodes)
		} else {
			n = e.walk(x, a, b, nodes)
		}
		if n < e.depth {
			nodes[n] = 0 // name id 0 is unused: the (end) or (start) node
			n++
		}
		g := 0
		if e.goal != nil && !e.converts(x, b) {
			g = 1
		}
		if e.packed {
			var key uint64
			for k := n - 1; k >= 0; k-- {
				key = key<<e.width | uint64(nodes[k]+1)
			}
			p.packed[g].add(key, 1)
			continue
		}
		buf = buf[:0]
		for _, id := range nodes[:n] {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(id))
		}
		if c, ok := p.keyed[g][string(buf)]; ok { // no allocation when the path is known
			p.counts[g][c]++
		} else {
			p.keyed[g][string(buf)] = int32(len(p.counts[g]))
			p.counts[g] = append(p.counts[g], 1)
		}
	}
	return p
}

// walk writes the path of anchor x into nodes, from the anchor outwards
// among the user's events [a, b), skipping other sessions' events,
// filtered events and repeats of the last node's name, and returns its
// length (the closing node not included).
func (e *pathsEngine) walk(x, a, b int, nodes []int32) int {
	name, sess, keep, all := e.l.Name, e.sess, e.keep, e.all
	last, s := name[x], sess[x]
	nodes[0] = last
	n := 1
	if e.backward {
		for i := x - 1; i >= a && n < e.depth; i-- {
			if nm := name[i]; nm != last && sess[i] == s && (all || keep.keep(i)) {
				nodes[n], last = nm, nm
				n++
			}
		}
		return n
	}
	for i := x + 1; i < b && n < e.depth; i++ {
		if nm := name[i]; nm != last && sess[i] == s && (all || keep.keep(i)) {
			nodes[n], last = nm, nm
			n++
		}
	}
	return n
}

// converts reports whether a goal event follows event x among [x+1, b).
func (e *pathsEngine) converts(x, b int) bool {
	name, gl := e.l.Name, e.goal
	for i := x + 1; i < b; i++ {
		if name[i] == gl.name && (e.all || e.keep.keep(i)) && gl.holds(i) {
			return true
		}
	}
	return false
}

// pathCount is one distinct path, its node ids in walk order (0 = the
// closing node).
type pathCount struct {
	ids   []int32
	count int
}

// merge adds the counts of part p to total.
func (e *pathsEngine) merge(total, p *pathsPart) {
	for g := range 2 {
		if e.packed {
			p.packed[g].each(total.packed[g].add)
			continue
		}
		for k, i := range p.keyed[g] {
			if j, ok := total.keyed[g][k]; ok {
				total.counts[g][j] += p.counts[g][i]
			} else {
				total.keyed[g][k] = int32(len(total.counts[g]))
				total.counts[g] = append(total.counts[g], p.counts[g][i])
			}
		}
	}
}

// decode lists the distinct paths of each group of p and their counts.
func (e *pathsEngine) decode(p *pathsPart) [2][]pathCount {
	var out [2][]pathCount
	for g := range 2 {
		if e.packed {
			mask := uint64(1)<<e.width - 1
			p.packed[g].each(func(key uint64, c int32) {
				var ids []int32
				for ; key != 0; key >>= e.width {
					ids = append(ids, int32(key&mask)-1)
				}
				out[g] = append(out[g], pathCount{ids, int(c)})
			})
			continue
		}
		for key, i := range p.keyed[g] {
			ids := make([]int32, len(key)/4)
			for k := range ids {
				ids[k] = int32(binary.LittleEndian.Uint32([]byte(key[4*k:])))
			}
			out[g] = append(out[g], pathCount{ids, int(p.counts[g][i])})
		}
	}
	return out
}

// keyCounts counts non-zero uint64 keys in an open-addressing table: a
// path per user is the hot loop's one lookup, and this table took forward
// paths on 10 M events from 22 to 17 ms against a map[uint64]int32.
type keyCounts struct {
	keys   []uint64 // 0: free slot
	counts []int32
	n      int
	shift  uint
}

func newKeyCounts() *keyCounts {
	return &keyCounts{keys: make([]uint64, 256), counts: make([]int32, 256), shift: 64 - 8}
}

func (t *keyCounts) add(key uint64, c int32) {
	mask := uint64(len(t.keys) - 1)
	for i := key * 0x9E3779B97F4A7C15 >> t.shift; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key:
			t.counts[i] += c
			return
		case 0:
			t.keys[i], t.counts[i] = key, c
			if t.n++; 2*t.n > len(t.keys) {
				t.grow()
			}
			return
		}
	}
}

func (t *keyCounts) grow() {
	old := *t
	*t = keyCounts{keys: make([]uint64, 2*len(old.keys)), counts: make([]int32, 2*len(old.keys)), shift: old.shift - 1}
	old.each(t.add)
}

func (t *keyCounts) each(fn func(key uint64, c int32)) {
	for i, k := range t.keys {
		if k != 0 {
			fn(k, t.counts[i])
		}
	}
}

// combine sums two lists of distinct paths into one.
func combine(a, b []pathCount) []pathCount {
	at := make(map[string]int, len(a))
	key := func(ids []int32) string {
		buf := make([]byte, 0, 4*len(ids))
		for _, id := range ids {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(id))
		}
		return string(buf)
	}
	out := slices.Clone(a)
	for i, pc := range out {
		at[key(pc.ids)] = i
	}
	for _, pc := range b {
		if i, ok := at[key(pc.ids)]; ok {
			out[i].count += pc.count
		} else {
			out = append(out, pc)
		}
	}
	return out
}

// label names a node id.
func (e *pathsEngine) label(id int32) string {
	if id == e.sessNode && e.window > 0 {
		return SessionNode
	}
	if id != 0 {
		return e.l.Names[id]
	}
	if e.backward {
		return StartNode
	}
	return EndNode
}

// group ranks the paths of one group and builds its tree.
func (e *pathsEngine) group(pcs []pathCount, top int) PathGroup {
	g := PathGroup{Distinct: len(pcs)}
	all := make([]Path, len(pcs))
	for i, pc := range pcs {
		g.Users += pc.count
		nodes := make([]string, len(pc.ids))
		for k, id := range pc.ids {
			nodes[k] = e.label(id)
		}
		if e.backward {
			slices.Reverse(nodes)
		}
		all[i] = Path{Nodes: nodes, Count: pc.count}
	}
	g.Paths = rankPaths(all, g.Users, top)
	slices.SortFunc(pcs, func(a, b pathCount) int { return slices.Compare(a.ids, b.ids) })
	g.Tree = PathNode{Count: g.Users, Children: e.tree(pcs, 0)}
	return g
}

// rankPaths sorts all, most users first, ties by nodes, sets their shares
// of users and returns the top ones (an empty list, not nil, for none).
func rankPaths(all []Path, users, top int) []Path {
	slices.SortFunc(all, func(a, b Path) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return slices.Compare(a.Nodes, b.Nodes)
	})
	for i := range all {
		all[i].Share = ratio(all[i].Count, users)
	}
	return append([]Path{}, all[:min(top, len(all))]...)
}

// tree builds the nodes at position lvl of paths pcs, which are sorted by
// ids, share ids[:lvl] and are all longer than lvl.
func (e *pathsEngine) tree(pcs []pathCount, lvl int) []PathNode {
	var out []PathNode
	for i := 0; i < len(pcs); {
		id := pcs[i].ids[lvl]
		j, n := i, 0
		for j < len(pcs) && pcs[j].ids[lvl] == id {
			n += pcs[j].count
			j++
		}
		k := i // paths ending here sort first
		for k < j && len(pcs[k].ids) == lvl+1 {
			k++
		}
		out = append(out, PathNode{Name: e.label(id), Count: n, Children: e.tree(pcs[k:j], lvl+1)})
		i = j
	}
	sortNodes(out)
	return out
}

// sortNodes orders sibling nodes: most users first, ties by name.
func sortNodes(ns []PathNode) {
	sort.SliceStable(ns, func(a, b int) bool {
		if ns[a].Count != ns[b].Count {
			return ns[a].Count > ns[b].Count
		}
		return ns[a].Name < ns[b].Name
	})
}

// StepReach is where each user got to in an ordered funnel, and which
// event took them to one of its steps.
type StepReach struct {
	Step  int     // the step (1-based) Time and Event describe
	Level []int32 // per user: the highest step reached, 0 for none
	// Per user reaching Step: the time at which the chain with the latest
	// start reaching Step first reached it (the funnel's time-to-convert
	// chain), and the first event at that time matching Step after the
	// global filters: the chain's step event, or one tied with it. -1 and
	// 0 for the other users.
	Time  []int64
	Event []int32
}

// ReachStep runs the ordered funnel f, counting users, and reports each
// user's level and step-step event (see StepReach). It is how Paths finds
// where users who dropped after a step were.
func ReachStep(l *snapshot.Log, f spec.Funnel, step int) (*StepReach, error) {
	if f.Order != spec.Ordered || f.Count != spec.Users {
		return nil, fmt.Errorf("step events: the funnel must be ordered and count users")
	}
	if step < 1 || step > len(f.Steps) {
		return nil, fmt.Errorf("step %d: the funnel has steps 1 to %d", step, len(f.Steps))
	}
	e, err := compileFunnel(l, f)
	if err != nil {
		return nil, err
	}
	n := l.NumUsers()
	r := &StepReach{Step: step, Level: make([]int32, n), Time: make([]int64, n), Event: make([]int32, n)}
	for u := range r.Event {
		r.Event[u] = -1
	}
	bit := uint64(1) << (step - 1)
	// Each user writes their own entries of r: the parts hold nothing to merge.
	_, err = scanUsers(l, func(lo, hi int) *worker {
		w := e.newWorker()
		w.users(lo, hi, func(user int, u *unit) {
			if u.level == 0 {
				return
			}
			r.Level[user] = int32(u.level)
			if u.level < step {
				return
			}
			t := w.ord.ttcE[step]
			r.Time[user] = t
			for g, tg := range w.times {
				if tg == t && w.masks[g]&bit != 0 {
					r.Event[user] = w.idx[g]
					break
				}
			}
		})
		return w
	}, func(_, _ *worker) {})
	if err != nil {
		return nil, err
	}
	return r, nil
}
