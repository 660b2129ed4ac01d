package analysis

import (
	"iter"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// A funnel over users reads its patterns' postings (snapshot.Postings)
// rather than every event: only the users with a first-step event, and of
// theirs only the events of the funnel's names. Both paths gather the
// same events in the same order, so the results are identical; the
// reference tests run every case through both (see scanPath).

// scanPath picks how funnels read the log.
type scanPath int

const (
	autoPath     scanPath = iota // postings unless the names are most of the log
	columnPath                   // every event of every user
	postingsPath                 // the postings, whenever the funnel allows
)

// forcedPath is autoPath except in tests, which run both paths.
var forcedPath = autoPath

// posted is a funnel's plan for reading postings: one list per name its
// patterns use; drive marks the names whose users can be in the funnel
// (the first step's names, or for --order any every step's).
type posted struct {
	names []int32
	posts []*snapshot.Postings
	drive []bool
}

// planPostings returns the postings plan of e, or nil when it scans the
// columns: counting sessions (a session is cut by events of every name,
// so the postings cannot give them cheaply), or names so frequent that
// reading all events costs less than merging their postings.
func planPostings(e *engine) *posted {
	if e.sess != nil || forcedPath == columnPath {
		return nil
	}
	l, m := e.l, e.match
	p := &posted{}
	total := 0
	stepBits := uint64(1)<<e.k - 1
	for id := int32(1); id < int32(len(l.Names)); id++ {
		bits := m.static[id]
		for _, pat := range m.byName[id] {
			bits |= 1 << pat
		}
		if bits == 0 {
			continue
		}
		drive := bits&1 != 0
		if e.f.Order == spec.AnyOrder { // a unit starts at any step
			drive = bits&stepBits != 0
		}
		p.names, p.drive = append(p.names, id), append(p.drive, drive)
		total += l.NameCounts()[id]
	}
	if forcedPath == autoPath && total > l.NumEvents()/3 {
		return nil
	}
	p.posts = l.PostingsOf(p.names)
	return p
}

// cursors is one worker's position in a plan's postings.
type cursors struct {
	plan  *posted
	cur   []*snapshot.Cursor
	lists [][]int32 // per name: the current user's events
	times [][]int64 // ... and their times
	heads []int     // per name: next entry of lists to merge
	// filled is how many lists hold events, last the last of them: most
	// users have events of one name only, which need no merge.
	filled, last int
}

// postedUsers yields the users of [lo, hi) that can be in the funnel,
// each with the cursors on it, counting the postings read.
func (w *worker) postedUsers(lo, hi int) iter.Seq[int] {
	return func(yield func(int) bool) {
		p, l := w.e.post, w.e.l
		n := len(p.names)
		cs := &cursors{plan: p, lists: make([][]int32, n), times: make([][]int64, n), heads: make([]int, n)}
		for _, ps := range p.posts {
			cs.cur = append(cs.cur, l.Seek(ps, int32(lo)))
		}
		w.cs = cs
		for {
			user := cs.nextDriver()
			if user < 0 || user >= int32(hi) {
				return
			}
			w.c.read += cs.takeUser(user)
			if !yield(int(user)) {
				return
			}
		}
	}
}

// nextDriver is the smallest user a driving cursor is on, -1 if none.
func (cs *cursors) nextDriver() int32 {
	next := int32(-1)
	for i, c := range cs.cur {
		if u := c.User(); cs.plan.drive[i] && u >= 0 && (next < 0 || u < next) {
			next = u
		}
	}
	return next
}

// takeUser moves every cursor past user, keeping user's events in lists;
// it returns how many postings that read.
func (cs *cursors) takeUser(user int32) (read int) {
	cs.filled = 0
	for i, c := range cs.cur {
		read += c.SkipTo(user)
		cs.lists[i], cs.times[i], cs.heads[i] = cs.lists[i][:0], cs.times[i][:0], 0
		if c.User() == user {
			read += c.Count()
			cs.lists[i], cs.times[i] = c.Take(cs.lists[i], cs.times[i])
			cs.filled, cs.last = cs.filled+1, i
		}
	}
	return read
}

// gatherPosted is unit's gathering from the postings of the current user:
// its events of the funnel's names merged in index order, through the
// same matching and filters as the column loops.
func (w *worker) gatherPosted(u *unit) {
	cs := w.cs
	if cs.filled == 1 {
		name, times := cs.plan.names[cs.last], cs.times[cs.last]
		for h, i := range cs.lists[cs.last] {
			w.gatherOne(name, int(i), times[h], u)
		}
		return
	}
	for {
		at, i := -1, int32(0)
		for k, list := range cs.lists {
			if h := cs.heads[k]; h < len(list) && (at < 0 || list[h] < i) {
				at, i = k, list[h]
			}
		}
		if at < 0 {
			return
		}
		h := cs.heads[at]
		cs.heads[at]++
		w.gatherOne(cs.plan.names[at], int(i), cs.times[at][h], u)
	}
}

// gatherOne gathers event i, of name and time t, when it matches a
// pattern and passes the filters.
func (w *worker) gatherOne(name int32, i int, t int64, u *unit) {
	e := w.e
	m := e.match.static[name] | e.match.condBitsOf(name, i)
	if m == 0 || !e.keep.keep(i) {
		return
	}
	if u.first < 0 && m&1 != 0 {
		u.first = i
	}
	w.masks, w.idx, w.times = append(w.masks, m), append(w.idx, i), append(w.times, t)
}

// scanned yields the users of [lo, hi) whose units a worker computes: all
// of them on the column path, counting their events as read.
func (w *worker) scanned(lo, hi int) iter.Seq[int] {
	if w.e.post != nil {
		return w.postedUsers(lo, hi)
	}
	return func(yield func(int) bool) {
		off := w.e.l.Offsets
		for user := lo; user < hi; user++ {
			w.c.read += int(off[user+1] - off[user])
			if !yield(user) {
				return
			}
		}
	}
}
