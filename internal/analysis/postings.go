package analysis

import (
	"iter"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// A funnel over users reads the postings of its patterns' names
// (snapshot.Postings) rather than every event: one list holding, per user
// with any of them, those events already in index order, so the workers
// never merge lists. Both paths gather the same events in the same order,
// so the results are identical; the reference tests run every case
// through both (see scanPath).

// scanPath picks how funnels read the log.
type scanPath int

const (
	autoPath     scanPath = iota // postings unless the names are most of the log
	columnPath                   // every event of every user
	postingsPath                 // the postings, whenever the funnel allows
)

// forcedPath is autoPath except in tests, which run both paths.
var forcedPath = autoPath

// posted is a funnel's plan for reading postings: the list of the names
// its patterns use, each name in a slot.
type posted struct {
	post *snapshot.Postings
	// drive is the slots whose users can be in the funnel: the first
	// step's names, or for --order any every step's.
	drive uint64
	// stepOne is the slot of the name matching step 1 and nothing else,
	// without conditions, as a bit; 0 when none does.
	stepOne uint64
	// masks tags events with the patterns their name matches without
	// conditions; thinned too, for visits that read units alone (see
	// snapshot.Tags.Thin: in a run of events matching step 1 alone, only
	// the first, the unit's first maybe, and the latest can matter: a
	// later start dominates an earlier one with nothing between).
	masks, thinned snapshot.Tags
	slots          snapshot.Tags // tags events with their slot
}

// planPostings returns the postings plan of e, or nil when it scans the
// columns: counting sessions (a session is cut by events of every name,
// so the postings cannot give them cheaply), or names so frequent that
// reading all events costs less than reading their postings.
func planPostings(e *engine) *posted {
	if e.sess != nil || forcedPath == columnPath {
		return nil
	}
	l, m := e.l, e.match
	p := &posted{}
	var names []int32
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
		s := len(names) // < 64: each of the matcher's (at most 64) patterns has one name
		drive := bits&1 != 0
		if e.f.Order == spec.AnyOrder { // a unit starts at any step
			drive = bits&stepBits != 0
		}
		if drive {
			p.drive |= 1 << s
		}
		if m.static[id] == 1 && bits == 1 {
			p.stepOne = 1 << s
		}
		names, p.masks.Words[s], p.slots.Words[s] = append(names, id), m.static[id], uint64(s)
		total += l.NameCounts()[id]
	}
	if forcedPath == autoPath && total > l.NumEvents()/3 {
		return nil
	}
	p.thinned = p.masks
	p.thinned.Thin, p.thinned.Thinned = true, 1
	p.post = l.PostingsOf(names)
	return p
}

// postedUsers yields the users of [lo, hi) that can be in the funnel,
// each with w.cur on it, counting the postings read. Users whose names
// cannot start a unit are passed over; in a plain ordered funnel that
// only counts, so are the users whose only name is step 1's, counted as
// reaching step 1: about half of a funnel's entrants, each a header read.
func (w *worker) postedUsers(lo, hi int) iter.Seq[int] {
	return func(yield func(int) bool) {
		p := w.e.post
		c := w.e.l.Seek(p.post, int32(lo))
		w.cur = c
		bulk := uint64(0) // the slots of the users counted in bulk
		if w.countsStepOneInBulk() {
			bulk = p.stepOne
		}
		for u := c.User(); u >= 0 && u < int32(hi); u = c.User() {
			w.c.read += c.Count()
			switch s := c.Slots(); {
			case s&p.drive == 0:
				c.Skip()
			case s == bulk:
				w.c.reached[1]++
				c.Skip()
			default:
				if !yield(int(u)) {
					return
				}
				if c.User() == u { // the visit did not read it
					c.Skip()
				}
			}
		}
	}
}

// countsStepOneInBulk reports whether the worker may count the users of
// the first step's name only without visiting them: a plain ordered
// funnel of two steps or more whose visits only count units
// (engine.countsOnly), with one driving name, matching step 1 alone.
func (w *worker) countsStepOneInBulk() bool {
	e, p := w.e, w.e.post
	return e.countsOnly && e.plain && e.seg == nil && w.ord != nil && e.k >= 2 && p.drive == p.stepOne
}

// firstStepOnly settles, without decoding its events, a user of a plain
// ordered funnel whose only events in the postings are of the name
// matching step 1 and nothing else: the user reaches step 1 and no
// further. It reports whether it did.
func (w *worker) firstStepOnly(u *unit) bool {
	e, c := w.e, w.cur
	if !e.plain || !e.unitsOnly || w.ord == nil || e.k < 2 || c.Slots() != e.post.stepOne {
		return false
	}
	// start is the user's first event: plain funnels keep every event.
	u.first, u.start, u.done, u.level, u.ttc[1] = int(c.First()), int(e.l.Offsets[c.User()]), -1, 1, 0
	c.Skip()
	return true
}

// gatherPosted is unit's gathering from the postings of the current user:
// its events of the funnel's names in index order, through the same
// matching and filters as the column loops.
func (w *worker) gatherPosted(u *unit) {
	e, p := w.e, w.e.post
	if e.plain { // an event's patterns are its name's, and every event is kept
		tags := &p.masks
		if e.unitsOnly {
			tags = &p.thinned
		}
		w.idx, w.times, w.masks = w.cur.Take(w.idx, w.times, w.masks, tags)
		for g, m := range w.masks {
			if m&1 != 0 {
				u.first = int(w.idx[g])
				return
			}
		}
		return
	}
	// The slots are read into masks, then each event is matched in place.
	w.idx, w.times, w.masks = w.cur.Take(w.idx, w.times, w.masks, &p.slots)
	names, n := p.post.Names(), 0
	for j, s := range w.masks {
		i := w.idx[j]
		name := names[s]
		m := e.match.static[name] | e.match.condBitsOf(name, int(i))
		if m == 0 || !e.keep.keep(int(i)) {
			continue
		}
		if u.first < 0 && m&1 != 0 {
			u.first = int(i)
		}
		w.masks[n], w.idx[n], w.times[n] = m, i, w.times[j]
		n++
	}
	w.masks, w.idx, w.times = w.masks[:n], w.idx[:n], w.times[:n]
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
