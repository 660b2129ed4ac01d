package analysis

import (
	"math/rand/v2"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// refUnit is one unit of the brute-force reference: its level, and the
// event that dates it and carries its breakdown value, its first step-1
// event (under --order any, lacking one, its first event of any step).
type refUnit struct{ level, first int }

// refFunnelUnits is the brute-force view of a funnel's units: every user,
// or every session of every user (the events of one session, in order,
// even when another session's events come between them), that reaches
// step 1; and the funnel's number of steps.
func refFunnelUnits(t *testing.T, l *snapshot.Log, f spec.Funnel) (units []refUnit, k int) {
	t.Helper()
	e, err := compileFunnel(l, f)
	if err != nil {
		t.Fatal(err)
	}
	sess := l.Sessions(f.SessionGap)
	unit := func(idx []int) {
		var evs []refEvent
		var idxKept []int
		first := -1
		for _, i := range idx {
			if !e.keep.keep(i) {
				continue
			}
			m := e.match.mask(l, i)
			if m == 0 {
				continue
			}
			if first < 0 && m&1 != 0 {
				first = i
			}
			evs = append(evs, refEvent{l.Time[i], m})
			idxKept = append(idxKept, i)
		}
		lv := 0
		if f.Order == spec.AnyOrder {
			lv = refAny(evs, e.k, e.window)
		} else {
			lv, _ = refOrdered(evs, e.k, e.window, e.exTo)
		}
		if lv == 0 {
			return
		}
		if first < 0 && f.Order == spec.AnyOrder && len(idxKept) > 0 {
			first = idxKept[0] // any order may start without step 1: its first step event
		}
		units = append(units, refUnit{lv, first})
	}
	for u := 0; u < l.NumUsers(); u++ {
		a, b := int(l.Offsets[u]), int(l.Offsets[u+1])
		if f.Count == spec.Users {
			var idx []int
			for i := a; i < b; i++ {
				idx = append(idx, i)
			}
			unit(idx)
			continue
		}
		bySession := map[int32][]int{}
		var order []int32
		for i := a; i < b; i++ {
			if _, ok := bySession[sess[i]]; !ok {
				order = append(order, sess[i])
			}
			bySession[sess[i]] = append(bySession[sess[i]], i)
		}
		for _, s := range order {
			unit(bySession[s])
		}
	}
	return units, e.k
}

// refUnits is refFunnelUnits as each unit's level and its breakdown value
// (of f.By).
func refUnits(t *testing.T, l *snapshot.Log, f spec.Funnel) (levels []int, values []string) {
	t.Helper()
	var col []int32
	if f.By != "" {
		key, _ := l.KeyID(f.By)
		var err error
		if col, err = l.Prop(key); err != nil {
			t.Fatal(err)
		}
	}
	units, _ := refFunnelUnits(t, l, f)
	for _, u := range units {
		v := ""
		if col != nil && u.first >= 0 {
			v = l.Values[col[u.first]]
		}
		levels, values = append(levels, u.level), append(values, v)
	}
	return levels, values
}

func refCounts(levels []int, values []string, k int, value string, all bool) []int {
	c := make([]int, k+1)
	for i, lv := range levels {
		if all || values[i] == value {
			for j := 1; j <= lv; j++ {
				c[j]++
			}
		}
	}
	return c
}

// randomUnitFunnel is a randomFunnel counting users or sessions, a third
// of the time in any order, a quarter of the time with a global filter
// or a date range.
func randomUnitFunnel(r *rand.Rand) spec.Funnel {
	f := randomFunnel(r)
	f.Count = spec.Unit(r.IntN(2))
	if r.IntN(3) == 0 {
		f.Order, f.Exclude = spec.AnyOrder, nil
	}
	if r.IntN(4) == 0 {
		f.Where = []spec.Cond{{Key: "p", Op: spec.Op(r.IntN(3)), Value: "2"}}
	}
	if r.IntN(4) == 0 {
		f.From, f.To = int64(r.IntN(6))*10, int64(6+r.IntN(6))*10
	}
	return f
}

func TestFunnelCountsOfUsersAndSessionsMatchTheBruteForceReference(t *testing.T) {
	onBothPaths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(21, 8))
		for trial := 0; trial < 1500; trial++ {
			l := randomLog(r, 6, 9)
			f := randomUnitFunnel(r)
			res, err := Funnel(l, f)
			if err != nil {
				t.Fatal(err)
			}
			levels, values := refUnits(t, l, f)
			want := refCounts(levels, values, len(f.Steps), "", true)
			for j, s := range res.Steps {
				if s.Count != want[j+1] {
					t.Fatalf("trial %d step %d: %d units, reference %d\nfunnel %+v", trial, j+1, s.Count, want[j+1], f)
				}
			}
		}
	})
}

func TestBreakdownSegmentsMatchTheBruteForceReference(t *testing.T) {
	onBothPaths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 40))
		for trial := 0; trial < 1500; trial++ {
			l := randomLog(r, 8, 9)
			f := randomUnitFunnel(r)
			f.By = "p"
			_, segs, err := Breakdown(l, f)
			if err != nil {
				t.Fatal(err)
			}
			levels, values := refUnits(t, l, f)
			seen := map[string]bool{}
			for _, sg := range segs {
				seen[sg.Value] = true
				want := refCounts(levels, values, len(f.Steps), sg.Value, false)
				for j, s := range sg.Steps {
					if s.Count != want[j+1] {
						t.Fatalf("trial %d segment %q step %d: %d units, reference %d\nfunnel %+v", trial, sg.Value, j+1, s.Count, want[j+1], f)
					}
				}
			}
			for _, v := range values {
				if !seen[v] {
					t.Fatalf("trial %d: units with value %q have no segment (segments %d)", trial, v, len(segs))
				}
			}
		}
	})
}
