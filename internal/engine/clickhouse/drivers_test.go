package chengine_test

import (
	"context"
	"testing"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestDriversInSQLAgreeWithTheLocalEngine(t *testing.T) {
	evs := tiedSample(t)
	p := newPair(t, evs)
	first := p.local.Summary().First
	day := int64(24 * 3600e6)
	purchase := spec.Step{Name: "purchase"}
	mobile := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	agree(t, p, []query{
		driversQ("a purchase", spec.Drivers{Goal: purchase}),
		driversQ("a purchase with a low support bar", spec.Drivers{Goal: purchase, MinUsers: 500}),
		driversQ("a purchase on mobile in a date range", spec.Drivers{Goal: purchase, Where: mobile, From: first + 5*day, To: first + 40*day}),
		driversQ("a mobile purchase", spec.Drivers{Goal: spec.Step{Name: "purchase", Conds: mobile}}),
		driversQ("a purchase off desktop", spec.Drivers{Goal: spec.Step{Name: "purchase",
			Conds: []spec.Cond{{Key: "device", Op: spec.Ne, Value: "desktop"}}}}),
		driversQ("a view of shoes", spec.Drivers{Goal: spec.Step{Name: "view_item",
			Conds: []spec.Cond{{Key: "category", Op: spec.Contains, Value: "sho"}}}}),
		driversQ("an unknown goal", spec.Drivers{Goal: spec.Step{Name: "purchse"}}),
		driversQ("a filter on an unknown property", spec.Drivers{Goal: purchase, Where: []spec.Cond{{Key: "devise", Op: spec.Eq, Value: "x"}}}),
		driversQ("a goal on an unknown property", spec.Drivers{Goal: spec.Step{Name: "purchase", Conds: []spec.Cond{{Key: "devise", Op: spec.Ne, Value: "x"}}}}),
	})
}

func TestDriversCountOnlyWhatComesBeforeTheFirstGoal(t *testing.T) {
	at := func(user, name string, second int64, props ...ingest.Prop) ingest.Event {
		return ingest.Event{User: user, Name: name, Time: 1_750_000_000_000_000 + second*1e6, Props: props}
	}
	big := ingest.Prop{Key: "size", Value: "big"}
	evs := []ingest.Event{
		// A search after the goal does not count; a small buy is no goal.
		at("late", "buy", 0), at("late", "buy", 5, big), at("late", "search", 9),
		// A search in the goal's microsecond, imported first, counts; a
		// view imported after it does not.
		at("tie", "search", 3), at("tie", "buy", 3, big), at("tie", "view", 3),
		// Only small buys: a user without the goal and without candidates.
		at("small", "buy", 1), at("small", "buy", 2),
		at("none", "view", 4), at("none", "search", 8),
	}
	p := newPair(t, evs)
	d := spec.Drivers{Goal: spec.Step{Name: "buy", Conds: []spec.Cond{{Key: "size", Op: spec.Eq, Value: "big"}}}, MinUsers: 1}
	agree(t, p, []query{driversQ("big buys", d)})
	r, err := p.ch.Drivers(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, dr := range r.Drivers {
		got[dr.Event] = [2]int{dr.With, dr.WithConverted}
	}
	want := map[string][2]int{"search": {2, 1}, "view": {1, 0}}
	if r.Users != 4 || r.Converters != 2 || len(got) != 2 || got["search"] != want["search"] || got["view"] != want["view"] {
		t.Errorf("%d users, %d converters, drivers %v; want 4, 2, %v", r.Users, r.Converters, got, want)
	}
}
