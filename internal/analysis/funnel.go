package analysis

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// StepResult is one funnel step's figures.
type StepResult struct {
	Name                   string
	Count                  int     // units (users or sessions) reaching the step
	ConvFromStart          float64 // Count / first step's Count
	ConvFromPrev           float64 // Count / previous step's Count
	CIStart, CIPrev        [2]float64
	Dropped                int     // previous step's Count - Count
	MedianSeconds, P90Secs float64 // time to convert from the first step
	Histogram              []Bucket
}

// Bucket is one bar of a time-to-convert histogram: units converting in [From, To) seconds.
type Bucket struct {
	From, To float64
	Count    int
}

// FunnelResult is a computed funnel.
type FunnelResult struct {
	Steps []StepResult
	Unit  spec.Unit
	// Sessions splits the converters by when they converted; nil for
	// funnels in any order or counting sessions, where it has no meaning.
	Sessions *SessionSplit
	// EventsRead is how many events the computation read: every event,
	// or only its steps' postings (see postings.go). For bench, not shown.
	EventsRead int
}

// SessionSplit is when the users completing an ordered funnel first
// completed it (docs/semantics.md, "First session or later"): in their
// first session (the session of their first event kept by the filters),
// or in a later one; and the median time from that first event to
// completing, of the later ones.
type SessionSplit struct {
	First, Later    int
	LaterMedianSecs float64
}

// LaterShare is the share of the converters converting after their first
// session, 0 without converters.
func (s *SessionSplit) LaterShare() float64 { return ratio(s.Later, s.First+s.Later) }

// WeakestStep is the step (index > 0) with the highest drop-off rate from
// the step before, more units lost breaking a tie; -1 when nobody drops.
func (r *FunnelResult) WeakestStep() int {
	at := -1
	for i := 1; i < len(r.Steps); i++ {
		s := r.Steps[i]
		if s.Dropped == 0 {
			continue
		}
		if at < 0 || s.ConvFromPrev < r.Steps[at].ConvFromPrev ||
			(s.ConvFromPrev == r.Steps[at].ConvFromPrev && s.Dropped > r.Steps[at].Dropped) {
			at = i
		}
	}
	return at
}

// unit is what one user or session contributes to a funnel.
type unit struct {
	level int
	first int // index of its first step-1 event (breakdowns), -1 if none
	ttc   []int64
	// done is the index of the event first completing the funnel, -1 if
	// none or not tracked (any order); start is the unit's first event
	// kept by the filters, when done is tracked: its session is the first.
	done, start int
}

// counter accumulates units.
type counter struct {
	reached []int       // reached[j]: units at level >= j (j = 1..k)
	ttc     []durations // per level: times to convert
	// split is the log when the counter splits converters by session
	// (ordered funnels of users), else nil; gap cuts the sessions.
	split     *snapshot.Log
	gap       int64
	firstSess int
	later     durations // from the first step-1 event to completing
	// pending holds the converters not split yet: (start, done) event
	// pairs, split in one batch by settle.
	pending [][2]int32
	read    int // events read to count them (FunnelResult.EventsRead)
}

func newCounter(k int) *counter {
	return &counter{reached: make([]int, k+1), ttc: make([]durations, k+1)}
}

func (c *counter) add(u *unit) {
	for j := 1; j <= u.level; j++ {
		c.reached[j]++
		if j > 1 { // step 1's time to convert is 0 and never reported
			c.ttc[j].add(u.ttc[j])
		}
	}
	if c.split != nil && u.done >= 0 {
		c.pending = append(c.pending, [2]int32{int32(u.start), int32(u.done)})
	}
}

// settle splits the pending converters by session. Each split reads the
// session and time columns at two places far from any other converter's:
// cache misses that, in one loop of independent iterations, overlap
// instead of adding up as they do one unit at a time.
func (c *counter) settle() {
	l := c.split
	if l == nil {
		return
	}
	for _, p := range c.pending {
		start, done := int(p[0]), int(p[1])
		if l.SameSession(start, done, c.gap) {
			c.firstSess++
		} else {
			c.later.add(l.Time[done] - l.Time[start])
		}
	}
	c.pending = c.pending[:0]
}

// release gives c's durations back to their pool, once its results are
// computed: the results keep none of them.
func (c *counter) release() {
	for j := range c.ttc {
		c.ttc[j].release()
	}
	c.later.release()
}

func (c *counter) merge(o *counter) {
	for j := range c.reached {
		c.reached[j] += o.reached[j]
		c.ttc[j].merge(&o.ttc[j])
	}
	c.firstSess += o.firstSess
	c.later.merge(&o.later)
	c.pending = append(c.pending, o.pending...)
	c.read += o.read
}

