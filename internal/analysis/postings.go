package analysis

import (
	"iter"
	"math/bits"

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
	masks []uint64 // per name: the patterns it matches without conditions
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
		p.masks = append(p.masks, m.static[id])
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
	on    []int     // the cursors on the current user, not yet taken
	lists [][]int32 // per name: the current user's events, once taken
	times [][]int64 // ... and their times
	heads []int     // per name: next entry of lists to merge
	// drivers are the cursors of the names in plan.drive, whose users
	// the funnel visits.
	drivers []*snapshot.Cursor
	slots   slots
}

// postedUsers yields the users of [lo, hi) that can be in the funnel,
// each with the cursors on it, counting the postings read.
func (w *worker) postedUsers(lo, hi int) iter.Seq[int] {
	return func(yield func(int) bool) {
		p, l := w.e.post, w.e.l
		n := len(p.names)
		cs := &cursors{plan: p, lists: make([][]int32, n), times: make([][]int64, n), heads: make([]int, n)}
		for i, ps := range p.posts {
			cs.cur = append(cs.cur, l.Seek(ps, int32(lo)))
			if p.drive[i] {
				cs.drivers = append(cs.drivers, cs.cur[i])
			}
		}
		w.cs = cs
		bulk := w.countsStepOneInBulk()
		for {
			if bulk {
				w.countStepOneRun(int32(hi))
			}
			user := cs.nextDriver()
			if user < 0 || user >= int32(hi) {
				return
			}
			w.c.read += cs.onUser(user)
			if !yield(int(user)) {
				return
			}
		}
	}
}

// countsStepOneInBulk reports whether the worker may count users of the
// first step's name only without visiting them (countStepOneRun): a
// plain ordered funnel of two steps or more whose visits only count
// units (engine.countsOnly), with one driving name matching step 1 alone.
func (w *worker) countsStepOneInBulk() bool {
	e, p := w.e, w.e.post
	if !e.countsOnly || !e.plain || e.seg != nil || w.ord == nil || e.k < 2 || len(w.cs.drivers) != 1 {
		return false
	}
	for i, drive := range p.drive {
		if drive {
			return p.masks[i] == 1
		}
	}
	return false
}

// countStepOneRun counts the users before hi that the driving cursor is
// on and no other cursor reaches: they reach step 1 and no further (see
// firstStepOnly). Half of a funnel's entrants, each a header to read.
func (w *worker) countStepOneRun(hi int32) {
	cs := w.cs
	d, limit := cs.drivers[0], hi
	for _, c := range cs.cur {
		if u := c.User(); c != d && u >= 0 && u < limit {
			limit = u
		}
	}
	for u := d.User(); u >= 0 && u < limit; u = d.User() {
		w.c.read += d.Count()
		w.c.reached[1]++
		d.Skip()
	}
}

// nextDriver is the smallest user a driving cursor is on, -1 if none.
func (cs *cursors) nextDriver() int32 {
	if len(cs.drivers) == 1 { // an ordered funnel whose step 1 has one name
		return cs.drivers[0].User()
	}
	next := int32(-1)
	for _, c := range cs.drivers {
		if u := c.User(); u >= 0 && (next < 0 || u < next) {
			next = u
		}
	}
	return next
}

// onUser moves every cursor to the first user >= user and lists in on
// those on user, whose events gathering takes (or skips); it returns how
// many postings that reads.
func (cs *cursors) onUser(user int32) (read int) {
	cs.on = cs.on[:0]
	for i, c := range cs.cur {
		if c.User() < user { // a call only when the cursor must move
			read += c.SkipTo(user)
		}
		if c.User() == user {
			read += c.Count()
			cs.on = append(cs.on, i)
		}
	}
	return read
}

// take decodes the events of the cursors on the current user into lists.
func (cs *cursors) take() {
	for _, i := range cs.on {
		cs.lists[i], cs.times[i] = cs.cur[i].Take(cs.lists[i][:0], cs.times[i][:0])
	}
}

// firstStepOnly settles, without decoding its events, a user of a plain
// ordered funnel whose only postings are of a name matching step 1 and
// nothing else: the user reaches step 1 and no further. About half of a
// typical funnel's entrants are such users. It reports whether it did.
func (w *worker) firstStepOnly(u *unit) bool {
	e, cs := w.e, w.cs
	if len(cs.on) != 1 || !e.plain || !e.unitsOnly || w.ord == nil || e.k < 2 {
		return false
	}
	at := cs.on[0]
	if e.match.static[cs.plan.names[at]] != 1 {
		return false
	}
	c := cs.cur[at]
	// start is the user's first event: plain funnels keep every event.
	u.first, u.start, u.done, u.level, u.ttc[1] = int(c.First()), int(e.l.Offsets[c.User()]), -1, 1, 0
	c.Skip()
	return true
}

