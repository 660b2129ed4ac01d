package chengine_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
	"github.com/funnelscope/funnelscope/internal/engine"
	chengine "github.com/funnelscope/funnelscope/internal/engine/clickhouse"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestClickHouseAnswersThroughADistributedTableAsTheLocalEngineDoes(t *testing.T) {
	// Every event with a session id takes the queries that read the
	// table straight (GLOBAL IN); without, those that label sessions.
	for _, cut := range []int{0, 7} {
		t.Run(fmt.Sprintf("one event in %d without a session id", cut), func(t *testing.T) { checkDistributed(t, cut) })
	}
}

func checkDistributed(t *testing.T, cut int) {
	ctx := context.Background()
	c, err := chtest.Distributed(t)
	if err != nil {
		if strings.Contains(err.Error(), chtest.TwoShards) && os.Getenv(chtest.EnvRequire) != "1" {
			t.Skipf("SKIPPED: the server has no cluster %s (start it with .ci/clickhouse.sh): %v", chtest.TwoShards, err)
		}
		t.Fatal(err)
	}
	evs := sampleEvents(t, 800)
	for i := range evs {
		if cut > 0 && i%cut == 0 {
			evs[i].Session = "" // some sessions cut by inactivity: the labelled queries
		}
	}
	insert(t, c, evs)
	ch, err := chengine.Open(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	checkout := spec.Funnel{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase"), Window: spec.DefaultWindow}
	onMobile := checkout
	onMobile.Where = []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	byDevice := checkout
	byDevice.By = "device"
	agree(t, pair{localOf(t, evs), ch}, []query{
		funnelQ("the checkout", checkout),
		funnelQ("the checkout on mobile", onMobile),
		breakdownQ("the checkout by device", byDevice),
		{"paths after viewing an item", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{Anchor: spec.Step{Name: "view_item"}, Where: onMobile.Where})
		}},
		{"the values of device", func(ctx context.Context, e engine.Engine) (any, error) { return e.Values(ctx, "device") }},
		trendsQ("daily trends of the checkout", spec.Trends{Funnel: checkout}),
		driversQ("drivers of a purchase on mobile", spec.Drivers{Goal: spec.Step{Name: "purchase"}, Where: onMobile.Where}),
		{"micro-conversions of a purchase", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Micro(ctx, spec.Micro{Goal: spec.Step{Name: "purchase"}})
		}},
		{"linear attribution by source", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Attribution(ctx, spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_source", Model: spec.Linear})
		}},
	})
	chengine.SetPartEvents(ch, len(evs)/3)
	agree(t, pair{localOf(t, evs), ch}, []query{
		pathsQ("paths after viewing an item, in passes", spec.Paths{Anchor: spec.Step{Name: "view_item"}}),
	})
}