// engine is a funnel compiled against one log.
type engine struct {
	l      *snapshot.Log
	f      spec.Funnel
	k      int
	match  *matcher
	keep   *filter
	exTo   []int
	sess   []int32
	split  bool // the workers split the converters by session (see splitBySession)
	window int64
	seg    *segmentFilter // nil: every unit
	post   *posted        // the postings to read, nil: the columns (postings.go)
	// plain is a funnel whose steps and exclusions have no conditions and
	// whose filters keep every event: an event's name decides its patterns.
	plain bool
	// unitsOnly: the visits read only the units, never a worker's scratch
	// (set by readUnitsOnly), so a unit may be settled without filling it.
	unitsOnly bool
	// countsOnly: the visits only add the units to the worker's counter
	// (Funnel), so users can be counted without a unit (countStepOneRun).
	countsOnly bool
}

func compileFunnel(l *snapshot.Log, f spec.Funnel) (*engine, error) {
	k := len(f.Steps)
	if k == 0 {
		return nil, fmt.Errorf("a funnel needs at least one step")
	}
	if f.Order == spec.AnyOrder && len(f.Exclude) > 0 {
		// An exclusion sits between two steps of a chain; an any-order
		// level has no chain to sit in (docs/semantics.md, "Exclusions").
		// Refused rather than silently ignored, as it was.
		return nil, fmt.Errorf("exclusions apply to ordered funnels: drop --exclude or use --order strict")
	}
	pats := append([]spec.Step(nil), f.Steps...)
	var exTo []int
	for _, x := range f.Exclude {
		to := x.To
		if to == 0 {
			to = k
		}
		if to < 2 || to > k {
			return nil, fmt.Errorf("exclusion %s: its end step must be 2..%d", x.Event.Name, k)
		}
		pats = append(pats, x.Event)
		exTo = append(exTo, to)
	}
	m, err := compileMatcher(l, pats)
	if err != nil {
		return nil, err
	}
	keep, err := compileFilter(l, f.Where, f.From, f.To)
	if err != nil {
		return nil, err
	}
	seg, err := compileSegment(l, f.Segment)
	if err != nil {
		return nil, err
	}
	e := &engine{l: l, f: f, k: k, match: m, keep: keep, exTo: exTo, window: f.Window, seg: seg,
		plain: !m.anyConds && keep.all}
	if e.window <= 0 {
		e.window = spec.DefaultWindow
	}
	if f.Count == spec.Sessions {
		e.sess = l.Sessions(f.SessionGap)
	}
	e.post = planPostings(e)
	return e, nil
}

// splitBySession makes the engine's workers split the converters by
// session (FunnelResult.Sessions) when the funnel has a split: ordered,
// counting users. Only Funnel and Breakdown report it; Trends and the
// paths after a step skip its per-unit cost.
func (e *engine) splitBySession() {
	e.split = e.sess == nil && e.f.Order != spec.AnyOrder
}

// readUnitsOnly tells the workers that the visits read the units alone,
// not a worker's gathered events or chains (ReachStep does), so that a
// user whose events can only reach step 1 is settled without decoding
// them (firstStepOnly).
func (e *engine) readUnitsOnly() { e.unitsOnly = true }

// Funnel computes f over l.
func Funnel(l *snapshot.Log, f spec.Funnel) (*FunnelResult, error) {
	e, err := compileFunnel(l, f)
	if err != nil {
		return nil, err
	}
	e.splitBySession()
	e.readUnitsOnly()
	e.countsOnly = true
	total, err := scanUsers(l, func(lo, hi int) *worker {
		w := e.newWorker()
		w.users(lo, hi, func(_ int, u *unit) { w.c.add(u) })
		w.c.settle()
		return w
	}, func(total, w *worker) { total.c.merge(w.c) })
	if err != nil {
		return nil, err
	}
	defer total.c.release()
	return e.result(total.c), nil
}

// worker is one goroutine's share of a funnel computation: the units'
// counts, and the scratch of computing them.
type worker struct {
	e     *engine
	ord   *ordered
	any   *anyOrder
	c     *counter
	masks []uint64
	idx   []int32
	times []int64 // times of idx, gathered in the sequential pass
	only  int32   // when non-zero, the one session unit looks at
	spans []span
	cur   *snapshot.Cursor // on the postings path, at the current user
}

func (e *engine) newWorker() *worker {
	w := &worker{e: e, c: newCounter(e.k)}
	if e.split {
		w.c.split, w.c.gap = e.l, e.f.SessionGap
	}
	if e.f.Order == spec.AnyOrder {
		w.any = newAnyOrder(e.k, e.window)
	} else {
		w.ord = newOrdered(e.k, e.window, e.exTo)
	}
	return w
}

