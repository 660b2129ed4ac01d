package dataset

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

// The REES46 figures were computed independently (a Python brute force over
// the CSV, exact duplicate rows dropped, 7-day window) and agree with the
// engine; keep them as the golden result on real data.
func TestREES46FunnelsMatchTheIndependentComputation(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "rees46-multicategory-2019oct-head", "2019-Oct-head.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared data not present")
	}
	st := storetest.Temp(t)
	if _, err := (&ingest.Importer{Store: st}).ImportFile(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	l, err := Open(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	for steps, want := range map[string][]int{
		"view,cart,purchase": {4504, 111, 62},
		"view,purchase":      {4504, 192},
		"cart,purchase":      {111, 62},
	} {
		ss, _ := spec.ParseSteps(steps)
		r, err := analysis.Funnel(l, spec.Funnel{Steps: ss})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, s := range r.Steps {
			got = append(got, s.Count)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", steps, got, want)
		}
	}
	// Sessions come from user_session, whose ids interleave for some users:
	// 5067 (user, session) pairs have a view.
	ss, _ := spec.ParseSteps("view")
	r, err := analysis.Funnel(l, spec.Funnel{Steps: ss, Count: spec.Sessions})
	if err != nil || r.Steps[0].Count != 5067 {
		t.Errorf("sessions with a view: %v %v, want 5067", r, err)
	}
}

// On the workshop sample the planted mobile checkout drop-off must show.
func TestSampleBreakdownShowsTheMobileCheckoutDropOff(t *testing.T) {
	l, err := Open(context.Background(), sampleStore(t, 20000))
	if err != nil {
		t.Fatal(err)
	}
	ss, _ := spec.ParseSteps("begin_checkout,purchase")
	_, segs, err := analysis.Breakdown(l, spec.Funnel{Steps: ss, By: "device"})
	if err != nil {
		t.Fatal(err)
	}
	rate := map[string]float64{}
	for _, s := range segs {
		rate[s.Value] = s.Steps[1].ConvFromStart
	}
	if rate["mobile"] == 0 || rate["mobile"] > 0.7*rate["desktop"] {
		t.Fatalf("mobile %.3f vs desktop %.3f: the planted drop-off is missing", rate["mobile"], rate["desktop"])
	}
}