// gatherPosted is unit's gathering from the postings of the current user,
// whose events are [a, b): its events of the funnel's names merged in
// index order, through the same matching and filters as the column loops.
func (w *worker) gatherPosted(a, b int, u *unit) {
	cs := w.cs
	if w.e.plain {
		w.gatherPostedPlain(a, b, u)
		return
	}
	cs.take()
	cs.startMerge()
	for at, h := cs.nextMerged(); at >= 0; at, h = cs.nextMerged() {
		w.gatherOne(cs.plan.names[at], int(cs.lists[at][h]), cs.times[at][h], u)
	}
}

// startMerge starts merging the lists taken.
func (cs *cursors) startMerge() {
	for _, k := range cs.on {
		cs.heads[k] = 0
	}
}

// nextMerged returns the list holding the smallest event not merged yet
// and its position there, -1 when every list is merged.
func (cs *cursors) nextMerged() (at, h int) {
	at, i := -1, int32(0)
	for _, k := range cs.on {
		if h := cs.heads[k]; h < len(cs.lists[k]) && (at < 0 || cs.lists[k][h] < i) {
			at, i = k, cs.lists[k][h]
		}
	}
	if at < 0 {
		return -1, 0
	}
	h = cs.heads[at]
	cs.heads[at]++
	return at, h
}

// gatherPostedPlain is gatherPosted for plain funnels (engine.plain): an
// event's patterns are its name's, the same for a whole list, and every
// event is kept.
func (w *worker) gatherPostedPlain(a, b int, u *unit) {
	cs, static := w.cs, w.e.match.static
	switch len(cs.on) {
	case 1: // most users: no merge, the events decode in place
		at := cs.on[0]
		w.idx, w.times = cs.cur[at].Take(w.idx, w.times)
		w.masks = fill(w.masks, static[cs.plan.names[at]], len(w.idx))
	default:
		w.mergeBySlot(int32(a), b-a)
	}
	for g, m := range w.masks {
		if m&1 != 0 {
			u.first = int(w.idx[g])
			return
		}
	}
}

// fill appends n copies of m to masks.
func fill(masks []uint64, m uint64, n int) []uint64 {
	for range n {
		masks = append(masks, m)
	}
	return masks
}

// slots is mergeBySlot's scratch, as long as the longest user's events.
type slots struct {
	times   []int64
	tags    []uint64 // the patterns the event's name matches (plan.masks)
	present []uint64
}

// mergeBySlot merges the events of the cursors on the current user in
// index order without comparing any: each list scatters its events to
// their offsets in the user's range, and a sweep of the set bits reads
// them back in order. It costs a few stores an event, where a merge by
// comparisons cost a scan of the lists. The user's events start at a and
// number span, given rather than looked up: the caller has them at hand.
func (w *worker) mergeBySlot(a int32, span int) {
	cs := w.cs
	sl := &cs.slots
	if len(sl.times) < span {
		sl.times, sl.tags = make([]int64, span), make([]uint64, span)
		sl.present = make([]uint64, (span+63)/64)
	}
	present := sl.present[:(span+63)/64]
	clear(present)
	for _, at := range cs.on {
		cs.cur[at].Scatter(sl.times, sl.tags, cs.plan.masks[at], present)
	}
	// Locals, not the worker's fields: a store through w per event would
	// keep the compiler from holding them in registers.
	ms, idx, ts := w.masks, w.idx, w.times
	thin := w.e.unitsOnly
	for wi, word := range present {
		for word != 0 {
			j := wi<<6 | bits.TrailingZeros64(word)
			word &= word - 1
			m := sl.tags[j]
			if n := len(ms); thin && m == 1 && n >= 2 && ms[n-1] == 1 && ms[n-2] == 1 {
				// In a run of events matching step 1 alone, only the first
				// (the unit's first, maybe) and the latest can matter: a
				// later start dominates an earlier one with nothing between.
				idx[n-1], ts[n-1] = a+int32(j), sl.times[j]
				continue
			}
			ms, idx, ts = append(ms, m), append(idx, a+int32(j)), append(ts, sl.times[j])
		}
	}
	w.masks, w.idx, w.times = ms, idx, ts
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
	w.masks, w.idx, w.times = append(w.masks, m), append(w.idx, int32(i)), append(w.times, t)
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