// users computes the units of users [lo, hi), users or sessions, and calls
// visit with each and its user: every user, but only the sessions that
// reach step 1. The unit is reused by the next call.
func (w *worker) users(lo, hi int, visit func(user int, u *unit)) {
	l, e := w.e.l, w.e
	u := &unit{ttc: make([]int64, e.k+1)}
	for user := range w.scanned(lo, hi) {
		a, b := int(l.Offsets[user]), int(l.Offsets[user+1])
		if e.sess == nil {
			w.unit(a, b, u)
			e.seg.apply(u)
			visit(user, u)
			continue
		}
		for _, sp := range w.sessionSpans(a, b) {
			w.only = sp.s
			w.unit(sp.lo, sp.hi, u)
			e.seg.apply(u)
			w.only = 0
			if u.level > 0 {
				visit(user, u)
			}
		}
	}
}

type span struct {
	s      int32
	lo, hi int
}

// sessionSpans lists the user's sessions with the index range each spans.
// Export session ids may interleave, so a range can hold other sessions'
// events too; unit skips those through w.only.
func (w *worker) sessionSpans(a, b int) []span {
	w.spans = w.spans[:0]
	sess := w.e.sess
	for i := a; i < b; i++ {
		s := sess[i]
		found := false
		for k := len(w.spans) - 1; k >= 0; k-- {
			if w.spans[k].s == s {
				w.spans[k].hi, found = i+1, true
				break
			}
		}
		if !found {
			w.spans = append(w.spans, span{s, i, i + 1})
		}
	}
	return w.spans
}

// gatherPlain is unit's gathering loop for the common case of steps
// without conditions, no filters and users as units: the loop that a
// funnel spends most of its time in, with nothing but the name lookup.
func (w *worker) gatherPlain(a, b int, u *unit) {
	l, static := w.e.l, w.e.match.static
	names, times := l.Name[a:b], l.Time[a:b]
	for j, n := range names {
		m := static[n]
		if m == 0 {
			continue
		}
		if u.first < 0 && m&1 != 0 {
			u.first = a + j
		}
		w.masks, w.idx, w.times = append(w.masks, m), append(w.idx, int32(a+j)), append(w.times, times[j])
	}
}

// unit computes the level of the events [a, b) into u.
func (w *worker) unit(a, b int, u *unit) {
	l, e := w.e.l, w.e
	stepBits := uint64(1)<<e.k - 1
	w.masks, w.idx, w.times = w.masks[:0], w.idx[:0], w.times[:0]
	u.first, u.done = -1, -1
	// The name's static bits first: most events match no pattern, and this
	// skips them with one table lookup.
	static, withConds, keepAll, only := e.match.static, e.match.anyConds, e.keep.all, w.only
	switch {
	case w.cur != nil:
		if w.firstStepOnly(u) {
			return
		}
		w.gatherPosted(u)
	case !withConds && keepAll && only == 0:
		w.gatherPlain(a, b, u)
	default:
		for i := a; i < b; i++ {
			m := static[l.Name[i]]
			if withConds {
				m |= e.match.condBits(l, i)
			}
			if m == 0 || (!keepAll && !e.keep.keep(i)) || (only != 0 && e.sess[i] != only) {
				continue
			}
			if u.first < 0 && m&1 != 0 {
				u.first = i
			}
			w.masks, w.idx, w.times = append(w.masks, m), append(w.idx, int32(i)), append(w.times, l.Time[i])
		}
	}
	if w.any != nil {
		if u.first < 0 && len(w.idx) > 0 {
			u.first = int(w.idx[0]) // any order: the first event of any step
		}
		w.any.run(l.Time, w.idx, w.masks, stepBits, u)
		return
	}
	if u.first < 0 {
		u.level = 0
		return
	}
	if e.split {
		u.start = w.firstKept(a)
	}
	o := w.ord
	o.reset()
	times := w.times
	for g := 0; g < len(times); {
		t := times[g]
		h := g + 1
		for h < len(times) && times[h] == t {
			h++
		}
		before := o.level
		if h == g+1 {
			o.single(t, w.masks[g]&stepBits)
		} else {
			o.group(t, w.stepMasks(g, h, stepBits))
		}
		if before < e.k && o.level == e.k {
			u.done = w.lastStepEvent(g, h)
		}
		for x := range e.exTo {
			for i := g; i < h; i++ {
				if w.masks[i]>>e.k&(1<<x) != 0 {
					o.exclude(t, x)
					break
				}
			}
		}
		g = h
	}
	u.level = o.level
	for j := 1; j <= o.level; j++ {
		u.ttc[j] = o.ttcE[j] - o.ttcS[j]
	}
}

// firstKept returns the index of the first event of [a, b) the filters
// keep; there is one, since a step-1 event was kept.
func (w *worker) firstKept(a int) int {
	for !w.e.keep.keep(a) {
		a++
	}
	return a
}

