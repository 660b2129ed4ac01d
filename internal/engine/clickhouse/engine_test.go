package chengine_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	chengine "github.com/funnelscope/funnelscope/internal/engine/clickhouse"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/sample"
)

// pair is the same events behind both engines.
type pair struct {
	local *engine.Local
	ch    *chengine.Engine
}

func newPair(t *testing.T, evs []ingest.Event) pair {
	t.Helper()
	ch, err := chengine.Open(context.Background(), server(t, evs))
	if err != nil {
		t.Fatal(err)
	}
	return pair{localOf(t, evs), ch}
}

// localOf is the local engine over evs, imported in that order.
func localOf(t *testing.T, evs []ingest.Event) *engine.Local {
	t.Helper()
	l, err := datasettest.FromEvents(func(add func(*ingest.Event) error) error {
		for i := range evs {
			if err := add(&evs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return engine.NewLocal(l)
}

// sampleEvents is the workshop sample as a slice (Generate reuses its event).
func sampleEvents(t testing.TB, users int) []ingest.Event {
	t.Helper()
	var evs []ingest.Event
	err := sample.Generate(sample.Config{Users: users, Seed: 1}, func(e *ingest.Event) error {
		evs = append(evs, own(e))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// tiedSample is the sample of 1500 users in whole minutes: many events
// tie, steps with steps and touches with goals.
func tiedSample(t testing.TB) []ingest.Event {
	evs := sampleEvents(t, 1500)
	for i := range evs {
		evs[i].Time -= evs[i].Time % 60e6
	}
	return evs
}

// own copies e, which its producer may reuse.
func own(e *ingest.Event) ingest.Event {
	c := *e
	c.Props = slices.Clone(e.Props)
	return c
}

// query is one analysis asked of an engine, its answer as one value.
type query struct {
	name string
	ask  func(context.Context, engine.Engine) (any, error)
}

func funnelQ(name string, f spec.Funnel) query {
	return query{name, func(ctx context.Context, e engine.Engine) (any, error) { return e.Funnel(ctx, f) }}
}

func breakdownQ(name string, f spec.Funnel) query {
	return query{name, func(ctx context.Context, e engine.Engine) (any, error) {
		r, segs, err := e.Breakdown(ctx, f)
		return []any{r, segs}, err
	}}
}

func trendsQ(name string, t spec.Trends) query {
	return query{name, func(ctx context.Context, e engine.Engine) (any, error) { return e.Trends(ctx, t) }}
}

func driversQ(name string, d spec.Drivers) query {
	return query{name, func(ctx context.Context, e engine.Engine) (any, error) { return e.Drivers(ctx, d) }}
}

// agree asks both engines every query and fails where the answers differ.
func agree(t *testing.T, p pair, qs []query) {
	t.Helper()
	ctx := context.Background()
	for _, q := range qs {
		t.Run(q.name, func(t *testing.T) {
			want, werr := q.ask(ctx, p.local)
			got, gerr := q.ask(ctx, p.ch)
			if fmt.Sprint(werr) != fmt.Sprint(gerr) {
				t.Fatalf("error %v, local says %v", gerr, werr)
			}
			unread(got)
			unread(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ClickHouse answers\n%+v\nlocal answers\n%+v", show(got), show(want))
			}
		})
	}
}

// unread zeroes every EventsRead in v: it counts what the snapshot
// scanned, and the ClickHouse engine's snapshot holds only what the spec
// needs (docs/semantics.md, "On ClickHouse").
func unread(v any) { zeroField(reflect.ValueOf(v), "EventsRead") }

func zeroField(v reflect.Value, name string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			zeroField(v.Elem(), name)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			zeroField(v.Index(i), name)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); v.Type().Field(i).Name == name && f.CanSet() {
				f.SetZero()
			} else if v.Type().Field(i).IsExported() {
				zeroField(f, name)
			}
		}
	}
}

// show dereferences pointers one level so that a failure prints values.
func show(v any) any {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return rv.Elem().Interface()
	}
	return v
}

func steps(names ...string) []spec.Step {
	var out []spec.Step
	for _, n := range names {
		out = append(out, spec.Step{Name: n})
	}
	return out
}

func TestClickHouseAnswersTheSampleAsTheLocalEngineDoes(t *testing.T) {
	p := newPair(t, sampleEvents(t, 2000))
	checkout := steps("view_item", "add_to_cart", "begin_checkout", "purchase")
	week := spec.DefaultWindow
	mobile := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	first, _ := p.local.Summary().First, 0
	day := int64(24 * 3600 * 1e6)
	qs := []query{
		funnelQ("the checkout funnel", spec.Funnel{Steps: checkout, Window: week}),
		funnelQ("the checkout funnel within an hour", spec.Funnel{Steps: checkout, Window: 3600e6}),
		funnelQ("a funnel in any order", spec.Funnel{Steps: checkout, Window: week, Order: spec.AnyOrder}),
		funnelQ("a funnel counting sessions", spec.Funnel{Steps: checkout, Window: week, Count: spec.Sessions}),
		funnelQ("a funnel counting sessions cut at 5 minutes", spec.Funnel{Steps: checkout, Window: week, Count: spec.Sessions, SessionGap: 300e6}),
		funnelQ("a funnel on mobile", spec.Funnel{Steps: checkout, Window: week, Where: mobile}),
		funnelQ("a funnel off mobile with a date range", spec.Funnel{Steps: checkout, Window: week,
			Where: []spec.Cond{{Key: "device", Op: spec.Ne, Value: "mobile"}}, From: first + 7*day, To: first + 30*day}),
		funnelQ("a funnel with an exclusion", spec.Funnel{Steps: checkout, Window: week,
			Exclude: []spec.Exclusion{{Event: spec.Step{Name: "search"}, To: 2}}}),
		funnelQ("a funnel with step conditions", spec.Funnel{Window: week, Steps: []spec.Step{
			{Name: "view_item", Conds: []spec.Cond{{Key: "category", Op: spec.Contains, Value: "sho"}}}, {Name: "purchase"}}}),
		funnelQ("a funnel with an unknown step", spec.Funnel{Steps: steps("view_item", "purchse"), Window: week}),
		breakdownQ("a breakdown by device", spec.Funnel{Steps: checkout, Window: week, By: "device"}),
		breakdownQ("a breakdown by country with (other)", spec.Funnel{Steps: checkout, Window: week, By: "country", Top: 2}),
		{"paths after viewing an item", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{Anchor: spec.Step{Name: "view_item"}, Goal: spec.Step{Name: "purchase"}})
		}},
		{"paths before a purchase on mobile", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{Anchor: spec.Step{Name: "purchase"}, Direction: spec.Backward, Where: mobile})
		}},
		{"paths of those who dropped after step 2", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{AfterStep: 2, Funnel: spec.Funnel{Steps: checkout, Window: week}, From: first + 3*day})
		}},
		{"drivers of a purchase", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Drivers(ctx, spec.Drivers{Goal: spec.Step{Name: "purchase"}})
		}},
		{"drivers of a purchase on mobile", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Drivers(ctx, spec.Drivers{Goal: spec.Step{Name: "purchase"}, Where: mobile})
		}},
		{"linear attribution by source", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Attribution(ctx, spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_source", Model: spec.Linear})
		}},
		{"time-decay attribution in a date range", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Attribution(ctx, spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_source",
				Model: spec.TimeDecay, From: first + 10*day})
		}},
		{"daily trends of the checkout", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Trends(ctx, spec.Trends{Funnel: spec.Funnel{Steps: checkout, Window: week}})
		}},
		{"weekly trends on mobile", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Trends(ctx, spec.Trends{Funnel: spec.Funnel{Steps: checkout, Window: week, Where: mobile}, Interval: spec.Week})
		}},
		{"micro-conversions of a purchase", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Micro(ctx, spec.Micro{Goal: spec.Step{Name: "purchase"}})
		}},
		{"micro-conversions on mobile", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Micro(ctx, spec.Micro{Goal: spec.Step{Name: "purchase"}, Where: mobile})
		}},
		{"the suggested funnel", func(ctx context.Context, e engine.Engine) (any, error) { return e.Suggest(ctx) }},
		{"the values of device", func(ctx context.Context, e engine.Engine) (any, error) { return e.Values(ctx, "device") }},
		{"the summary", func(ctx context.Context, e engine.Engine) (any, error) { return e.Summary(), nil }},
		{"the keys", func(ctx context.Context, e engine.Engine) (any, error) { return e.Keys(), nil }},
	}
	agree(t, p, qs)
}

