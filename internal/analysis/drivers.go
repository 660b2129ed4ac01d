package analysis

import (
	"cmp"
	"math"
	"slices"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Driver is one event name's association with reaching the goal. A user
// "did X" when X happened before their first goal event (converters) or at
// all (non-converters), so that what follows the goal cannot explain it.
type Driver struct {
	Event             string
	With              int        // users who did X
	WithConverted     int        // of them, converters
	Without           int        // users who did not do X
	WithoutConverted  int        // of them, converters
	PWith, PWithout   float64    // WithConverted/With, WithoutConverted/Without (0 when the base is 0)
	CIWith, CIWithout [2]float64 // 95% Wilson intervals of PWith and PWithout
	// Lift is PWith/PWithout: +Inf when PWith > 0 and PWithout is 0, NaN
	// when undefined (nobody is without X, or neither group converts).
	Lift   float64
	PValue float64 // two-proportion z-test of PWith against PWithout
	// MedianSeconds is the nearest-rank median (lower middle for an even
	// count, as the funnel's) of the time from the first X to the first
	// goal event, over the converters with X; 0 when there are none.
	MedianSeconds float64
	// LowSupport marks drivers done by fewer than MinUsers users; they are
	// listed after all the others.
	LowSupport bool
}

// DriversResult lists the drivers of a goal, strongest lift first.
type DriversResult struct {
	Goal       string
	Users      int // users with at least one event after the global filters
	Converters int // of them, users with a goal event
	MinUsers   int
	Drivers    []Driver
}

// driversPart is one goroutine's share of a drivers computation.
type driversPart struct {
	with, withConv []int32   // per name id
	ttg            [][]int64 // per name id: µs from the first X to the first goal
	users, conv    int
}

func newDriversPart(names int) *driversPart {
	return &driversPart{with: make([]int32, names), withConv: make([]int32, names), ttg: make([][]int64, names)}
}

// merge adds the counts of part o to p.
func (p *driversPart) merge(o *driversPart) {
	p.users += o.users
	p.conv += o.conv
	for x := range p.with {
		p.with[x] += o.with[x]
		p.withConv[x] += o.withConv[x]
		p.ttg[x] = append(p.ttg[x], o.ttg[x]...)
	}
}

// unsetTime marks a name not yet seen in the current user.
const unsetTime = math.MinInt64

// Drivers computes, for every event name other than the goal's, how the
// users who did it before their first goal event convert compared with
// those who did not (docs/semantics.md, "Drivers"). Users are those with
// at least one event left by the global filters; a converter is one with a
// goal event (matching the goal's conditions). Events of the goal's name
// are never candidates, nor are names nobody did; drivers done by fewer
// than MinUsers users are kept but listed last, marked LowSupport.
func Drivers(l *snapshot.Log, d spec.Drivers) (*DriversResult, error) {
	goal, err := compileStep(l, "goal", d.Goal)
	if err != nil {
		return nil, err
	}
	keep, err := compileFilter(l, d.Where, d.From, d.To)
	if err != nil {
		return nil, err
	}
	all := keep.all // hoisted: the hot loops skip the call when nothing is filtered
	nn := len(l.Names)
	total, err := scanUsers(l, func(lo, hi int) *driversPart {
		p := newDriversPart(nn)
		first := make([]int64, nn)
		for i := range first {
			first[i] = unsetTime
		}
		touched := make([]int32, 0, 64)
		name, tm := l.Name, l.Time
		for u := lo; u < hi; u++ {
			a, b := int(l.Offsets[u]), int(l.Offsets[u+1])
			gi, kept := -1, false
			for i := a; i < b; i++ {
				if !all && !keep.keep(i) {
					continue
				}
				kept = true
				x := name[i]
				if x == goal.name {
					if goal.holds(i) {
						gi = i
						break
					}
					continue
				}
				if first[x] == unsetTime {
					first[x] = tm[i]
					touched = append(touched, x)
				}
			}
			if !kept {
				continue
			}
			p.users++
			if gi >= 0 {
				p.conv++
				tg := tm[gi]
				for _, x := range touched {
					p.with[x]++
					p.withConv[x]++
					p.ttg[x] = append(p.ttg[x], tg-first[x])
					first[x] = unsetTime
				}
			} else {
				for _, x := range touched {
					p.with[x]++
					first[x] = unsetTime
				}
			}
			touched = touched[:0]
		}
		return p
	}, (*driversPart).merge)
	if err != nil {
		return nil, err
	}
	cs := make([]DriverCounts, 0, nn)
	for x := 1; x < nn; x++ {
		if x != int(goal.name) {
			cs = append(cs, DriverCounts{Event: l.Names[x], With: int(total.with[x]),
				WithConverted: int(total.withConv[x]), ToGoal: total.ttg[x]})
		}
	}
	return DriversFromCounts(d, total.users, total.conv, cs), nil
}

// newDriver derives a driver's figures from its counts; ttg is reordered.
func newDriver(event string, with, withConv, users, conv int, ttg []int64, minUsers int) Driver {
	d := Driver{Event: event, With: with, WithConverted: withConv, Without: users - with,
		WithoutConverted: conv - withConv, LowSupport: with < minUsers}
	d.PWith, d.PWithout = ratio(d.WithConverted, d.With), ratio(d.WithoutConverted, d.Without)
	d.CIWith[0], d.CIWith[1] = Wilson(d.WithConverted, d.With)
	d.CIWithout[0], d.CIWithout[1] = Wilson(d.WithoutConverted, d.Without)
	d.Lift = lift(d.PWith, d.PWithout, d.With, d.Without)
	d.PValue = TwoProportionP(d.WithConverted, d.With, d.WithoutConverted, d.Without)
	if len(ttg) > 0 {
		d.MedianSeconds = float64(quantile(ttg, 0.5)) / 1e6
	}
	return d
}

// lift is pWith/pWithout, +Inf when only the with-group converts and NaN
// when it is undefined.
func lift(pWith, pWithout float64, with, without int) float64 {
	switch {
	case with == 0 || without == 0 || (pWith == 0 && pWithout == 0):
		return math.NaN()
	case pWithout == 0:
		return math.Inf(1)
	}
	return pWith / pWithout
}

// sortDrivers orders supported drivers before low-support ones, each by
// lift descending (+Inf first, NaN last), ties by name.
func sortDrivers(ds []Driver) {
	slices.SortFunc(ds, func(a, b Driver) int {
		if a.LowSupport != b.LowSupport {
			if a.LowSupport {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(b.Lift, a.Lift); c != 0 { // NaN compares lowest: last
			return c
		}
		return cmp.Compare(a.Event, b.Event)
	})
}
