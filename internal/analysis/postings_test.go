package analysis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// onBothPaths runs test once on the columns and once on the postings.
func onBothPaths(t *testing.T, test func(t *testing.T)) {
	for _, p := range []struct {
		name string
		path scanPath
	}{{"columns", columnPath}, {"postings", postingsPath}} {
		t.Run(p.name, func(t *testing.T) {
			defer func(old scanPath) { forcedPath = old }(forcedPath)
			forcedPath = p.path
			test(t)
		})
	}
}

// onPath returns f's result computed on one path.
func onPath[R any](path scanPath, f func() (R, error)) (R, error) {
	defer func(old scanPath) { forcedPath = old }(forcedPath)
	forcedPath = path
	return f()
}

// manyUsersLog is randomLog with thousands of users, so that the workers
// split the users and each seeks into the postings mid-way.
func manyUsersLog(r *rand.Rand) *snapshot.Log {
	return randomLog(r, 5000, 9)
}

func TestEveryFunnelAnalysisGivesTheSameResultOnPostingsAsOnColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 34))
	l := manyUsersLog(r)
	for trial := range 60 {
		f := randomUnitFunnel(r)
		f.Count, f.By = spec.Users, "p"
		samePathsResults(t, trial, l, f)
	}
}

// TestPlainFunnelsGiveTheSameResultOnPostingsAsOnColumns covers the
// postings' plain path (no conditions, no filters): users settled or
// counted at step 1 without decoding, runs of step-1 events thinned as
// they decode, converters split by session in a batch, over thousands of
// users split between workers.
func TestPlainFunnelsGiveTheSameResultOnPostingsAsOnColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(40, 2))
	samePlainResults(t, r, manyUsersLog(r), 40)
}

// TestPlainFunnelsOfLongUsersGiveTheSameResultOnPostingsAsOnColumns
// decodes users with hundreds of events, many tied: index deltas of two
// bytes, long runs to thin.
func TestPlainFunnelsOfLongUsersGiveTheSameResultOnPostingsAsOnColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 70))
	samePlainResults(t, r, randomLog(r, 300, 300), 20)
}

// samePlainResults runs samePathsResults on trials random funnels
// without conditions: plain ones (engine.plain).
func samePlainResults(t *testing.T, r *rand.Rand, l *snapshot.Log, trials int) {
	t.Helper()
	for trial := range trials {
		f := randomFunnel(r)
		for i := range f.Steps {
			f.Steps[i].Conds = nil
		}
		f.By = "p"
		samePathsResults(t, trial, l, f)
	}
}

// samePathsResults fails t when the funnel, breakdown or trends of f
// differ between the postings and the columns.
func samePathsResults(t *testing.T, trial int, l *snapshot.Log, f spec.Funnel) {
	t.Helper()
	results := map[scanPath][]any{}
	for _, path := range []scanPath{columnPath, postingsPath} {
		res, err := onPath(path, func() (*FunnelResult, error) { return Funnel(l, f) })
		if err != nil {
			t.Fatal(err)
		}
		var segs []Segment
		all, err := onPath(path, func() (*FunnelResult, error) {
			var (
				all *FunnelResult
				err error
			)
			all, segs, err = Breakdown(l, f)
			return all, err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res, all) {
			t.Fatalf("trial %d, funnel %+v: the breakdown's total %+v is not the funnel %+v", trial, f, all, res)
		}
		res.EventsRead, all.EventsRead = 0, 0 // the one figure that differs between paths, by design
		trends, err := onPath(path, func() (*TrendsResult, error) {
			return Trends(l, spec.Trends{Funnel: f, Interval: spec.Day})
		})
		if err != nil {
			t.Fatal(err)
		}
		results[path] = []any{res, all, segs, trends}
	}
	if got, want := results[postingsPath], results[columnPath]; !reflect.DeepEqual(got, want) {
		t.Fatalf("trial %d, funnel %+v:\npostings %s\ncolumns  %s", trial, f, show(got), show(want))
	}
}

func show(v []any) string {
	s := ""
	for _, x := range v {
		s += fmt.Sprintf("%+v ", x)
	}
	return s
}

func TestAFunnelReadsOnlyThePostingsOfItsSteps(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	l := manyUsersLog(r)
	f := spec.Funnel{Steps: steps("a", "b"), Window: 1000}
	col, err := onPath(columnPath, func() (*FunnelResult, error) { return Funnel(l, f) })
	if err != nil {
		t.Fatal(err)
	}
	post, err := onPath(postingsPath, func() (*FunnelResult, error) { return Funnel(l, f) })
	if err != nil {
		t.Fatal(err)
	}
	a, _ := l.NameID("a")
	b, _ := l.NameID("b")
	steps := l.NameCounts()[a] + l.NameCounts()[b]
	if col.EventsRead != l.NumEvents() {
		t.Errorf("the columns read %d events, want all %d", col.EventsRead, l.NumEvents())
	}
	if post.EventsRead > steps || post.EventsRead < l.NameCounts()[a] {
		t.Errorf("the postings read %d events, want between a's %d and a's and b's %d", post.EventsRead, l.NameCounts()[a], steps)
	}
}

func TestTheAutomaticPathReadsPostingsOfRareNamesAndColumnsOfCommonOnes(t *testing.T) {
	l := manyUsersLog(rand.New(rand.NewPCG(6, 6)))
	rare := spec.Funnel{Steps: steps("a")} // a quarter of the events
	common := spec.Funnel{Steps: steps("a", "b", "c")}
	for _, c := range []struct {
		f    spec.Funnel
		want bool
	}{{rare, true}, {common, false}, {spec.Funnel{Steps: steps("a"), Count: spec.Sessions}, false}} {
		e, err := compileFunnel(l, c.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.post != nil; got != c.want {
			t.Errorf("%+v: postings %v, want %v", c.f, got, c.want)
		}
	}
}
