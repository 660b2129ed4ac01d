package analysis

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

type ev struct {
	user, name string
	min        int64 // minutes
}

// logOf builds a log from (user, name, minute) triples.
func logOf(evs []ev) *snapshot.Log {
	users, names := []string{""}, []string{""}
	uid, nid := map[string]int32{}, map[string]int32{}
	var b snapshot.Builder
	for _, e := range evs {
		if _, ok := uid[e.user]; !ok {
			uid[e.user] = int32(len(users))
			users = append(users, e.user)
		}
		if _, ok := nid[e.name]; !ok {
			nid[e.name] = int32(len(names))
			names = append(names, e.name)
		}
		b.Add(uid[e.user], nid[e.name], e.min*60e6, 0, nil)
	}
	return b.Build(users, names, []string{""}, []string{""})
}

func steps(names ...string) []spec.Step {
	var out []spec.Step
	for _, n := range names {
		out = append(out, spec.Step{Name: n})
	}
	return out
}

func counts(r *FunnelResult) []int {
	var c []int
	for _, s := range r.Steps {
		c = append(c, s.Count)
	}
	return c
}

// The example of docs/semantics.md, "Funnel": a later step-1 event restarts
// the clock, so this converts here (and in ClickHouse and PostHog), while
// Mixpanel's default, which fixes the window at the first A, stops at B.
func TestLatestAnchorWinsInTheDesignExample(t *testing.T) {
	l := logOf([]ev{{"u", "A", 13 * 60}, {"u", "A", 13*60 + 30}, {"u", "B", 13*60 + 45}, {"u", "C", 14*60 + 15}})
	r, err := Funnel(l, spec.Funnel{Steps: steps("A", "B", "C"), Window: 3600e6})
	if err != nil {
		t.Fatal(err)
	}
	if got := counts(r); got[0] != 1 || got[1] != 1 || got[2] != 1 {
		t.Fatalf("counts %v, want [1 1 1]", got)
	}
	if r.Steps[2].MedianSeconds != 45*60 {
		t.Errorf("time to convert %v s, want 2700 (from the 13:30 A)", r.Steps[2].MedianSeconds)
	}
}

func TestFunnelCountsConversionAndDropOff(t *testing.T) {
	l := logOf([]ev{
		{"1", "view", 0}, {"1", "cart", 5}, {"1", "buy", 9},
		{"2", "view", 0}, {"2", "cart", 5},
		{"3", "view", 0},
		{"4", "cart", 0}, {"4", "buy", 1}, // never viewed: not in the funnel
		{"5", "view", 0}, {"5", "buy", 1}, {"5", "cart", 2}, // wrong order
	})
	r, err := Funnel(l, spec.Funnel{Steps: steps("view", "cart", "buy")})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{4, 3, 1}
	for i, s := range r.Steps {
		if s.Count != want[i] {
			t.Fatalf("counts %v, want %v", counts(r), want)
		}
	}
	if r.Steps[1].Dropped != 1 || r.Steps[2].Dropped != 2 || r.Steps[2].ConvFromStart != 0.25 || r.Steps[2].ConvFromPrev != 1.0/3 {
		t.Errorf("unexpected figures %+v", r.Steps)
	}
	if lo, hi := r.Steps[1].CIStart[0], r.Steps[1].CIStart[1]; !(lo < 0.75 && 0.75 < hi) {
		t.Errorf("Wilson interval [%v, %v] does not hold 0.75", lo, hi)
	}
}

func TestUnknownStepNamesSuggestTheClosest(t *testing.T) {
	l := logOf([]ev{{"u", "add_to_cart", 0}, {"u", "purchase", 1}})
	_, err := Funnel(l, spec.Funnel{Steps: steps("add_to_crat")})
	if err == nil || !strings.Contains(err.Error(), "did you mean add_to_cart") {
		t.Fatalf("got %v", err)
	}
}

func TestBreakdownSegmentsAddUpToTheWholeAndMarkSignificance(t *testing.T) {
	var evs []ev
	users, names := []string{""}, []string{"", "view", "buy"}
	var b snapshot.Builder
	for i := 0; i < 400; i++ {
		users = append(users, "u"+string(rune('a'+i%26))+string(rune('a'+i/26)))
		dev := byte(1 + i%2) // value 1 = mobile, 2 = desktop
		b.Add(int32(i+1), 1, 0, 0, []byte{1, 1, dev})
		if (dev == 2 && i%4 != 0) || (dev == 1 && i%10 == 1) { // desktop 75%, mobile 10%
			b.Add(int32(i+1), 2, 60e6, 0, []byte{1, 1, dev})
		}
	}
	_ = evs
	l := b.Build(users, names, []string{"", "device"}, []string{"", "mobile", "desktop"})
	total, segs, err := Breakdown(l, spec.Funnel{Steps: steps("view", "buy"), By: "device"})
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 2 {
		t.Fatalf("segments %+v", segs)
	}
	sum := 0
	for _, s := range segs {
		sum += s.Steps[1].Count
		if !s.Significant {
			t.Errorf("segment %s should differ significantly (p=%v)", s.Value, s.PValue)
		}
	}
	if sum != total.Steps[1].Count || total.Steps[0].Count != 400 {
		t.Fatalf("segments add to %d, total %d", sum, total.Steps[1].Count)
	}
}

func TestTheWeakestStepHasTheHighestDropOffRate(t *testing.T) {
	step := func(conv float64, dropped int) StepResult {
		return StepResult{ConvFromPrev: conv, Dropped: dropped}
	}
	cases := []struct {
		name  string
		steps []StepResult
		want  int
	}{
		{"lowest rate wins over most users lost", []StepResult{step(1, 0), step(0.52, 494), step(0.69, 164), step(0.40, 221)}, 3},
		{"a tie in rate goes to more users lost", []StepResult{step(1, 0), step(0.5, 10), step(0.5, 40)}, 2},
		{"nobody drops", []StepResult{step(1, 0), step(1, 0)}, -1},
		{"one step", []StepResult{step(1, 0)}, -1},
	}
	for _, c := range cases {
		if got := (&FunnelResult{Steps: c.steps}).WeakestStep(); got != c.want {
			t.Errorf("%s: step %d, want %d", c.name, got, c.want)
		}
	}
}

func TestAnAnyOrderFunnelWithExclusionsIsRefusedNotSilentlyIgnored(t *testing.T) {
	l := workshop()
	f := spec.Funnel{Steps: []spec.Step{{Name: "view_item"}, {Name: "purchase"}}, Window: spec.DefaultWindow,
		Order: spec.AnyOrder, Exclude: []spec.Exclusion{{Event: spec.Step{Name: "add_to_cart"}}}}
	if _, err := Funnel(l, f); err == nil || !strings.Contains(err.Error(), "ordered funnels") {
		t.Errorf("any order with an exclusion: err %v", err)
	}
	f.Order = spec.Ordered
	if _, err := Funnel(l, f); err != nil {
		t.Errorf("the same exclusion in order: %v", err)
	}
}
