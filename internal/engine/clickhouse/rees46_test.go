package chengine_test

import (
	"context"
	"os"
	"testing"

	"github.com/funnelscope/funnelscope/internal/engine"
	chengine "github.com/funnelscope/funnelscope/internal/engine/clickhouse"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// rees46 is the head of the REES46 October 2019 export beside the
// repository, when present.
const rees46 = "../../../../shared/data/rees46-multicategory-2019oct-head/2019-Oct-head.csv"

// readEvents parses path as an import would, duplicates skipped.
func readEvents(t *testing.T, path string) []ingest.Event {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no %s: %v", path, err)
	}
	var evs []ingest.Event
	seen := map[int64]bool{}
	var r ingest.Importer
	_, err := r.ReadEventsFile(context.Background(), path, func(e *ingest.Event) error {
		if k := ingest.DedupKey(e); !seen[k] {
			seen[k] = true
			evs = append(evs, own(e))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestClickHouseAnswersREES46AsTheLocalEngineDoes(t *testing.T) {
	p := newPair(t, readEvents(t, rees46))
	shop := steps("view", "cart", "purchase")
	day := spec.Funnel{Steps: shop, Window: 24 * 3600e6}
	samsung := []spec.Cond{{Key: "brand", Op: spec.Eq, Value: "samsung"}}
	agree(t, p, []query{
		funnelQ("view, cart, purchase within a day", day),
		funnelQ("view, cart, purchase per session", spec.Funnel{Steps: shop, Window: day.Window, Count: spec.Sessions}),
		funnelQ("view, cart, purchase of samsung", spec.Funnel{Steps: shop, Window: day.Window, Where: samsung}),
		breakdownQ("view, cart, purchase by brand", spec.Funnel{Steps: shop, Window: day.Window, By: "brand", Top: 5}),
		{"paths after a view", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{Anchor: spec.Step{Name: "view"}, Goal: spec.Step{Name: "purchase"}})
		}},
		{"drivers of a purchase", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Drivers(ctx, spec.Drivers{Goal: spec.Step{Name: "purchase"}})
		}},
		{"first-touch attribution by brand", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Attribution(ctx, spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "brand"})
		}},
		{"daily trends", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Trends(ctx, spec.Trends{Funnel: day})
		}},
		trendsQ("daily trends per step", spec.Trends{Funnel: day, Lines: spec.StepLines}),
		{"linear attribution by brand of a purchase of samsung", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Attribution(ctx, spec.Attribution{Goal: spec.Step{Name: "purchase", Conds: samsung}, Touch: "brand", Model: spec.Linear})
		}},
		{"micro-conversions of a purchase", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Micro(ctx, spec.Micro{Goal: spec.Step{Name: "purchase"}})
		}},
		{"the values of brand", func(ctx context.Context, e engine.Engine) (any, error) { return e.Values(ctx, "brand") }},
		{"the events", func(ctx context.Context, e engine.Engine) (any, error) { return e.Events(), nil }},
	})
	chengine.SetPartEvents(p.ch, p.ch.Summary().Events/4)
	agree(t, p, []query{
		pathsQ("paths after a view, in four passes", spec.Paths{Anchor: spec.Step{Name: "view"}, Goal: spec.Step{Name: "purchase"}}),
		pathsQ("paths before a purchase, in four passes", spec.Paths{Anchor: spec.Step{Name: "purchase"}, Direction: spec.Backward}),
	})
}