// lastStepEvent returns the index of an event of group [g, h) matching the
// last step: the event completing the funnel (any of them: they share a
// time, so a session).
func (w *worker) lastStepEvent(g, h int) int {
	last := uint64(1) << (w.e.k - 1)
	for i := g; i < h; i++ {
		if w.masks[i]&last != 0 {
			return int(w.idx[i])
		}
	}
	return int(w.idx[g])
}

// stepMasks returns the step bits of group [g, h), without events that match no step.
func (w *worker) stepMasks(g, h int, stepBits uint64) []uint64 {
	out := make([]uint64, 0, h-g)
	for i := g; i < h; i++ {
		if m := w.masks[i] & stepBits; m != 0 {
			out = append(out, m)
		}
	}
	return out
}

// result turns counts into step figures.
func (e *engine) result(c *counter) *FunnelResult {
	r := &FunnelResult{Unit: e.f.Count, EventsRead: c.read}
	for j := 1; j <= e.k; j++ {
		s := StepResult{Name: e.f.Steps[j-1].String(), Count: c.reached[j]}
		s.ConvFromStart = ratio(c.reached[j], c.reached[1])
		s.CIStart[0], s.CIStart[1] = Wilson(c.reached[j], c.reached[1])
		prev := c.reached[1]
		if j > 1 {
			prev = c.reached[j-1]
		}
		s.ConvFromPrev = ratio(c.reached[j], prev)
		s.CIPrev[0], s.CIPrev[1] = Wilson(c.reached[j], prev)
		s.Dropped = prev - c.reached[j]
		r.Steps = append(r.Steps, s)
	}
	var figures []func()
	for j := 2; j <= e.k; j++ {
		if c.ttc[j].count() > 0 {
			figures = append(figures, func() { stepFigures(&r.Steps[j-1], &c.ttc[j]) })
		}
	}
	if c.split != nil {
		c.settle()
		r.Sessions = &SessionSplit{First: c.firstSess, Later: c.later.count()}
		if r.Sessions.Later > 0 {
			figures = append(figures, func() {
				var q [1]int64
				quantiles(c.later.parts(), []float64{0.5}, q[:], nil)
				r.Sessions.LaterMedianSecs = float64(q[0]) / 1e6
			})
		}
	}
	if c.values() >= parallelFigures {
		together(figures)
	} else {
		for _, f := range figures {
			f()
		}
	}
	return r
}

// parallelFigures is how many times to convert make result compute the
// steps' figures on goroutines of their own: on one core after the
// scan's merge, a 10 M-event funnel's took ~0.7 ms of its ~11, while a
// breakdown's small segments would spend more starting goroutines.
var parallelFigures = 1 << 15 // a variable for the tests

// values is how many durations c holds.
func (c *counter) values() int {
	n := c.later.count()
	for j := range c.ttc {
		n += c.ttc[j].count()
	}
	return n
}

// stepFigures sets a step's median, p90 and histogram from its times to
// convert.
func stepFigures(s *StepResult, d *durations) {
	var q [2]int64
	bins := make([]int, len(histogramEdges))
	quantiles(d.parts(), []float64{0.5, 0.9}, q[:], bins)
	s.MedianSeconds, s.P90Secs = float64(q[0])/1e6, float64(q[1])/1e6
	s.Histogram = histogram(bins)
}

// histogramEdges are the histogram's bins' lower ends, in seconds.
var histogramEdges = [...]float64{0, 60, 300, 900, 3600, 6 * 3600, 86400, 3 * 86400, 7 * 86400}

// histogram is the bars of a time-to-convert histogram on a log-like
// scale of human units, from the count of each bin (histogramBin).
func histogram(bins []int) []Bucket {
	b := make([]Bucket, len(histogramEdges))
	for i, e := range histogramEdges {
		b[i].From, b[i].To, b[i].Count = e, -1, bins[i] // the last is open-ended
		if i+1 < len(histogramEdges) {
			b[i].To = histogramEdges[i+1]
		}
	}
	return b
}

// binOfBucket is the histogram bin (histogramBin) of every value of a
// quantile bucket (bucketOf), -1 when an edge cuts the bucket: quantiles
// bins most values by it and compares with the edges only in the few
// cut buckets.
var binOfBucket = func() (bins [buckets]int8) {
	for b := range bins {
		lo, hi := bucketRange(b)
		bins[b] = int8(histogramBin(lo))
		if histogramBin(hi) != int(bins[b]) {
			bins[b] = -1
		}
	}
	return bins
}()

// histogramBin is the bin of duration v (µs): the last edge it reaches,
// 0 for a negative v.
func histogramBin(v int64) int {
	bin := 0
	for bin+1 < len(histogramEdges) && v >= int64(histogramEdges[bin+1])*1e6 {
		bin++
	}
	return bin
}
