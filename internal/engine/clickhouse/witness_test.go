package chengine_test

import (
	"context"
	"testing"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestTheServersFunnelAgreesOnTiesAndWindowEdges(t *testing.T) {
	// Whole minutes: many steps tie, and many chains end exactly on a
	// window's edge.
	p := newPair(t, tiedSample(t))
	checkout := steps("view_item", "add_to_cart", "begin_checkout", "purchase")
	f := func(s []spec.Step, window int64) spec.Funnel { return spec.Funnel{Steps: s, Window: window} }
	first := p.local.Summary().First
	onMobile := f(checkout, spec.DefaultWindow)
	onMobile.Where = []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	onMobile.From, onMobile.To = first+5*24*3600e6, first+40*24*3600e6
	agree(t, p, []query{
		funnelQ("the checkout in a week", f(checkout, spec.DefaultWindow)),
		funnelQ("the checkout in 3 minutes", f(checkout, 3*60e6)),
		funnelQ("the checkout in no time", f(checkout, 1)),
		funnelQ("one step", f(steps("purchase"), spec.DefaultWindow)),
		funnelQ("the checkout backwards", f(steps("purchase", "begin_checkout", "add_to_cart", "view_item"), spec.DefaultWindow)),
		funnelQ("a step with conditions", f([]spec.Step{{Name: "view_item", Conds: []spec.Cond{{Key: "device", Op: spec.Ne, Value: "desktop"}}},
			{Name: "purchase"}}, 3600e6)),
		funnelQ("the checkout on mobile in a date range", onMobile),
		breakdownQ("the checkout by device", spec.Funnel{Steps: checkout, Window: spec.DefaultWindow, By: "device"}),
		funnelQ("the checkout of the tablet segment", spec.Funnel{Steps: checkout, Window: spec.DefaultWindow,
			Segment: spec.Segment{Key: "device", Value: "tablet"}}),
	})
}

func TestTheServersFunnelKeepsTheLatestAnchorAndTies(t *testing.T) {
	at := func(user, name string, minute int64) ingest.Event {
		return ingest.Event{User: user, Name: name, Time: 1_750_000_000_000_000 + minute*60e6}
	}
	evs := []ingest.Event{
		// The design's example: A 13:00, A 13:30, B 13:45, C 14:15, 1 h.
		at("latest", "A", 0), at("latest", "A", 30), at("latest", "B", 45), at("latest", "C", 75),
		// B imported before A in the same microsecond still follows it.
		at("tie", "B", 10), at("tie", "A", 10), at("tie", "C", 70),
		// C one microsecond past the window.
		at("late", "A", 0), at("late", "B", 1), {User: "late", Name: "C", Time: 1_750_000_000_000_000 + 3600e6 + 1},
	}
	p := newPair(t, evs)
	f := spec.Funnel{Steps: steps("A", "B", "C"), Window: 3600e6}
	agree(t, p, []query{funnelQ("the design's example, a tie and a late step", f)})
	r, err := p.ch.Funnel(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if got := [3]int{r.Steps[0].Count, r.Steps[1].Count, r.Steps[2].Count}; got != [3]int{3, 3, 2} {
		t.Errorf("steps reached by %v users, want 3, 3, 2", got)
	}
}