// hostile is a name or value that breaks SQL pasted in unquoted.
const hostile = "it's \\ a'); DROP TABLE events; --\x00\n\t'"

func TestHostileNamesAndValuesAreTakenLiterally(t *testing.T) {
	var evs []ingest.Event
	for i, u := range []string{"u1", "u2", "u'3"} {
		base := int64(1_700_000_000_000_000 + i*1000)
		evs = append(evs,
			ingest.Event{User: u, Name: hostile, Time: base, Props: []ingest.Prop{{Key: hostile, Value: hostile}}},
			ingest.Event{User: u, Name: "buy\\", Time: base + 5, Session: hostile, Props: []ingest.Prop{{Key: "k", Value: u}}})
	}
	p := newPair(t, evs)
	where := []spec.Cond{{Key: hostile, Op: spec.Ne, Value: "x"}}
	f := spec.Funnel{Steps: []spec.Step{{Name: hostile, Conds: []spec.Cond{{Key: hostile, Op: spec.Eq, Value: hostile}}}, {Name: "buy\\"}},
		Window: spec.DefaultWindow, Where: where}
	agree(t, p, []query{
		funnelQ("a funnel of hostile names", f),
		breakdownQ("a breakdown by a hostile key", spec.Funnel{Steps: f.Steps, Window: f.Window, By: hostile}),
		{"the values of a hostile key", func(ctx context.Context, e engine.Engine) (any, error) { return e.Values(ctx, hostile) }},
		{"the events", func(ctx context.Context, e engine.Engine) (any, error) { return e.Events(), nil }},
	})
	if r, err := p.ch.Funnel(context.Background(), f); err != nil || r.Steps[1].Count != 3 {
		t.Errorf("the hostile funnel: %v, %v; want 3 users to convert", r, err)
	}
}

