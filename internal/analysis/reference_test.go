package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// refEvent is one event of a unit as the reference sees it.
type refEvent struct {
	t    int64
	mask uint64 // steps (low bits) and exclusions (bits k..) it matches
}

// refOrdered is the deliberately simple reference for ordered funnels: it
// tries every chain of distinct events and returns the level, and per
// level the time to convert of the chain with the latest start (earliest
// completion among those).
func refOrdered(evs []refEvent, k int, window int64, exTo []int) (int, []int64) {
	level, ttc, _ := refChains(evs, k, window, exTo)
	return level, ttc
}

// refChains is refOrdered that also returns the earliest end of a chain
// through all k steps: when the unit first completes the funnel (none if
// it never does).
func refChains(evs []refEvent, k int, window int64, exTo []int) (int, []int64, int64) {
	level, done := 0, int64(none)
	bestS := make([]int64, k+1)
	bestD := make([]int64, k+1)
	for j := range bestS {
		bestS[j], bestD[j] = none, 0
	}
	used := make([]bool, len(evs))
	times := make([]int64, 0, k)
	var dfs func(j int)
	dfs = func(j int) { // j steps chosen, times[0..j-1]
		if j > 0 {
			if j > level {
				level = j
			}
			s, d := times[0], times[j-1]-times[0]
			if s > bestS[j] || (s == bestS[j] && d < bestD[j]) {
				bestS[j], bestD[j] = s, d
			}
		}
		if j == k {
			if end := times[k-1]; done == none || end < done {
				done = end
			}
			return
		}
		for i, e := range evs {
			if used[i] || e.mask&(1<<j) == 0 {
				continue
			}
			if j > 0 && (e.t < times[j-1] || e.t-times[0] > window) {
				continue
			}
			if j > 0 && blocked(evs, k, exTo, times[0], e.t, j+1) {
				continue
			}
			used[i] = true
			times = append(times, e.t)
			dfs(j + 1)
			times = times[:len(times)-1]
			used[i] = false
		}
	}
	dfs(0)
	ttc := make([]int64, k+1)
	for j := 1; j <= level; j++ {
		ttc[j] = bestD[j]
	}
	return level, ttc, done
}

// blocked reports whether adding step number step (1-based) at time t to a
// chain starting at s crosses an excluded event: one strictly between s and
// t, for an exclusion whose end step is at least step.
func blocked(evs []refEvent, k int, exTo []int, s, t int64, step int) bool {
	for x, to := range exTo {
		if step > to {
			continue
		}
		for _, e := range evs {
			if e.mask&(1<<(k+x)) != 0 && e.t > s && e.t < t {
				return true
			}
		}
	}
	return false
}

// refAny is the reference for --order any: for every window [t, t+W]
// starting at an event, the most steps served by distinct events, by
// trying all assignments.
func refAny(evs []refEvent, k int, window int64) int {
	level := 0
	for _, start := range evs {
		var in []uint64
		for _, e := range evs {
			if e.t >= start.t && e.t-start.t <= window {
				in = append(in, e.mask&(1<<k-1))
			}
		}
		level = max(level, refMatch(in, k, 0, make([]bool, len(in))))
	}
	return level
}

func refMatch(masks []uint64, k, step int, used []bool) int {
	if step == k {
		return 0
	}
	best := refMatch(masks, k, step+1, used) // leave this step unserved
	for i, m := range masks {
		if !used[i] && m&(1<<step) != 0 {
			used[i] = true
			best = max(best, 1+refMatch(masks, k, step+1, used))
			used[i] = false
		}
	}
	return best
}

// randomLog builds a small log with many ties, repeated names and a property.
func randomLog(r *rand.Rand, users, maxEvents int) *snapshot.Log {
	var b snapshot.Builder
	names := []string{"", "a", "b", "c", "x"}
	userNames := []string{""}
	for u := 1; u <= users; u++ {
		userNames = append(userNames, fmt.Sprintf("u%d", u))
		n := r.IntN(maxEvents + 1)
		for i := 0; i < n; i++ {
			props := []byte{1, 1, byte(1 + r.IntN(2))} // one pair: key 1 = value 1 or 2
			b.Add(int32(u), int32(1+r.IntN(4)), int64(r.IntN(12))*10, int32(1+r.IntN(2)), props)
		}
	}
	return b.Build(userNames, names, []string{"", "p"}, []string{"", "1", "2"})
}

func randomFunnel(r *rand.Rand) spec.Funnel {
	f := spec.Funnel{Window: int64(10 + r.IntN(100)), Order: spec.Ordered}
	k := 1 + r.IntN(4)
	for i := 0; i < k; i++ {
		st := spec.Step{Name: []string{"a", "b", "c"}[r.IntN(3)]}
		if r.IntN(4) == 0 {
			st.Conds = []spec.Cond{{Key: "p", Op: spec.Op(r.IntN(2)), Value: "1"}}
		}
		f.Steps = append(f.Steps, st)
	}
	if k >= 2 && r.IntN(3) == 0 {
		f.Exclude = []spec.Exclusion{{Event: spec.Step{Name: "x"}, To: 2 + r.IntN(k-1)}}
	}
	return f
}

// unitEvents lists the reference's view of events [a, b).
func unitEvents(e *engine, a, b int) []refEvent {
	var out []refEvent
	for i := a; i < b; i++ {
		if e.keep.keep(i) {
			if m := e.match.mask(e.l, i); m != 0 {
				out = append(out, refEvent{e.l.Time[i], m})
			}
		}
	}
	return out
}

func TestOrderedFunnelMatchesTheBruteForceReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := 0; trial < 3000; trial++ {
		l := randomLog(r, 4, 7)
		f := randomFunnel(r)
		e, err := compileFunnel(l, f)
		if err != nil {
			t.Fatal(err)
		}
		w := &worker{e: e, ord: newOrdered(e.k, e.window, e.exTo)}
		u := &unit{ttc: make([]int64, e.k+1)}
		for user := 0; user < l.NumUsers(); user++ {
			a, b := int(l.Offsets[user]), int(l.Offsets[user+1])
			w.unit(a, b, u)
			evs := unitEvents(e, a, b)
			lv, ttc := refOrdered(evs, e.k, e.window, e.exTo)
			if u.level != lv {
				t.Fatalf("trial %d user %d: level %d, reference %d\nfunnel %+v\nevents %+v", trial, user, u.level, lv, f, evs)
			}
			for j := 2; j <= lv; j++ {
				if u.ttc[j] != ttc[j] {
					t.Fatalf("trial %d user %d step %d: ttc %d, reference %d\nfunnel %+v\nevents %+v", trial, user, j, u.ttc[j], ttc[j], f, evs)
				}
			}
		}
	}
}

func TestAnyOrderFunnelMatchesTheBruteForceReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for trial := 0; trial < 3000; trial++ {
		l := randomLog(r, 4, 7)
		f := randomFunnel(r)
		f.Order, f.Exclude = spec.AnyOrder, nil
		e, err := compileFunnel(l, f)
		if err != nil {
			t.Fatal(err)
		}
		w := &worker{e: e, any: newAnyOrder(e.k, e.window)}
		u := &unit{ttc: make([]int64, e.k+1)}
		for user := 0; user < l.NumUsers(); user++ {
			a, b := int(l.Offsets[user]), int(l.Offsets[user+1])
			w.unit(a, b, u)
			if lv := refAny(unitEvents(e, a, b), e.k, e.window); u.level != lv {
				t.Fatalf("trial %d user %d: level %d, reference %d\nfunnel %+v\nevents %+v", trial, user, u.level, lv, f, unitEvents(e, a, b))
			}
		}
	}
}
