package analysis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// A segment filter must count exactly the units of the breakdown's row of
// that value, in every order and unit: it is the drill-down of that row.
func TestASegmentsFunnelIsItsRowOfTheBreakdown(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 11))
	for trial := range 400 {
		evs, p := randomPathsCase(r, 8)
		l := rawLog(evs, pathNames, []string{"p", "q"})
		f := spec.Funnel{Window: int64(10 + r.IntN(100)), Order: spec.Order(r.IntN(2)), Count: spec.Unit(r.IntN(2)),
			Where: p.Where, By: "p"}
		for range 1 + r.IntN(3) {
			f.Steps = append(f.Steps, spec.Step{Name: pathNames[r.IntN(3)]})
		}
		_, segs, err := Breakdown(l, f)
		if err != nil {
			t.Fatal(err)
		}
		rows := map[string][]int{"1": nil, "2": nil, "": nil, "9": nil} // "9": a value no event has
		for _, s := range segs {
			rows[s.Value] = counts(&FunnelResult{Steps: s.Steps})
		}
		for v, want := range rows {
			g := f
			g.By, g.Segment = "", spec.Segment{Key: "p", Value: v}
			got, err := Funnel(l, g)
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = make([]int, len(f.Steps))
			}
			if c := counts(got); !reflect.DeepEqual(c, want) {
				t.Fatalf("trial %d, segment p=%q of %+v: %v, breakdown row %v\nevents %+v", trial, v, f, c, want, evs)
			}
		}
	}
}

func TestASegmentOnAnUnknownPropertyNamesTheClosest(t *testing.T) {
	l := rawLog([]rawEvent{{user: "u", name: "a", props: map[string]string{"p": "1"}}}, pathNames, []string{"p", "q"})
	_, err := Funnel(l, spec.Funnel{Steps: steps("a"), Segment: spec.Segment{Key: "pp", Value: "1"}})
	if err == nil || fmt.Sprint(err) != `--segment: no property named "pp"; did you mean p, q?` {
		t.Errorf("error %v", err)
	}
}
