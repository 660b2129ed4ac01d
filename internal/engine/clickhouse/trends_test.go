package chengine_test

import (
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestTrendsOnTheServersFunnelAgreeWithTheLocalEngine(t *testing.T) {
	evs := tiedSample(t)
	// A last event that no step names: the newest period is incomplete
	// only when the calendar runs to it, not to the last step event.
	last := evs[len(evs)-1]
	for _, e := range evs {
		last.Time = max(last.Time, e.Time)
	}
	last.Name, last.Time, last.Props = "logout", last.Time+2*24*3600e6, nil
	evs = append(evs, last)
	p := newPair(t, evs)
	checkout := steps("view_item", "add_to_cart", "begin_checkout", "purchase")
	week, day := spec.DefaultWindow, int64(24*3600e6)
	first := p.local.Summary().First
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	f := func(s []spec.Step) spec.Funnel { return spec.Funnel{Steps: s, Window: week} }
	agree(t, p, []query{
		trendsQ("daily checkout", spec.Trends{Funnel: f(checkout)}),
		trendsQ("weekly checkout in Berlin over all baselines", spec.Trends{Funnel: f(checkout), Interval: spec.Week,
			Location: berlin, Baseline: spec.AllBaseline}),
		trendsQ("daily checkout per step", spec.Trends{Funnel: f(checkout), Lines: spec.StepLines}),
		trendsQ("daily checkout per device", spec.Trends{Funnel: f(checkout), Lines: spec.SegmentLines, By: "device", Top: 2}),
		trendsQ("daily checkout in a date range", spec.Trends{Funnel: spec.Funnel{Steps: checkout, Window: week,
			From: first + 3*day, To: first + 20*day}}),
		trendsQ("daily purchase after a search on mobile", spec.Trends{Funnel: spec.Funnel{Steps: steps("search", "purchase"),
			Window: 3600e6, Where: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}}}),
		trendsQ("daily checkout in any order", spec.Trends{Funnel: spec.Funnel{Steps: checkout, Window: week, Order: spec.AnyOrder}}),
		trendsQ("daily checkout counting sessions", spec.Trends{Funnel: spec.Funnel{Steps: checkout, Window: week, Count: spec.Sessions}}),
		trendsQ("daily checkout without searches", spec.Trends{Funnel: spec.Funnel{Steps: checkout, Window: week,
			Exclude: []spec.Exclusion{{Event: spec.Step{Name: "search"}, To: 2}}}}),
		trendsQ("a trend of an unknown step", spec.Trends{Funnel: f(steps("view_item", "purchse"))}),
	})
}
