package analysis

import (
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/sample"
)

// plainLog builds a snapshot from plain events, assigning dictionary ids in
// order of first appearance (value id 1 is the empty string on purpose).
// The keys of randomPlainLog always exist, so that its conditions compile
// on any log.
func plainLog(evs []rawEvent) *snapshot.Log {
	return dictLog(evs, nil, []string{"src", "f"}, []string{""})
}

// plainUsers groups events by user, each user's events stably sorted by
// time (so equal times keep the order they were added in), users by name.
func plainUsers(evs []rawEvent) [][]rawEvent {
	by := map[string][]rawEvent{}
	var names []string
	for _, e := range evs {
		if _, ok := by[e.user]; !ok {
			names = append(names, e.user)
		}
		by[e.user] = append(by[e.user], e)
	}
	sort.Strings(names)
	var out [][]rawEvent
	for _, n := range names {
		u := by[n]
		sort.SliceStable(u, func(i, j int) bool { return u[i].t < u[j].t })
		out = append(out, u)
	}
	return out
}

// plainKeep is the reference of the global filters.
func plainKeep(e rawEvent, where []spec.Cond, from, to int64) bool {
	if (from != 0 && e.t < from) || (to != 0 && e.t >= to) {
		return false
	}
	for _, c := range where {
		v, ok := e.props[c.Key]
		switch c.Op {
		case spec.Eq:
			if !ok || v != c.Value {
				return false
			}
		case spec.Ne:
			if ok && v == c.Value {
				return false
			}
		}
	}
	return true
}

// plainIsGoal is the reference of a goal step (Eq conditions only).
func plainIsGoal(e rawEvent, g spec.Step) bool {
	if e.name != g.Name {
		return false
	}
	for _, c := range g.Conds {
		if e.props[c.Key] != c.Value {
			return false
		}
	}
	return true
}

// randomPlainLog makes a small log full of ties: few users, names goal,
// a, b, c, times on a coarse grid, a touch property src with an empty
// value among its values and a filter property f.
func randomPlainLog(r *rand.Rand, users int) []rawEvent {
	var evs []rawEvent
	withSessions := r.IntN(3) == 0
	for u := 0; u < users; u++ {
		n := r.IntN(9)
		for i := 0; i < n; i++ {
			e := rawEvent{user: "u" + strconv.Itoa(u), name: []string{"goal", "a", "b", "c"}[r.IntN(4)],
				t: int64(r.IntN(12)) * 10, props: map[string]string{}}
			if r.IntN(3) > 0 {
				e.props["src"] = []string{"", "x", "y", "z"}[r.IntN(4)]
			}
			if r.IntN(2) == 0 {
				e.props["f"] = []string{"1", "2"}[r.IntN(2)]
			}
			if withSessions && r.IntN(4) > 0 {
				e.session = []string{"s1", "s2"}[r.IntN(2)]
			}
			evs = append(evs, e)
		}
	}
	// Add in a shuffled user order: the builder must not depend on it.
	r.Shuffle(len(evs), func(i, j int) {
		if evs[i].user != evs[j].user {
			evs[i], evs[j] = evs[j], evs[i]
		}
	})
	return evs
}

// randomScope draws a goal and global filters the random logs can satisfy.
func randomScope(r *rand.Rand) (goal spec.Step, where []spec.Cond, from, to int64) {
	goal = spec.Step{Name: "goal"}
	if r.IntN(4) == 0 {
		goal.Conds = []spec.Cond{{Key: "src", Op: spec.Eq, Value: "x"}}
	}
	if r.IntN(4) == 0 {
		where = []spec.Cond{{Key: "f", Op: spec.Op(r.IntN(2)), Value: "1"}}
	}
	if r.IntN(4) == 0 {
		from = int64(r.IntN(6)) * 10
	}
	if r.IntN(4) == 0 {
		to = 60 + int64(r.IntN(6))*10
	}
	return
}

// refDriver is the brute-force reference's view of one driver.
type refDriver struct {
	with, withConv, without, withoutConv int
	ttg                                  []int64
}