func TestClickHouseCutsSessionsWithoutIDsAsTheLocalEngineDoes(t *testing.T) {
	evs := sampleEvents(t, 1500)
	for i := range evs {
		// Half the users' events and every tenth event lose their
		// session id: inactivity cuts those, across kept and dropped events.
		if evs[i].User[len(evs[i].User)-1]%2 == 0 || i%10 == 0 {
			evs[i].Session = ""
		}
	}
	p := newPair(t, evs)
	checkout := steps("view_item", "add_to_cart", "begin_checkout", "purchase")
	mobile := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	notSearch := []spec.Cond{{Key: "query", Op: spec.Ne, Value: "shoes"}}
	gap := int64(5 * 60e6)
	agree(t, p, []query{
		funnelQ("the checkout split by first session", spec.Funnel{Steps: checkout, Window: spec.DefaultWindow}),
		funnelQ("the checkout on mobile split by first session", spec.Funnel{Steps: checkout, Window: spec.DefaultWindow, Where: mobile}),
		funnelQ("the checkout on mobile, sessions cut at 5 minutes", spec.Funnel{Steps: checkout, Window: spec.DefaultWindow,
			Where: mobile, Count: spec.Sessions, SessionGap: gap}),
		funnelQ("the checkout counting sessions after a filter", spec.Funnel{Steps: checkout, Window: spec.DefaultWindow,
			Where: notSearch, Count: spec.Sessions}),
		breakdownQ("the checkout by country on mobile", spec.Funnel{Steps: checkout, Window: spec.DefaultWindow, Where: mobile, By: "country"}),
		{"paths on mobile, sessions cut at 5 minutes", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{Anchor: spec.Step{Name: "view_item"}, Where: mobile, SessionGap: gap})
		}},
		{"micro-conversions on mobile", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Micro(ctx, spec.Micro{Goal: spec.Step{Name: "purchase"}, Where: mobile, SessionGap: gap})
		}},
	})
}

func TestACancelledContextStopsAnAnalysis(t *testing.T) {
	p := newPair(t, sampleEvents(t, 200))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.ch.Funnel(ctx, spec.Funnel{Steps: steps("view_item", "purchase"), Window: spec.DefaultWindow})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled funnel returned %v, want context.Canceled", err)
	}
}

func TestConcurrentAnalysesGetTheirOwnAnswers(t *testing.T) {
	p := newPair(t, sampleEvents(t, 500))
	ctx := context.Background()
	fs := []spec.Funnel{
		{Steps: steps("view_item", "purchase"), Window: spec.DefaultWindow},
		{Steps: steps("view_item", "add_to_cart"), Window: spec.DefaultWindow, Count: spec.Sessions},
		{Steps: steps("search", "view_item"), Window: 3600e6, Where: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}},
	}
	want := make([]int, len(fs))
	for i, f := range fs {
		r, err := p.local.Funnel(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = r.Steps[1].Count
	}
	var wg sync.WaitGroup
	for round := range 4 {
		for i, f := range fs {
			wg.Go(func() {
				r, err := p.ch.Funnel(ctx, f)
				if err != nil || r.Steps[1].Count != want[i] {
					t.Errorf("round %d, funnel %d: %v converted (%v), local says %d", round, i, r, err, want[i])
				}
			})
		}
	}
	wg.Wait()
}

func TestAnEmptyTableAnswersAsAnEmptyLocalFile(t *testing.T) {
	p := newPair(t, nil)
	agree(t, p, []query{
		funnelQ("a funnel", spec.Funnel{Steps: steps("a", "b"), Window: spec.DefaultWindow}),
		{"paths", func(ctx context.Context, e engine.Engine) (any, error) {
			return e.Paths(ctx, spec.Paths{Anchor: spec.Step{Name: "a"}})
		}},
		{"the suggested funnel", func(ctx context.Context, e engine.Engine) (any, error) { return e.Suggest(ctx) }},
		{"the summary", func(ctx context.Context, e engine.Engine) (any, error) { return e.Summary(), nil }},
		{"the values of a key", func(ctx context.Context, e engine.Engine) (any, error) { return e.Values(ctx, "k") }},
	})
}
