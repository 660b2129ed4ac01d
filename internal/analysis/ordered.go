package analysis

import (
	"math"
	"math/bits"
)

const none = math.MinInt64

// ordered finds, for one unit (a user, or a session), the highest funnel
// level any valid chain reaches (docs/semantics.md, "Funnel"): distinct events
// e1..ej matching steps 1..j, times non-decreasing, t(ej)-t(e1) <= window.
//
// It keeps, per level, the latest start (time of e1) of a chain reaching
// it: a later start leaves the most room in the window, so it dominates
// (the "latest anchor wins" rule of ClickHouse windowFunnel and PostHog).
// Events with equal times form a group that may be used in any order, so
// for a group it asks which run of steps can be given distinct events: a
// small bipartite matching, which also keeps one event from filling two
// steps.
type ordered struct {
	k      int
	window int64
	exTo   []int // per exclusion: the step (1-based) it ends at

	best  []int64 // best[j]: latest start of a live chain at level j, none if none
	level int     // highest level reached
	ttcS  []int64 // per level: latest start ever reaching it
	ttcE  []int64 // ... and when that start first reached it

	// group scratch
	pre     []int64
	gm      []uint64
	owner   []int
	visited []bool
}

func newOrdered(k int, window int64, exTo []int) *ordered {
	o := &ordered{k: k, window: window, exTo: exTo, level: k, // so that reset clears every level
		best: make([]int64, k+1), ttcS: make([]int64, k+1), ttcE: make([]int64, k+1), pre: make([]int64, k+1)}
	o.reset()
	return o
}

// reset readies o for the next unit. Only reach sets a level's entries,
// and never above the level it records, so the levels above o.level are
// still none from the last reset.
func (o *ordered) reset() {
	for j := 0; j <= o.level; j++ {
		o.best[j], o.ttcS[j], o.ttcE[j] = none, none, none
	}
	o.level = 0
}

// reach records that a chain starting at s reaches level j at time t.
func (o *ordered) reach(j int, s, t int64) {
	if s > o.best[j] {
		o.best[j] = s
	}
	if s > o.ttcS[j] {
		o.ttcS[j], o.ttcE[j] = s, t
	}
	if j > o.level {
		o.level = j
	}
}

// single handles a group of one event with step bits m.
func (o *ordered) single(t int64, m uint64) {
	// Highest step first, so the event extends chains as they were before
	// it; only the event's steps are visited (most events match one).
	for rest := m &^ 1; rest != 0; {
		j := bits.Len64(rest) // the highest step left, 1-based
		rest &^= 1 << (j - 1)
		if s := o.best[j-1]; s != none && t-s <= o.window {
			o.reach(j, s, t)
		}
	}
	if m&1 != 0 {
		o.reach(1, t, t)
	}
}

// group handles events sharing time t, with step bits masks.
func (o *ordered) group(t int64, masks []uint64) {
	copy(o.pre, o.best)
	o.gm = masks
	for a := 0; a < o.k; a++ {
		s := t // a == 0: a new chain anchored in the group
		if a > 0 {
			s = o.pre[a]
			if s == none || t-s > o.window {
				continue
			}
		}
		b := o.maxReach(a)
		for j := a + 1; j <= b; j++ {
			o.reach(j, s, t)
		}
	}
}

// maxReach returns the highest level reachable from level a using distinct
// group events for steps a+1, a+2, ...: it adds steps one at a time and
// stops at the first that no augmenting path can serve.
func (o *ordered) maxReach(a int) int {
	n := len(o.gm)
	if cap(o.owner) < n {
		o.owner, o.visited = make([]int, n), make([]bool, n)
	}
	o.owner, o.visited = o.owner[:n], o.visited[:n]
	for e := range o.owner {
		o.owner[e] = -1
	}
	reach := a
	for step := a; step < o.k; step++ {
		for e := range o.visited {
			o.visited[e] = false
		}
		if !o.augment(step) {
			break
		}
		reach = step + 1
	}
	return reach
}

func (o *ordered) augment(step int) bool {
	for e, m := range o.gm {
		if m&(1<<step) == 0 || o.visited[e] {
			continue
		}
		o.visited[e] = true
		if o.owner[e] < 0 || o.augment(o.owner[e]) {
			o.owner[e] = step
			return true
		}
	}
	return false
}

// exclude applies an excluded event at time t for exclusion x: live chains
// past step 1 but short of the exclusion's end step that started before t
// can no longer be extended across it. Chains that already reached a level
// keep it: the excluded event is not between their steps.
func (o *ordered) exclude(t int64, x int) {
	to := o.exTo[x]
	for j := 1; j < to; j++ {
		if o.best[j] != none && o.best[j] < t {
			o.best[j] = none
		}
	}
}