// refDrivers computes drivers with maps of strings and plain loops.
func refDrivers(evs []rawEvent, d spec.Drivers) (users, conv int, out map[string]*refDriver) {
	out = map[string]*refDriver{}
	type userDid struct {
		converted bool
		first     map[string]int64
		goalT     int64
	}
	var all []userDid
	for _, u := range plainUsers(evs) {
		var kept []rawEvent
		for _, e := range u {
			if plainKeep(e, d.Where, d.From, d.To) {
				kept = append(kept, e)
			}
		}
		if len(kept) == 0 {
			continue
		}
		ud := userDid{first: map[string]int64{}}
		for _, e := range kept {
			if plainIsGoal(e, d.Goal) {
				ud.converted, ud.goalT = true, e.t
				break
			}
			if e.name == d.Goal.Name {
				continue
			}
			if _, ok := ud.first[e.name]; !ok {
				ud.first[e.name] = e.t
			}
		}
		all = append(all, ud)
	}
	for _, ud := range all {
		users++
		if ud.converted {
			conv++
		}
		for x := range ud.first {
			if out[x] == nil {
				out[x] = &refDriver{}
			}
		}
	}
	for x, rd := range out {
		for _, ud := range all {
			t, did := ud.first[x]
			switch {
			case did && ud.converted:
				rd.with++
				rd.withConv++
				rd.ttg = append(rd.ttg, ud.goalT-t)
			case did:
				rd.with++
			case ud.converted:
				rd.without++
				rd.withoutConv++
			default:
				rd.without++
			}
		}
	}
	return users, conv, out
}

// sameFloat is equality that treats NaN as equal to NaN.
func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-12
}

