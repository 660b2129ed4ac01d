package chengine

import (
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestFunnelsOfKnownOptionsStreamOnlyTheirEvents(t *testing.T) {
	cond := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	cases := []struct {
		name string
		f    spec.Funnel
	}{
		{"plain steps", spec.Funnel{Steps: []spec.Step{{Name: "a"}, {Name: "b"}}}},
		{"every option set", spec.Funnel{Steps: []spec.Step{{Name: "a", Conds: cond}, {Name: "b"}}, Window: 5, Order: spec.AnyOrder,
			Count: spec.Sessions, SessionGap: 7, Exclude: []spec.Exclusion{{Event: spec.Step{Name: "x", Conds: cond}, To: 2}},
			Where: cond, From: 1, To: 9, By: "device", Top: 3, Segment: spec.Segment{Key: "device", Value: "mobile"}}},
		{"empty lists", spec.Funnel{Steps: []spec.Step{}, Exclude: []spec.Exclusion{}, Where: []spec.Cond{}}},
	}
	for _, c := range cases {
		if !known(c.f) {
			t.Errorf("%s: the funnel counts as having options this engine does not know", c.name)
		}
		if sel := funnelSelection(c.f); sel.names == nil {
			t.Errorf("%s: every event is streamed", c.name)
		}
	}
}

func TestPathsSettingOnlyKnownOptionsCountAsKnown(t *testing.T) {
	cond := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	cases := []struct {
		name string
		p    spec.Paths
	}{
		{"an anchor", spec.Paths{Anchor: spec.Step{Name: "a"}}},
		{"every option set", spec.Paths{Anchor: spec.Step{Name: "a", Conds: cond}, Direction: spec.Backward, Depth: 3, Top: 2,
			SessionGap: 9, Goal: spec.Step{Name: "g", Conds: cond}, Where: cond, From: 1, To: 2}},
		{"after a funnel step", spec.Paths{AfterStep: 1, Funnel: spec.Funnel{Steps: []spec.Step{{Name: "a"}, {Name: "b"}}}}},
	}
	for _, c := range cases {
		if !knownPaths(c.p) {
			t.Errorf("%s: the paths count as having options this engine does not know", c.name)
		}
	}
}
