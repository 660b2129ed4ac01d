package chengine_test

import (
	"context"
	"testing"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestAttributionFromTouchAndGoalEventsAgreesWithTheLocalEngine(t *testing.T) {
	evs := tiedSample(t)
	p := newPair(t, evs)
	first := p.local.Summary().First
	day := int64(24 * 3600e6)
	purchase := spec.Step{Name: "purchase"}
	attr := func(name string, a spec.Attribution) query {
		return query{name, func(ctx context.Context, e engine.Engine) (any, error) { return e.Attribution(ctx, a) }}
	}
	src := func(m spec.Model) spec.Attribution {
		return spec.Attribution{Goal: purchase, Touch: "utm_source", Model: m}
	}
	inRange := src(spec.Linear)
	inRange.Where, inRange.From, inRange.To = []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}, first+5*day, first+40*day
	lookback := src(spec.TimeDecay)
	lookback.Lookback, lookback.HalfLife = 2*day, day/2
	unlimited := src(spec.PositionBased)
	unlimited.Lookback = spec.NoLookback
	offDesktop := src(spec.LastTouch)
	offDesktop.Goal.Conds = []spec.Cond{{Key: "device", Op: spec.Ne, Value: "desktop"}}
	agree(t, p, []query{
		attr("first touch", src(spec.FirstTouch)),
		attr("last touch", src(spec.LastTouch)),
		attr("linear on mobile in a date range", inRange),
		attr("time decay within two days", lookback),
		attr("position without a lookback", unlimited),
		attr("last touch of a purchase off desktop", offDesktop),
		attr("an unknown touch", spec.Attribution{Goal: purchase, Touch: "utm_sauce"}),
		attr("no touch", spec.Attribution{Goal: purchase}),
		attr("an unknown goal", spec.Attribution{Goal: spec.Step{Name: "purchse"}, Touch: "utm_source"}),
	})
}