// randomTrials runs check on n random logs of 1 to 6 users, then on a few
// of 9,000 users with 4 goroutines, so that the per-goroutine parts are
// merged too.
func randomTrials(seed uint64, n int, check func(r *rand.Rand, trial int, evs []rawEvent)) {
	r := rand.New(rand.NewPCG(seed, 29))
	for trial := 0; trial < n; trial++ {
		check(r, trial, randomPlainLog(r, 1+r.IntN(6)))
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for trial := n; trial < n+3; trial++ {
		check(r, trial, randomPlainLog(r, 9000))
	}
}

// goalTrials is randomTrials over the non-empty logs that have a "goal"
// event, built.
func goalTrials(seed uint64, n int, check func(r *rand.Rand, trial int, evs []rawEvent, l *snapshot.Log)) {
	randomTrials(seed, n, func(r *rand.Rand, trial int, evs []rawEvent) {
		if len(evs) == 0 {
			return
		}
		l := plainLog(evs)
		if _, ok := l.NameID("goal"); !ok {
			return
		}
		check(r, trial, evs, l)
	})
}

func TestDriversMatchTheBruteForceReference(t *testing.T) {
	randomTrials(17, 4000, func(r *rand.Rand, trial int, evs []rawEvent) {
		if len(evs) == 0 {
			return
		}
		l := plainLog(evs)
		goal, where, from, to := randomScope(r)
		d := spec.Drivers{Goal: goal, MinUsers: 1 + r.IntN(3), Where: where, From: from, To: to}
		if _, ok := l.NameID("goal"); !ok {
			if _, err := Drivers(l, d); err == nil {
				t.Fatalf("trial %d: want an error for a goal no event has", trial)
			}
			return
		}
		got, err := Drivers(l, d)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		users, conv, want := refDrivers(evs, d)
		if got.Users != users || got.Converters != conv {
			t.Fatalf("trial %d: %d users %d converters, reference %d %d\n%+v", trial, got.Users, got.Converters, users, conv, evs)
		}
		if len(got.Drivers) != len(want) {
			t.Fatalf("trial %d: %d drivers, reference %d\n%+v\n%+v", trial, len(got.Drivers), len(want), got.Drivers, evs)
		}
		for i, g := range got.Drivers {
			w := want[g.Event]
			if w == nil {
				t.Fatalf("trial %d: driver %q not in the reference", trial, g.Event)
			}
			pw, po := float64(w.withConv)/float64(w.with), math.NaN()
			if w.without > 0 {
				po = float64(w.withoutConv) / float64(w.without)
			}
			lift := pw / po
			if math.IsNaN(po) || (pw == 0 && po == 0) {
				lift = math.NaN()
			}
			med := 0.0
			if len(w.ttg) > 0 {
				slices.Sort(w.ttg)
				med = float64(w.ttg[(len(w.ttg)+1)/2-1]) / 1e6
			}
			if g.With != w.with || g.WithConverted != w.withConv || g.Without != w.without ||
				g.WithoutConverted != w.withoutConv || !sameFloat(g.Lift, lift) || !sameFloat(g.MedianSeconds, med) ||
				g.LowSupport != (w.with < d.MinUsers) ||
				!sameFloat(g.PValue, TwoProportionP(w.withConv, w.with, w.withoutConv, w.without)) {
				t.Fatalf("trial %d: driver %+v, reference %+v lift %v median %v\nevents %+v", trial, g, w, lift, med, evs)
			}
			if i > 0 && !driverInOrder(got.Drivers[i-1], g) {
				t.Fatalf("trial %d: %+v listed before %+v", trial, got.Drivers[i-1], g)
			}
		}
	})
}

// driverInOrder is the listing order, written out: supported drivers
// first, then by lift (+Inf highest, NaN lowest), then by name.
func driverInOrder(a, b Driver) bool {
	if a.LowSupport != b.LowSupport {
		return !a.LowSupport
	}
	rank := func(x float64) float64 {
		if math.IsNaN(x) {
			return math.Inf(-1)
		}
		return x
	}
	if rank(a.Lift) != rank(b.Lift) {
		return rank(a.Lift) > rank(b.Lift)
	}
	return a.Event < b.Event
}

func TestDriversCountOnlyWhatHappensBeforeTheFirstGoal(t *testing.T) {
	l := logOf([]ev{
		{"u1", "a", 0}, {"u1", "b", 1}, {"u1", "goal", 10},
		{"u2", "a", 0}, {"u2", "goal", 5}, {"u2", "b", 6}, // b after the goal does not count
		{"u3", "a", 0},
		{"u4", "b", 0},
		{"u5", "c", 0},
		{"u6", "goal", 0},
	})
	got, err := Drivers(l, spec.Drivers{Goal: spec.Step{Name: "goal"}, MinUsers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got.Users != 6 || got.Converters != 3 {
		t.Fatalf("users %d converters %d, want 6 and 3", got.Users, got.Converters)
	}
	want := []Driver{
		{Event: "a", With: 3, WithConverted: 2, Without: 3, WithoutConverted: 1, PWith: 2.0 / 3, PWithout: 1.0 / 3,
			Lift: 2, MedianSeconds: 300},
		{Event: "b", With: 2, WithConverted: 1, Without: 4, WithoutConverted: 2, PWith: 0.5, PWithout: 0.5,
			Lift: 1, MedianSeconds: 540},
		{Event: "c", With: 1, WithConverted: 0, Without: 5, WithoutConverted: 3, PWith: 0, PWithout: 0.6,
			Lift: 0, LowSupport: true},
	}
	if len(got.Drivers) != len(want) {
		t.Fatalf("got %+v", got.Drivers)
	}
	for i, w := range want {
		g := got.Drivers[i]
		w.CIWith[0], w.CIWith[1] = Wilson(w.WithConverted, w.With)
		w.CIWithout[0], w.CIWithout[1] = Wilson(w.WithoutConverted, w.Without)
		w.PValue = TwoProportionP(w.WithConverted, w.With, w.WithoutConverted, w.Without)
		if !sameFloat(g.Lift, w.Lift) || !sameFloat(g.PWith, w.PWith) || !sameFloat(g.PWithout, w.PWithout) {
			t.Errorf("driver %d: got %+v, want %+v", i, g, w)
		}
		g.Lift, g.PWith, g.PWithout = w.Lift, w.PWith, w.PWithout
		if g != w {
			t.Errorf("driver %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestDriversLiftIsInfiniteOrUndefinedAtTheEdges(t *testing.T) {
	l := logOf([]ev{
		{"u1", "a", 0}, {"u1", "all", 0}, {"u1", "goal", 10},
		{"u2", "b", 0}, {"u2", "all", 0},
	})
	got, err := Drivers(l, spec.Drivers{Goal: spec.Step{Name: "goal"}})
	if err != nil {
		t.Fatal(err)
	}
	lifts := map[string]float64{}
	for _, d := range got.Drivers {
		lifts[d.Event] = d.Lift
	}
	// Only a's users convert: +Inf. Everybody did "all": no comparison, NaN.
	if !math.IsInf(lifts["a"], 1) || !math.IsNaN(lifts["all"]) || lifts["b"] != 0 {
		t.Errorf("lifts %v: want a=+Inf, all=NaN, b=0", lifts)
	}
	if got.Drivers[0].Event != "a" || got.Drivers[len(got.Drivers)-1].Event != "all" {
		t.Errorf("order %+v: want +Inf first and NaN last", got.Drivers)
	}
}

func TestDriversNameTheClosestEventOrPropertyWhenUnknown(t *testing.T) {
	l := logOf([]ev{{"u", "purchase", 0}})
	if _, err := Drivers(l, spec.Drivers{Goal: spec.Step{Name: "purchse"}}); err == nil ||
		err.Error() != `goal: no event named "purchse"; did you mean purchase?` {
		t.Errorf("got %v", err)
	}
	_, err := Drivers(l, spec.Drivers{Goal: spec.Step{Name: "purchase"}, Where: []spec.Cond{{Key: "nope", Value: "1"}}})
	if err == nil {
		t.Error("want an error for an unknown --where property")
	}
}

// sampleLog builds a snapshot of sample.Generate's events straight through
// snapshot.Builder (no SQLite), mapping strings to ids here.
func sampleLog(cfg sample.Config) *snapshot.Log {
	l, err := datasettest.Sample(cfg)
	if err != nil {
		panic(err) // the generator fails only for a bad Config
	}
	return l
}

var workshop = sync.OnceValue(func() *snapshot.Log {
	return sampleLog(sample.Config{Users: 20000, Seed: 1})
})

func TestDriversFindThePlantedInsightsOfTheWorkshopSample(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 users")
	}
	got, err := Drivers(workshop(), spec.Drivers{Goal: spec.Step{Name: "purchase"}})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Driver{}
	for _, d := range got.Drivers {
		by[d.Event] = d
	}
	if v := by["video_play"]; v.Lift < 1.7 || v.Lift > 2.3 || v.PValue > 1e-6 {
		t.Errorf("video_play: lift %.2f p %.2g, want about 2 and significant", v.Lift, v.PValue)
	}
	if n := by["newsletter_signup"]; n.Lift <= 2 || n.PValue > 1e-6 {
		t.Errorf("newsletter_signup: lift %.2f p %.2g, want above 2 and significant", n.Lift, n.PValue)
	}
	if _, ok := by["purchase"]; ok {
		t.Error("the goal must not be its own driver")
	}
	conv := float64(got.Converters) / float64(got.Users)
	if conv < 0.04 || conv > 0.065 {
		t.Errorf("%.1f%% of users purchase, the sample plants 5.2%%", 100*conv)
	}
}

// benchLog is the large benchmark log: 1 M users of the sample (about
// 13 M events) unless FUNNELSCOPE_BENCH_USERS says otherwise.
var benchLog = sync.OnceValue(func() *snapshot.Log {
	users := 1_000_000
	if n, err := strconv.Atoi(os.Getenv("FUNNELSCOPE_BENCH_USERS")); err == nil && n > 0 {
		users = n
	}
	return sampleLog(sample.Config{Users: users, Seed: 1})
})

func BenchmarkDrivers(b *testing.B) {
	l := benchLog()
	for b.Loop() {
		if _, err := Drivers(l, spec.Drivers{Goal: spec.Step{Name: "purchase"}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(l.NumEvents()), "events")
	b.ReportMetric(float64(l.NumUsers()), "users")
}

func BenchmarkMicro(b *testing.B) {
	l := benchLog()
	l.Sessions(snapshot.DefaultSessionGap) // cached, as after the first run
	for b.Loop() {
		if _, err := Micro(l, spec.Micro{Goal: spec.Step{Name: "purchase"}}); err != nil {
			b.Fatal(err)
		}
	}
}
