package chengine_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	chengine "github.com/funnelscope/funnelscope/internal/engine/clickhouse"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/sample"
)

// TestMeasureTheSampleAtScale times the checkout funnel, a breakdown by
// device and paths on a large sample, ClickHouse against the snapshot,
// and checks that they agree. It runs only when FUNNELSCOPE_CH_MEASURE
// names the number of users (746000 makes about 10 M events), on the
// server the other tests use (chtest); the sample is loaded into the
// database fs_measure_<users> once and kept for later runs.
func TestMeasureTheSampleAtScale(t *testing.T) {
	users, _ := strconv.Atoi(os.Getenv("FUNNELSCOPE_CH_MEASURE"))
	if users <= 0 {
		t.Skip("set FUNNELSCOPE_CH_MEASURE=<users> to measure")
	}
	ctx := context.Background()
	c := chtest.Kept(t, fmt.Sprintf("fs_measure_%d", users))
	cfg := sample.Config{Users: users, Seed: 1}
	loadOnce(t, c, cfg)
	start := time.Now()
	ch, err := chengine.Open(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("clickhouse: catalog in %v: %+v", time.Since(start), ch.Summary())
	start = time.Now()
	l, err := datasettest.Sample(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("local: snapshot built in %v", time.Since(start))
	p := pair{engine.NewLocal(l), ch}
	checkout := spec.Funnel{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase"), Window: spec.DefaultWindow}
	byDevice := checkout
	byDevice.By = "device"
	qs := []query{
		funnelQ("the checkout funnel", checkout),
		breakdownQ("the checkout by device", byDevice),
		{"paths after viewing an item", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{Anchor: spec.Step{Name: "view_item"}})
		}},
	}
	for _, q := range qs {
		for _, side := range []struct {
			name string
			e    engine.Engine
		}{{"local", p.local}, {"clickhouse", p.ch}} {
			start := time.Now()
			r, err := q.ask(ctx, side.e)
			if err != nil {
				t.Fatalf("%s on %s: %v", q.name, side.name, err)
			}
			read := ""
			if f, ok := r.(*analysis.FunnelResult); ok {
				read = fmt.Sprintf("(%d events read)", f.EventsRead)
			}
			t.Logf("%-30s %-10s %v %s", q.name, side.name, time.Since(start).Round(time.Millisecond), read)
		}
	}
	agree(t, p, qs)
}

// loadOnce stores the sample of cfg unless c's events table has it.
func loadOnce(t *testing.T, c *clickhouse.Client, cfg sample.Config) {
	ctx := context.Background()
	if err := clickhouse.Init(ctx, c, clickhouse.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	if n, err := c.QueryValue(ctx, "SELECT count() FROM events"); err != nil || n != "0" {
		t.Logf("events stored already: %s (%v)", n, err)
		return
	}
	start := time.Now()
	var batch []ingest.Event
	seq := 0
	flush := func() error {
		b := rowBinaryFrom(batch, seq)
		seq += len(batch)
		batch = batch[:0]
		return c.Insert(ctx, clickhouse.Table, "RowBinary", bytes.NewReader(b))
	}
	err := sample.Generate(cfg, func(e *ingest.Event) error {
		if batch = append(batch, own(e)); len(batch) == 500_000 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d events in %v", seq, time.Since(start))
}
