package chengine_test

import (
	"context"
	"testing"

	"github.com/funnelscope/funnelscope/internal/engine"
	chengine "github.com/funnelscope/funnelscope/internal/engine/clickhouse"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func pathsQ(name string, p spec.Paths) query {
	return query{name, func(ctx context.Context, e engine.Engine) (any, error) { return e.Paths(ctx, p) }}
}

func TestPathsInPassesOverSharesOfTheUsersAgreeWithTheLocalEngine(t *testing.T) {
	evs := sampleEvents(t, 1500)
	for i := range evs {
		if evs[i].User[len(evs[i].User)-1]%3 == 0 {
			evs[i].Session = "" // inactivity cuts these users' sessions
		}
	}
	p := newPair(t, evs)
	chengine.SetPartEvents(p.ch, len(evs)/5)
	view := spec.Paths{Anchor: spec.Step{Name: "view_item"}}
	if n, err := chengine.Passes(context.Background(), p.ch); err != nil || n < 4 {
		t.Fatalf("paths take %d passes (%v), want 4 or more", n, err)
	}
	checkout := spec.Funnel{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase"), Window: spec.DefaultWindow}
	mobile := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	first := p.local.Summary().First
	agree(t, p, []query{
		pathsQ("after viewing an item", view),
		pathsQ("after viewing an item, to a purchase", spec.Paths{Anchor: spec.Step{Name: "view_item"}, Goal: spec.Step{Name: "purchase"}}),
		pathsQ("before a purchase on mobile", spec.Paths{Anchor: spec.Step{Name: "purchase"}, Direction: spec.Backward, Where: mobile}),
		pathsQ("two deep, the top one, in sessions of 5 minutes", spec.Paths{Anchor: spec.Step{Name: "search"}, Depth: 2, Top: 1,
			SessionGap: 300e6}),
		pathsQ("of those who dropped after step 2", spec.Paths{AfterStep: 2, Funnel: checkout, From: first + 3*24*3600e6}),
		pathsQ("after an unknown anchor", spec.Paths{Anchor: spec.Step{Name: "veiw_item"}}),
		pathsQ("of no depth", spec.Paths{Anchor: spec.Step{Name: "view_item"}, Depth: -1}),
	})
}
